/// A backup destination (pool tier or remote array) as the planner sees it at one decision: its
/// speed and the largest area it can give.
public struct TierOffer: Sendable, Codable, Equatable {
    public var destination: BackupDestination
    public var name: String
    public var readMBps: Double
    public var writeMBps: Double
    /// The largest area one of its RAID groups can still carve.
    public var largestFree: Int64

    /// The order a full looks for room in: the fastest reads first (a full restores by being read
    /// back), and among equally fast destinations the lowest, so that every run — and the planner
    /// and pool management alike — choose the same one.
    public static func fastestFirst(_ offers: [TierOffer]) -> [TierOffer] {
        offers.sorted { $0.readMBps != $1.readMBps ? $0.readMBps > $1.readMBps : $0.destination < $1.destination }
    }

    public init(destination: BackupDestination, name: String, readMBps: Double, writeMBps: Double, largestFree: Int64) {
        self.destination = destination
        self.name = name
        self.readMBps = readMBps
        self.writeMBps = writeMBps
        self.largestFree = largestFree
    }
}

/// One piece of an incremental chain that a restore would apply on top of the full.
public struct ChainPiece: Sendable, Codable, Equatable {
    public var bytes: Int64
    /// Read MB/s of the area holding the piece.
    public var readMBps: Double
    public init(bytes: Int64, readMBps: Double) {
        self.bytes = bytes
        self.readMBps = readMBps
    }
}

/// A backup destination (pool tier or remote array) as the planner sees it at one decision: its
/// speed and the largest area it can give.
public struct TierOffer: Sendable, Codable, Equatable {
    public var destination: BackupDestination
    public var name: String
    public var readMBps: Double
    public var writeMBps: Double
    /// The largest area one of its RAID groups can still carve.
    public var largestFree: Int64

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

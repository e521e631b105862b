/// How a kept generation would be restored: its full base, the pieces applied on top in order, and
/// the estimate (the same formula the planner uses).
public struct RestorePlan: Sendable, Codable, Equatable {
    public struct Piece: Sendable, Equatable, Codable {
        public var generation: Int
        public var method: BackupMethod
        public var bytes: Int64
        public var readMBps: Double
        public var seconds: Double
    }
    public var volume: String
    public var generation: Int
    public var target: String
    /// The full the restore starts from.
    public var base: Int
    public var pieces: [Piece]
    /// Seconds to copy the full onto another volume (0 when restoring in place by switching).
    public var baseCopySeconds: Double
    public var switchSeconds: Double
    public var estimateSeconds: Double
    /// A verification of the backup only: the rebuilt image is checked, no volume is overwritten.
    public var verifyOnly: Bool
}

/// How a kept generation would be restored: its full base, the pieces applied on top in order, and
/// the estimate (`RestoreEstimate`, the one the planner and compliance use).
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
    /// The group's switch time, part of every estimate: the restore ends by switching the host to
    /// the volume holding the rebuilt full.
    public var switchSeconds: Double
    /// baseCopySeconds + the pieces' seconds + switchSeconds, summed in that order, not rounded
    /// (a running restore takes it rounded up once: `RestoreEstimate.wholeSeconds`).
    public var estimateSeconds: Double
    /// A verification of the backup only: the rebuilt image is checked, no volume is overwritten.
    public var verifyOnly: Bool
}

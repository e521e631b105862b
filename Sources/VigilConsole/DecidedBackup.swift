import VigilArray

/// A backup decision as the console keeps it: the planner's verdict with what it was decided
/// against (volume, trigger, RTO, when). Log lines of `backupDecided` events carry one, so any past
/// decision can be opened, not only the next.
public struct DecidedBackup: Sendable, Equatable {
    public var volume: String
    public var group: String
    /// Nil when only the volume's last decision is known (the log no longer holds its line).
    public var trigger: TriggerKind?
    public var rto: Int64?
    public var time: SimTime?
    public var decision: BackupDecision

    public init(volume: String, group: String, trigger: TriggerKind?, rto: Int64?, time: SimTime?, decision: BackupDecision) {
        self.volume = volume
        self.group = group
        self.trigger = trigger
        self.rto = rto
        self.time = time
        self.decision = decision
    }
}

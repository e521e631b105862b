/// A span of simulated time.
struct TimeWindow: Codable, Equatable {
    var start: SimTime
    var end: SimTime
}

/// The last completed backup of a volume.
public struct LastBackup: Codable, Equatable, Sendable {
    public var time: SimTime
    public var method: BackupMethod
}

/// The backup control program's per-volume state between events: the next generation number,
/// triggers waiting, and the figures reported. The generations' records are management
/// information's (`ManagementInformation.records`). The copies in flight, the standing mirror, the merge and the
/// restore writing the volume belong to the copy program (`CopyProgram`); a shortage episode to
/// pool management. Both are stored with the rest (`StoredVolumeRuntime`).
struct VolumeRuntime {
    var nextNumber = 1
    /// A trigger that fired while a copy was in flight; it runs when the copy ends.
    var pendingTrigger: TriggerKind?
    /// The backup waits for pool space; it retries when the pool changes.
    var waitingForPool: TriggerKind?
    var waitingSincePoolVersion = -1
    /// Set when the chain no longer describes the volume (restored in place).
    var forcedFull: String?
    /// The latest point in time covered by a complete generation when it completed or a trigger
    /// found nothing changed: the base of the next RPO lag reported at completion.
    var lastCompleteTrigger: SimTime?
    /// What the newest complete generation covers (nil in states stored before it was kept: the
    /// generation's own point in time then).
    var recoveryPoint: RecoveryPoint?
    /// Triggers that found nothing changed and took no generation (nil in older states: none).
    var unchangedTriggers: Int?
    var maxRPOLag: Int64 = 0
    var backupsByMethod: [Int] = [0, 0, 0]
    var lastBackup: LastBackup?
    var lastDecision: BackupDecision?
}

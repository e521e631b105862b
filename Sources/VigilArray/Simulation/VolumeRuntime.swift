/// The standing mirror a volume keeps for instant fulls (Fig. 5 step 507).
public enum MirrorState: Sendable, Codable, Equatable {
    case none
    case syncing(area: Int, until: SimTime)
    case inSync(area: Int)
}

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

/// The backup control program's per-volume state between events.
struct VolumeRuntime: Codable {
    var gens: [BackupGeneration] = []
    var nextNumber = 1
    /// Generation number whose copy is in flight.
    var copying: Int?
    /// When the copy in flight started and will end (for progress).
    var copyWindow: TimeWindow?
    /// When the copy in flight was planned to end when it began (a paused transfer does not move
    /// it): an on-time backup keeps the RPO until then.
    var plannedEnd: SimTime?
    /// A trigger that fired while a copy was in flight; it runs when the copy ends.
    var pendingTrigger: TriggerKind?
    /// The backup waits for pool space; it retries when the pool changes.
    var waitingForPool: TriggerKind?
    var waitingSincePoolVersion = -1
    var mirror: MirrorState = .none
    /// The group wants a mirror but none could be allocated yet.
    var mirrorWanted = false
    /// Needs whose pool shortage has been reported and is not over (one `pool.shortage` per
    /// episode). Optional so that states stored before it existed still decode. Only the stored
    /// form: pool management holds the episodes while the array runs (nil here then).
    var shortages: [PoolNeed]?
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
    /// Set while a restore writes onto this volume.
    var restoring = false
    /// The retention merge in flight, if any (optional so that older states load).
    var merging: MergeInFlight?

    func generation(_ number: Int) -> BackupGeneration? { gens.first { $0.number == number } }
    func index(of number: Int) -> Int? { gens.firstIndex { $0.number == number } }
    var complete: [BackupGeneration] { gens.filter { $0.state == .complete } }
}

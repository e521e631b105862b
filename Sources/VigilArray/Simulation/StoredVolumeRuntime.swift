/// A volume's runtime as stored (`SimulatorState.runtime`): management information's records of the
/// volume's generations (`gens`), the backup control program's `VolumeRuntime`, the copy program's `CopyProgram.VolumeCopies` and pool management's shortage
/// episodes, in one record under the keys and in the order `VolumeRuntime` had when it held them
/// all, so that stores written before those programs were split out load, and new ones read the same.
struct StoredVolumeRuntime: Codable, Equatable {
    var gens: [BackupGeneration] = []
    var nextNumber = 1
    var copying: Int?
    var copyWindow: TimeWindow?
    var plannedEnd: SimTime?
    var pendingTrigger: TriggerKind?
    var waitingForPool: TriggerKind?
    var waitingSincePoolVersion = -1
    var mirror: MirrorState = .none
    var mirrorWanted = false
    /// Needs whose pool shortage has been reported and is not over (optional so that states stored
    /// before it existed still decode).
    var shortages: [PoolNeed]?
    var forcedFull: String?
    var lastCompleteTrigger: SimTime?
    var recoveryPoint: RecoveryPoint?
    var unchangedTriggers: Int?
    var maxRPOLag: Int64 = 0
    var backupsByMethod: [Int] = [0, 0, 0]
    var lastBackup: LastBackup?
    var lastDecision: BackupDecision?
    var restoring = false
    /// Optional so that older states load.
    var merging: MergeInFlight?

    init(_ rt: VolumeRuntime, gens: [BackupGeneration] = [], copies c: CopyProgram.VolumeCopies, shortages: [PoolNeed]?) {
        self.gens = gens; nextNumber = rt.nextNumber
        copying = c.copying; copyWindow = c.copyWindow; plannedEnd = c.plannedEnd
        pendingTrigger = rt.pendingTrigger; waitingForPool = rt.waitingForPool; waitingSincePoolVersion = rt.waitingSincePoolVersion
        mirror = c.mirror; mirrorWanted = c.mirrorWanted
        self.shortages = shortages
        forcedFull = rt.forcedFull; lastCompleteTrigger = rt.lastCompleteTrigger; recoveryPoint = rt.recoveryPoint
        unchangedTriggers = rt.unchangedTriggers; maxRPOLag = rt.maxRPOLag; backupsByMethod = rt.backupsByMethod
        lastBackup = rt.lastBackup; lastDecision = rt.lastDecision
        restoring = c.restoring; merging = c.merging
    }

    /// The backup control program's part.
    var runtime: VolumeRuntime {
        VolumeRuntime(nextNumber: nextNumber, pendingTrigger: pendingTrigger, waitingForPool: waitingForPool,
                      waitingSincePoolVersion: waitingSincePoolVersion, forcedFull: forcedFull,
                      lastCompleteTrigger: lastCompleteTrigger, recoveryPoint: recoveryPoint, unchangedTriggers: unchangedTriggers,
                      maxRPOLag: maxRPOLag, backupsByMethod: backupsByMethod, lastBackup: lastBackup, lastDecision: lastDecision)
    }

    /// The copy program's part.
    var copies: CopyProgram.VolumeCopies {
        CopyProgram.VolumeCopies(copying: copying, copyWindow: copyWindow, plannedEnd: plannedEnd, mirror: mirror,
                                 mirrorWanted: mirrorWanted, restoring: restoring, merging: merging)
    }

    func generation(_ number: Int) -> BackupGeneration? { gens.first { $0.number == number } }
}

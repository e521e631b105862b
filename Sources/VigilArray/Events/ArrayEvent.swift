/// Everything the array reports, in the order it happened on the simulated clock.
///
/// Each kind is typed; `name` and `fields` give its stable wire form (the `jsonl` stream and the text
/// log are both made from them).
public struct ArrayEvent: Sendable {
    public let time: SimTime
    public let kind: Kind

    public enum Kind: Sendable {
        case simulationStarted(scenario: String, seed: UInt64, volumes: Int, groups: Int)
        case triggerFired(volume: String, group: String, trigger: TriggerKind)
        case backupDecided(volume: String, group: String, trigger: TriggerKind, rto: Int64?, decision: BackupDecision)
        case backupWaiting(volume: String, group: String, reason: String)
        case backupStarted(volume: String, generation: Int, method: BackupMethod, copyFunction: CopyFunction,
                           area: Int?, tier: String?, bytes: Int64, copySeconds: Int64)
        case backupCompleted(volume: String, group: String, generation: Int, method: BackupMethod, bytes: Int64,
                             seconds: Int64, digest: UInt64, rpoLagSeconds: Int64)
        case generationInvalidated(volume: String, generation: Int, reason: String)
        case generationMerged(volume: String, base: Int, into: Int, reason: String)
        case generationKept(volume: String, generation: Int, reason: String)
        /// Consolidation began: the next generation's bytes are read from its area and written into
        /// the base's, taking time and bandwidth; `generationMerged` follows when it is done.
        case generationMergeStarted(volume: String, base: Int, into: Int, bytes: Int64, copySeconds: Int64)
        case mirrorSyncStarted(volume: String, area: Int, tier: String, seconds: Int64)
        case mirrorSynced(volume: String, area: Int)
        /// An area cannot be placed on any tier the volume may use. `tier` is the one of those where
        /// it came closest (its largest free area is `largestFreeBytes`); `poolFreeBytes` is the whole
        /// pool's free space, which may exceed the need when it is split over RAID groups. Reported
        /// once per episode (see `PoolNeed`).
        case poolShortage(pool: String, volume: String, need: PoolNeed, tier: String, neededBytes: Int64,
                          largestFreeBytes: Int64, poolFreeBytes: Int64)
        case poolExpansionRequested(PoolExpansionRequest, spares: [String], waiting: [String])
        case poolExpansionApproved(id: Int, pool: String, raidGroup: String, tier: String, addedBytes: Int64)
        /// The operator refused a request; no new one is raised before `quietUntil`.
        case poolExpansionDenied(id: Int, pool: String, waiting: [String], quietUntil: SimTime)
        case restorePlanned(RestorePlan)
        case restoreCompleted(volume: String, generation: Int, target: String, estimateSeconds: Double, actualSeconds: Int64)
        case restoreVerified(volume: String, generation: Int, target: String, ok: Bool, expected: UInt64, actual: UInt64)
        case performanceChanged(lun: Int, name: String, readMBps: Double, writeMBps: Double, reason: String)
        /// A copy limited by this LUN got less than 80 % of its modelled figure (shared with other
        /// copies, usually). Reported and shown beside the model; only a restore's measured figure
        /// is put in force for the planner (a backup's share does not predict a restore's).
        case performanceDrift(lun: Int, name: String, direction: String, modelMBps: Double, measuredMBps: Double, copy: String)
        case raidDegraded(raidGroup: String)
        case raidRepaired(raidGroup: String)
        case objectivesChanged(group: String, objectives: RecoveryObjectives)
        case commandRejected(command: String, reason: String)
        case catalogCopyStarted(CopyRecord, completesAt: SimTime)
        case catalogCopied(CopyRecord)
        case catalogDeleted(record: Int, what: String)
        case lineChanged(remote: String, line: Int, up: Bool, bandwidthMBps: Double, transfersPaused: [String], transfersResumed: [String])
        case remoteLUCreated(remote: String, lun: Int, bytes: Int64, layout: RAIDLayout, diskType: DiskType, readMBps: Double, writeMBps: Double)
        /// A volume's RPO or RTO is missed from `since` (which may precede the event's time when the
        /// bound passed between two instants the array handled).
        case objectiveBreached(ObjectiveBreach)
        /// A breach ended (`until`); the record carries its start, worst figure and cause.
        case objectiveRecovered(ObjectiveBreach)
    }

    public init(time: SimTime, kind: Kind) {
        self.time = time
        self.kind = kind
    }
}

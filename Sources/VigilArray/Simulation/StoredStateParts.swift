/// The stored state (`SimulatorState`) cut into the parts a store writes apart, so that a checkpoint
/// writes only the parts that changed since the last one (each part is `Equatable`; arrays that were
/// not touched compare by their storage, so an unchanged part costs next to nothing to recognise).
///
/// The cut follows how often things change: the clock and the queue move at every instant; each
/// volume's activity (its change tables and its workload's position) at every workload step; a
/// volume's records and runtime only at its own backups and decisions; the pool, the copies, the
/// performance table, compliance and the configuration more rarely still.
public struct StoredStateParts: Sendable, Equatable {
    /// What the scenario set up and the operator may change (objectives, scripted events).
    public struct Configuration: Codable, Sendable, Equatable {
        var scenarioName: String
        var seed: UInt64
        var startTime: SimTime
        var tick: Int64
        var raidGroups: [RAIDGroup]
        var groups: [VolumeGroup]
        var scripted: [Scenario.ScriptedEvent]
    }

    /// Time management's state and the counters that move with it.
    public struct Clock: Codable, Sendable, Equatable {
        public var now: SimTime
        var queue: [ScheduledWork]
        var sequence: UInt64
        var triggerEpoch: [Int]
        var hourTriggerEpoch: [Int]
        var nextTimeTrigger: [NextTimeTriggers]
        var eventCount: Int
        var nextRecordID: Int
    }

    /// Pool management's state.
    public struct Pool: Codable, Sendable, Equatable {
        var pool: BackupPool
        var requests: [PoolExpansionRequest]
        var pendingRequest: Int?
        var requestsSuppressedUntil: SimTime
        var poolVersion: Int
        var initialAreas: [Int: InitialCopy]
    }

    /// The copy program's array-wide state, the copy records, remote arrays and the copies in flight.
    public struct Copies: Codable, Sendable, Equatable {
        var restores: [Int: RestoreInFlight]
        var nextRestoreID: Int
        var copies: [CopyRecord]
        var remotes: [RemoteArray]
        var transfers: [Int: RemoteTransfer]
        var nextRemoteLUN: Int
        var copyFlows: CopyFlows
    }

    /// Performance management's table (rated and measured speeds).
    public struct Performance: Codable, Sendable, Equatable {
        var table: PerformanceTable
    }

    /// The compliance monitor's judgements and history.
    public struct Compliance: Codable, Sendable, Equatable {
        var monitor: ComplianceMonitor
    }

    /// One volume's slowly changing part: the volume, its runtime (without its generations' records,
    /// which a store keeps as rows of its catalog: `generations`), its file-group mapping.
    public struct VolumeRecords: Codable, Sendable, Equatable {
        public internal(set) var volume: Volume
        var runtime: StoredVolumeRuntime
        var fileGroupMapping: [ExtentMapping]
    }

    /// One volume's part that moves at every workload step: its change tables and its workload
    /// generator's position.
    public struct VolumeActivity: Codable, Sendable, Equatable {
        public internal(set) var tracker: ChangeTracker
        var generator: WorkloadGenerator?
    }

    public var configuration: Configuration
    public var clock: Clock
    public var pool: Pool
    public var copies: Copies
    public var performance: Performance
    public var compliance: Compliance
    public var volumes: [VolumeRecords]
    public var activity: [VolumeActivity]
    /// Each volume's kept generations' records, oldest first: the management information region,
    /// which a store keeps as rows, not in a part.
    public var generations: [[BackupGeneration]]

    public init(configuration: Configuration, clock: Clock, pool: Pool, copies: Copies, performance: Performance,
                compliance: Compliance, volumes: [VolumeRecords], activity: [VolumeActivity],
                generations: [[BackupGeneration]]) {
        self.configuration = configuration
        self.clock = clock
        self.pool = pool
        self.copies = copies
        self.performance = performance
        self.compliance = compliance
        self.volumes = volumes
        self.activity = activity
        self.generations = generations
    }
}

extension SimulatorState {
    /// The state cut into the parts a store keeps apart.
    public var parts: StoredStateParts {
        StoredStateParts(
            configuration: .init(scenarioName: scenarioName, seed: seed, startTime: startTime, tick: tick,
                                 raidGroups: raidGroups, groups: groups, scripted: scripted),
            clock: .init(now: now, queue: queue, sequence: sequence, triggerEpoch: triggerEpoch,
                         hourTriggerEpoch: hourTriggerEpoch ?? triggerEpoch, nextTimeTrigger: nextTimeTrigger,
                         eventCount: eventCount, nextRecordID: nextRecordID),
            pool: .init(pool: pool, requests: requests, pendingRequest: pendingRequest,
                        requestsSuppressedUntil: requestsSuppressedUntil, poolVersion: poolVersion, initialAreas: initialAreas),
            copies: .init(restores: restores, nextRestoreID: nextRestoreID, copies: copies, remotes: remotes,
                          transfers: transfers, nextRemoteLUN: nextRemoteLUN, copyFlows: copyFlows ?? CopyFlows(origin: startTime)),
            performance: .init(table: performance),
            compliance: .init(monitor: compliance ?? ComplianceMonitor()),
            volumes: volumes.indices.map { v in
                var withoutRecords = runtime[v]
                withoutRecords.gens = []
                return .init(volume: volumes[v], runtime: withoutRecords,
                             fileGroupMapping: fileGroupMappings.indices.contains(v) ? fileGroupMappings[v] : [])
            },
            activity: volumes.indices.map { v in .init(tracker: trackers[v], generator: generators[v]) },
            generations: runtime.map(\.gens))
    }

    /// The state put back together from its parts. The per-volume parts must be as many as each
    /// other (a store checks that before, naming what is missing).
    public init(parts p: StoredStateParts) {
        let c = p.configuration
        self.init(scenarioName: c.scenarioName, seed: c.seed, startTime: c.startTime, now: p.clock.now, tick: c.tick,
                  raidGroups: c.raidGroups, volumes: p.volumes.map(\.volume), groups: c.groups,
                  performance: p.performance.table, pool: p.pool.pool, trackers: p.activity.map(\.tracker),
                  generators: p.activity.map(\.generator),
                  runtime: p.volumes.indices.map { v in
                      var rt = p.volumes[v].runtime
                      rt.gens = p.generations.indices.contains(v) ? p.generations[v] : []
                      return rt
                  },
                  queue: p.clock.queue,
                  sequence: p.clock.sequence, triggerEpoch: p.clock.triggerEpoch, hourTriggerEpoch: p.clock.hourTriggerEpoch,
                  nextTimeTrigger: p.clock.nextTimeTrigger, scripted: c.scripted, requests: p.pool.requests,
                  pendingRequest: p.pool.pendingRequest, requestsSuppressedUntil: p.pool.requestsSuppressedUntil,
                  poolVersion: p.pool.poolVersion, restores: p.copies.restores, nextRestoreID: p.copies.nextRestoreID,
                  nextRecordID: p.clock.nextRecordID, initialAreas: p.pool.initialAreas, eventCount: p.clock.eventCount,
                  copies: p.copies.copies, fileGroupMappings: p.volumes.map(\.fileGroupMapping), remotes: p.copies.remotes,
                  transfers: p.copies.transfers, nextRemoteLUN: p.copies.nextRemoteLUN, compliance: p.compliance.monitor,
                  copyFlows: p.copies.copyFlows)
    }
}

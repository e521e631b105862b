/// Everything an `ArraySimulator` needs to carry on exactly where it was, except the volumes'
/// content and the generations' data, which a store keeps apart (segment by segment, and in the
/// management region's own data area).
///
/// Restoring it and running on gives the same events, byte for byte, as never having stopped.
public struct SimulatorState: Codable, Equatable, Sendable {
    var scenarioName: String
    var seed: UInt64
    var startTime: SimTime
    public var now: SimTime
    var tick: Int64
    var raidGroups: [RAIDGroup]
    var volumes: [Volume]
    var groups: [VolumeGroup]
    var performance: PerformanceTable
    var pool: BackupPool
    var trackers: [ChangeTracker]
    var generators: [WorkloadGenerator?]
    var runtime: [StoredVolumeRuntime]
    var queue: [ScheduledWork]
    var sequence: UInt64
    var triggerEpoch: [Int]
    /// Optional so that states stored before it existed still decode (they used `triggerEpoch`).
    var hourTriggerEpoch: [Int]?
    var nextTimeTrigger: [NextTimeTriggers]
    var scripted: [Scenario.ScriptedEvent]
    var requests: [PoolExpansionRequest]
    var pendingRequest: Int?
    var requestsSuppressedUntil: SimTime
    var poolVersion: Int
    var restores: [Int: RestoreInFlight]
    var nextRestoreID: Int
    var nextRecordID: Int
    var initialAreas: [Int: InitialCopy]
    public var eventCount: Int
    var copies: [CopyRecord]
    var fileGroupMappings: [[ExtentMapping]]
    var remotes: [RemoteArray]
    var transfers: [Int: RemoteTransfer]
    var nextRemoteLUN: Int
    /// Absent in states stored before compliance was tracked; judged afresh then.
    var compliance: ComplianceMonitor?
    /// Copies in flight in the bandwidth model; absent in states stored before copies shared
    /// bandwidth (their copies in flight complete at the instants they were scheduled for).
    var copyFlows: CopyFlows?

    /// The volumes, for a store that must size their content.
    public var volumeList: [Volume] { volumes }
    /// The copy records, for a store.
    public var copyList: [CopyRecord] { copies }
    /// The copy records kept in remote arrays' regions, for a store.
    public var remoteRecords: [CopyRecord] { remotes.flatMap(\.records) }
    /// Each volume's kept generations (records without data), for a store.
    public var runtimeGenerations: [[BackupGeneration]] { runtime.map(\.gens) }
}

extension ArraySimulator {
    /// The state to store (content excluded; see `SimulatorState`).
    public func exportState() -> SimulatorState {
        SimulatorState(scenarioName: scenarioName, seed: seed, startTime: startTime, now: now, tick: tick,
                       raidGroups: raidGroups, volumes: volumes, groups: groups, performance: performance, pool: pool,
                       trackers: differential.trackers, generators: generators, runtime: storedRuntime,
                       queue: time.storedQueue, sequence: time.sequence, triggerEpoch: time.intervalEpoch,
                       hourTriggerEpoch: time.hourEpoch,
                       nextTimeTrigger: time.next, scripted: scripted, requests: requests,
                       pendingRequest: poolManagement.pendingRequest, requestsSuppressedUntil: poolManagement.requestsSuppressedUntil,
                       poolVersion: poolManagement.version, restores: copyProgram.restores, nextRestoreID: copyProgram.nextRestoreID,
                       nextRecordID: catalog.lastRecordID, initialAreas: copyProgram.initialAreas, eventCount: eventCount, copies: catalog.copies,
                       fileGroupMappings: differential.fileGroupMappings, remotes: destinations.remotes,
                       transfers: destinations.transfers, nextRemoteLUN: destinations.nextLUN, compliance: compliance, copyFlows: flows)
    }

    /// The volumes' runtimes as stored: the copy program's state and pool management's shortage
    /// episodes are kept in them, as they were before those programs held them, so stores written
    /// either way load.
    var storedRuntime: [StoredVolumeRuntime] {
        runtime.indices.map { v in
            StoredVolumeRuntime(runtime[v], gens: catalog.generations(v), copies: copyProgram[volume: v],
                                shortages: poolManagement.storedShortages(volume: v))
        }
    }

    /// Every kept generation of every volume, with its volume index (for stores).
    public var allGenerations: [(volume: Int, generation: BackupGeneration)] {
        volumes.indices.flatMap { v in catalog.generations(v).map { (v, $0) } }
    }

    /// Pool areas that hold a standing mirror or an initial copy in flight (no record owns them).
    public var mirrorAreas: Set<Int> { copyProgram.mirrorAreas }

    /// Rebuilds every kept complete generation from its data and checks it against its digest,
    /// without emitting events: (volume, generation, ok).
    public func checkKeptGenerations() -> [(volume: String, generation: Int, ok: Bool)] {
        volumes.indices.flatMap { v in
            catalog.generations(v).filter { $0.state == .complete }.map { g in (volumes[v].name, g.number, verify(v, g.number).ok) }
        }
    }

    /// Segments of a volume's live content written since the store last took them.
    public func takeDirtySegments(volume v: Int) -> [Int] { differential.takeDirtySegments(volume: v) }

    /// The host writes to a volume's content since the store last took them, in order, and whether
    /// its content was replaced wholesale meanwhile (see `ChangeTracker.contentJournal`). The first
    /// call starts the journal: writes before it are known only by their dirty segments.
    public func takeContentJournal(volume v: Int) -> (writes: [ContentRun], replaced: Bool) {
        differential.takeContentJournal(volume: v)
    }

    /// Problems a restored state has that a correct store can never produce.
    static func check(_ s: SimulatorState, live: [ContentMap], data: [Int: GenerationContent]) -> String? {
        guard s.volumes.count == s.trackers.count, s.trackers.count == s.runtime.count,
              s.runtime.count == s.generators.count, live.count == s.volumes.count else {
            return "per-volume state has \(s.volumes.count) volumes, \(s.trackers.count) trackers, \(s.runtime.count) runtimes, \(live.count) content maps"
        }
        for (v, map) in live.enumerated() where map.granules != s.volumes[v].granules {
            return "volume \(s.volumes[v].name): stored content covers \(map.granules) granules, the volume \(s.volumes[v].granules)"
        }
        for rt in s.runtime {
            for g in rt.gens where data[g.recordID] == nil {
                return "record \(g.recordID) has no stored data"
            }
        }
        if let problem = checkCopies(s) { return problem }
        return nil
    }

    /// The copies in flight refer only to what exists: volumes, RAID groups and remote arrays by
    /// index, flows the model and the engine both know, stages within each flow.
    static func checkCopies(_ s: SimulatorState) -> String? {
        for (v, rt) in s.runtime.enumerated() {
            if let m = rt.merging, rt.generation(m.base) == nil || rt.generation(m.into) == nil {
                return "volume \(s.volumes[v].name): a merge of generation \(m.base) into \(m.into), which it does not keep"
            }
        }
        guard let flows = s.copyFlows else { return nil }
        let volumes = s.volumes.indices, groups = s.raidGroups.indices, remotes = s.remotes.indices
        let modelIDs = flows.model.flows.map(\.id), entryIDs = flows.entries.map(\.id)
        guard modelIDs == entryIDs else {
            return "copies in flight: the model holds flows \(modelIDs), the engine \(entryIDs)"
        }
        for e in flows.entries {
            switch e.purpose {
            case .initialCopy(let v), .backup(let v, _), .remirror(let v, _), .merge(let v):
                guard volumes.contains(v) else { return "copy \(e.id) belongs to volume \(v), which does not exist" }
            case .restore, .hostCopy, .remoteCopy:
                break
            }
        }
        for f in flows.model.flows {
            guard (0...f.stages.count).contains(f.stage) else { return "copy \(f.id) is at stage \(f.stage) of \(f.stages.count)" }
            for r in f.stages.flatMap(\.resources) {
                let known: Bool = switch r.kind {
                case .volumeRead, .volumeWrite: volumes.contains(r.index)
                case .groupRead, .groupWrite: groups.contains(r.index)
                case .line: remotes.contains(r.index)
                case .remoteGroupRead, .remoteGroupWrite:
                    remotes.contains(r.index) && s.remotes[r.index].raidGroups.indices.contains(r.sub)
                }
                guard known else { return "copy \(f.id) uses \(r), which does not exist" }
            }
        }
        return nil
    }
}

extension ArraySimulator {
    /// Rebuilds a simulator from stored state, the volumes' live content and each record's data.
    public convenience init(restoring s: SimulatorState, live: [ContentMap], data: [Int: GenerationContent],
                            copyImages: [Int: ContentMap] = [:], remoteImages: [Int: ContentMap] = [:]) throws {
        if let problem = Self.check(s, live: live, data: data) { throw StateError(problem) }
        for c in s.copies where c.state == .complete && copyImages[c.id] == nil {
            throw StateError("copy record \(c.id) has no stored data")
        }
        try self.init(scenario: Scenario(name: s.scenarioName, seed: s.seed, start: s.startTime, tick: s.tick,
                                         raidGroups: [], volumes: [], groups: [], tiers: []))
        apply(s, live: live, data: data)
        // The copies' data is stored apart from their records (as the generations' is).
        catalog = ManagementInformation(lastRecordID: s.nextRecordID, copies: s.copies, images: copyImages, records: catalog.records)
        // So is the data of the copies kept on remote arrays.
        destinations = BackupDestinationManagement(remotes: s.remotes, transfers: s.transfers, nextLUN: s.nextRemoteLUN,
                                                   images: remoteImages)
    }

    /// The data a complete copy record holds (for stores).
    public func copyImage(_ id: Int) -> ContentMap? { catalog.image(id) }
}

/// A stored state that cannot be used.
public struct StateError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ d: String) { description = d }
}

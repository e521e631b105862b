import HeapModule

/// The embedded disk array: its RAID groups, volumes, change tracking, backup pool and backup
/// control program, on a simulated clock.
///
/// It is deterministic: the same scenario and seed give the same event stream, byte for byte. The
/// console and the headless command drive it only through `run(until:)`, `apply(_:)`, `snapshot()` and
/// the events it reports to `onEvent`.
public final class ArraySimulator {
    public internal(set) var scenarioName: String
    public internal(set) var seed: UInt64
    public internal(set) var startTime: SimTime
    /// The clock (time management program 113 owns it).
    public var now: SimTime { time.now }
    public internal(set) var tick: Int64
    public internal(set) var raidGroups: [RAIDGroup]
    public internal(set) var volumes: [Volume]
    public internal(set) var groups: [VolumeGroup]
    public internal(set) var performance = PerformanceTable()
    /// The backup pool (pool management program 115 owns it).
    public var pool: BackupPool { poolManagement.pool }
    /// Differential management (program 112): the change tables of every volume and file group,
    /// and where the file groups' extents lie.
    var differential: DifferentialManagement
    /// Each volume's change tables (read-only: writes and new tables go through `differential`).
    public var trackers: [ChangeTracker] { differential.trackers }
    /// The hosts' writes, per real volume: the simulated hosts, not a program of the array, so they
    /// stay with the coordinator, which hands what they write to differential management.
    var generators: [WorkloadGenerator?]
    var runtime: [VolumeRuntime]
    /// Time management (program 113): the clock, the work due, the time triggers' schedules.
    var time: TimeManagement
    /// Set by `start()`: file groups added later begin their initial copy at once.
    var started = false
    var scripted: [Scenario.ScriptedEvent]
    /// Pool management (program 115): the pool's tiers and areas, expansion requests, shortages.
    var poolManagement: PoolManagement
    /// Every expansion request of the run (pool management owns them).
    public var requests: [PoolExpansionRequest] { poolManagement.requests }
    public var expansionPolicy: ExpansionPolicy = .never
    /// Every copy in flight, as flows sharing bandwidth.
    var flows: CopyFlows
    /// Per RAID group, the MB/s its volumes share (see `capacity(of:)`); rebuilt when emptied.
    var groupCapacities: [(read: Double, write: Double)] = []
    /// Management information: the record IDs, and the records of copies the host asked for with
    /// the data each holds.
    var catalog = ManagementInformation()
    /// Backup destination management (program 116, second embodiment): the remote backup arrays,
    /// the LUs created on them, the records and data they keep, and stored transfers on the lines.
    var destinations = BackupDestinationManagement()
    /// The remote backup arrays (read-only: LUs, lines and records change through `destinations`).
    public var remotes: [RemoteArray] { destinations.remotes }
    /// Records of copies the host asked for (management information keeps them).
    public var copies: [CopyRecord] { catalog.copies }
    /// The copy program (111): copies, mirrors, merges and restores in flight on each volume.
    var copyProgram = CopyProgram(volumes: 0)
    /// The restores in flight, by ID (the copy program owns them).
    var restores: [Int: RestoreInFlight] { copyProgram.restores }
    let planner = BackupPlanner()
    /// Called at named points of the backup flow ("after-area-allocation", "mid-copy", "mid-prune",
    /// "mid-merge") so that crash tests can kill the process exactly there.
    public var crashPoint: (String) -> Void = { _ in }
    /// Receives every event as it happens.
    public var onEvent: (ArrayEvent) -> Void = { _ in }
    public internal(set) var eventCount = 0
    /// Whether each volume's RPO and RTO are kept, and the breaches, open and past.
    public internal(set) var compliance = ComplianceMonitor()
    /// Each volume's RTO exposure (the newest chain's restore estimate), recomputed when stale.
    var rtoEstimates: [Double?] = []
    var rtoStale = true
    var rtoStaleVolumes: Set<Int> = []
    var volumeIndexByName: [String: Int] = [:]
    /// Volumes to judge at the end of the instant, or all of them.
    var complianceDirty: Set<Int> = []
    var complianceAll = true
    /// True while `run(until:)` handles work, so that commands applied from scripted events leave
    /// compliance to the end of the instant.
    var handlingWork = false

    /// Builds the array from a scenario; throws when a name does not resolve.
    public init(scenario: Scenario) throws {
        scenarioName = scenario.name
        seed = scenario.seed
        startTime = scenario.start
        time = TimeManagement(now: scenario.start, groups: scenario.groups.count)
        tick = max(1, scenario.tick)
        scripted = scenario.events
        flows = CopyFlows(origin: scenario.start)

        func lookup<T>(_ name: String, in list: [T], _ key: (T) -> String, _ what: String) throws -> Int {
            guard let i = list.firstIndex(where: { key($0) == name }) else {
                throw ScenarioError(file: scenario.name, line: nil, path: what, message: "\"\(name)\" is not defined")
            }
            return i
        }

        var rgs = scenario.raidGroups.enumerated().map { i, s in
            RAIDGroup(index: i, name: s.name, layout: s.layout, diskType: s.diskType, diskSize: s.diskSize, role: .data)
        }
        var tiers: [PoolTier] = []
        for (t, spec) in scenario.tiers.enumerated() {
            var members: [Int] = []
            for name in spec.raidGroups {
                let g = try lookup(name, in: scenario.raidGroups, \.name, "pool.tiers[\(t)].raid_groups")
                rgs[g].role = .pool
                members.append(g)
            }
            tiers.append(PoolTier(index: t, name: spec.name, raidGroups: members))
        }
        for name in scenario.spares {
            let g = try lookup(name, in: scenario.raidGroups, \.name, "pool.spares")
            rgs[g].role = .spare
        }
        var remoteList: [RemoteArray] = []
        for (r, spec) in scenario.remotes.enumerated() {
            let rgs = spec.raidGroups.enumerated().map { i, s in
                RAIDGroup(index: i, name: s.name, layout: s.layout, diskType: s.diskType, diskSize: s.diskSize, role: .pool)
            }
            var remote = RemoteArray(id: spec.id, index: r, raidGroups: rgs, lines: spec.lines, canCopy: spec.canCopy)
            remote.diskFigures = scenario.diskFigures
            remoteList.append(remote)
        }
        var groupList: [VolumeGroup] = []
        for (i, g) in scenario.groups.enumerated() {
            let delta = try g.deltaTier.map { try lookup($0, in: scenario.tiers, \.name, "groups[\(i)].tier") }
            let full = try g.fullTier.map { try lookup($0, in: scenario.tiers, \.name, "groups[\(i)].full_tier") }
            let destination = try g.destination.map { try lookup($0, in: scenario.remotes, \.id, "groups[\(i)].destination") }
            // Backups to a remote array take fulls there (assembled from the previous backup when
            // the remote can copy), not by splitting a local mirror.
            var group = VolumeGroup(index: i, name: g.name, objectives: g.objectives, mirror: destination == nil && g.mirror,
                                    retention: g.retention, deltaTier: delta, fullTier: full,
                                    switchSeconds: g.switchSeconds, members: [])
            group.destination = destination
            groupList.append(group)
        }
        var vols: [Volume] = []
        for (i, v) in scenario.volumes.enumerated() {
            let rg = try lookup(v.raidGroup, in: scenario.raidGroups, \.name, "volumes[\(i)].raid_group")
            let grp = try lookup(v.group, in: scenario.groups, \.name, "volumes[\(i)].group")
            vols.append(Volume(index: i, name: v.name, lun: i, raidGroup: rg, capacity: v.capacity,
                               granule: v.granule ?? scenario.granule, group: grp))
            groupList[grp].members.append(i)
            if v.readMBps != nil || v.writeMBps != nil { performance.volumeOverrides[i] = MeasuredFigures(read: v.readMBps, write: v.writeMBps) }
        }
        // A changed-size trigger below a member's granule could never be measured (the file's own
        // bounds were checked as it was read; this one needs the volumes).
        for (i, g) in groupList.enumerated() {
            guard let granule = g.members.map({ vols[$0].granule }).min(),
                  let (field, problem) = g.objectives.validate(granule: granule) else { continue }
            throw ScenarioError(file: scenario.name, line: nil, path: "groups[\(i)].rpo.\(field)", message: problem)
        }
        for (i, s) in scenario.raidGroups.enumerated() where s.readMBps != nil || s.writeMBps != nil {
            performance.groupOverrides[i] = MeasuredFigures(read: s.readMBps, write: s.writeMBps)
        }
        performance.diskFigures = scenario.diskFigures
        raidGroups = rgs
        destinations = BackupDestinationManagement(remotes: remoteList)
        volumes = vols
        groups = groupList
        poolManagement = PoolManagement(pool: BackupPool(name: scenario.poolName, tiers: tiers))
        differential = DifferentialManagement(volumes: vols.map { ($0.granules, $0.granule) }, at: scenario.start)
        runtime = Array(repeating: VolumeRuntime(), count: vols.count)
        for _ in vols { catalog.addVolume() }
        copyProgram = CopyProgram(volumes: vols.count)
        generators = Array(repeating: nil, count: vols.count)
        // By name, so that building the array stays linear in the number of volumes.
        let volumeByName = Dictionary(vols.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })
        func volumeNamed(_ name: String, _ what: String) throws -> Int {
            guard let v = volumeByName[name] else {
                throw ScenarioError(file: scenario.name, line: nil, path: what, message: "\"\(name)\" is not defined")
            }
            return v
        }
        for (i, w) in scenario.workloads.enumerated() {
            let v = try volumeNamed(w.volume, "workloads[\(i)].volume")
            let workload = Workload(volume: v, bytesPerSecond: w.bytesPerSecond, ioSize: w.ioSize,
                                    pattern: w.pattern, dailyCurve: w.dailyCurve)
            generators[v] = WorkloadGenerator(workload: workload, granules: vols[v].granules, seed: scenario.seed)
        }
        performance.rebuild(groups: raidGroups, volumes: volumes)
        for e in scripted {
            switch e.action {
            case .degrade(let g), .repair(let g): _ = try lookup(g, in: scenario.raidGroups, \.name, "events.raid_group")
            case .backup(let v): _ = try volumeNamed(v, "events.volume")
            case .restore(let v, _, let t):
                _ = try volumeNamed(v, "events.volume")
                if let t { _ = try volumeNamed(t, "events.target") }
            case .line(let r, _, _): _ = try lookup(r, in: scenario.remotes, \.id, "events.remote")
            }
        }
        if !scenario.fileGroups.isEmpty {
            if let problem = addFileGroups(scenario.fileGroups, entries: scenario.fileList, source: scenario.fileListSource) {
                throw ScenarioError(file: scenario.fileListSource, line: nil, path: "file_groups", message: problem)
            }
        }
    }

    /// Takes over a stored state (used by `init(restoring:live:data:)`).
    func apply(_ s: SimulatorState, live: [ContentMap], data: [Int: GenerationContent]) {
        scenarioName = s.scenarioName; seed = s.seed; startTime = s.startTime; tick = s.tick
        raidGroups = s.raidGroups; volumes = s.volumes; groups = s.groups; performance = s.performance
        differential = DifferentialManagement(restoring: s.trackers, live: live, fileGroupMappings: s.fileGroupMappings)
        generators = s.generators
        runtime = s.runtime.map(\.runtime)
        // The shortage episodes and the copy program's state are stored in each volume's runtime;
        // pool management and the copy program hold them.
        poolManagement = PoolManagement(pool: s.pool, requests: s.requests, pendingRequest: s.pendingRequest,
                                        requestsSuppressedUntil: s.requestsSuppressedUntil, version: s.poolVersion,
                                        shortages: s.runtime.map(\.shortages))
        copyProgram = CopyProgram(volumes: s.runtime.map(\.copies), initialAreas: s.initialAreas,
                                  restores: s.restores, nextRestoreID: s.nextRestoreID)
        // States stored before hour triggers had their own epoch scheduled them under the shared one.
        time = TimeManagement(now: s.now, queue: s.queue, sequence: s.sequence, intervalEpoch: s.triggerEpoch,
                              hourEpoch: s.hourTriggerEpoch ?? s.triggerEpoch, next: s.nextTimeTrigger)
        scripted = s.scripted
        eventCount = s.eventCount
        // The generations' records are stored in each volume's runtime, their data apart.
        catalog = ManagementInformation(lastRecordID: s.nextRecordID, copies: s.copies, records: s.runtime.map(\.gens))
        catalog.attachData(data)
        started = true
        destinations = BackupDestinationManagement(remotes: s.remotes, transfers: s.transfers, nextLUN: s.nextRemoteLUN)
        flows = s.copyFlows ?? CopyFlows(origin: s.startTime)
        groupCapacities = []
        compliance = s.compliance ?? ComplianceMonitor()
        compliance.track(count: volumes.count, since: startTime)
        rtoStale = true
        // A state is stored between instants, when nothing is waiting to be judged: the restored
        // array judges exactly what the uninterrupted one would.
        complianceAll = false
        complianceDirty = []
    }

    /// Emits the start event, schedules the triggers and begins every volume's initial full
    /// (Fig. 5). Called once, before the first `run(until:)`; separate from `init` so that a caller can
    /// set `onEvent` and the expansion policy first.
    public func start() {
        started = true
        emit(.simulationStarted(scenario: scenarioName, seed: seed, volumes: volumes.count, groups: groups.count))
        schedule(now + tick, .workloadTick)
        for g in groups.indices { scheduleTimeTriggers(group: g, after: now) }
        for (i, e) in scripted.enumerated() { schedule(startTime + e.at, .scripted(index: i)) }
        for v in volumes.indices { beginInitialCopy(v) }
        settleFlows()
        evaluateCompliance()
    }

    func schedule(_ at: SimTime, _ kind: ScheduledWork.Kind) {
        time.schedule(at, kind)
    }

    func emit(_ kind: ArrayEvent.Kind) {
        eventCount += 1
        markForCompliance(kind)
        onEvent(ArrayEvent(time: now, kind: kind))
    }

    /// Advances the clock to `time`, handling everything due on the way.
    ///
    /// Compliance is judged at the end of every instant that had work, after everything due then
    /// (never at the arbitrary instants callers stop at), so the event stream does not depend on how
    /// a run is cut into pieces: every volume at each workload tick, and in between the volumes that
    /// instant touched (see `markForCompliance`).
    public func run(until limit: SimTime) {
        handlingWork = true
        defer { handlingWork = false }
        while let next = time.takeDue(until: limit) {
            if case .workloadTick = next.kind { complianceAll = true }
            handle(next.kind)
            if !time.moreDueNow {
                // The instant's copies started and ended: solve the rates once for all of them.
                settleFlows()
                if !time.moreDueNow { evaluateCompliance() }
            }
        }
        if limit > time.now { time.now = limit }
    }

    func handle(_ kind: ScheduledWork.Kind) {
        switch kind {
        case .workloadTick:
            workloadTick()
            schedule(now + tick, .workloadTick)
        case .intervalTrigger(let g, let epoch):
            guard epoch == time.intervalEpoch[g], let interval = groups[g].objectives.interval else { return }
            for v in groups[g].members { trigger(v, .interval) }
            schedule(now + interval, .intervalTrigger(group: g, epoch: epoch))
            time.next[g].interval = now + interval
        case .hourTrigger(let g, let epoch):
            guard epoch == time.hourEpoch[g], groups[g].objectives.hourOfDay != nil else { return }
            for v in groups[g].members { trigger(v, .hour) }
            scheduleHourTrigger(group: g, after: now + 1)
        case .initialCopyDone(let v):
            finishInitialCopy(v)
        case .copyDone(let v, let number):
            finishCopy(v, number)
        case .mirrorSynced(let v, let area):
            finishRemirror(v, area: area)
        case .restoreDone(let id):
            finishRestore(id)
        case .hostCopyDone(let record):
            finishHostCopy(record)
        case let .transferDone(v, epoch):
            finishTransfer(v, epoch: epoch)
        case .remoteCopyDone(let record):
            finishRemoteCopy(record)
        case .scripted(let i):
            runScripted(scripted[i])
        case let .flowDue(id, epoch):
            flowDue(id, epoch: epoch)
        case .flowsWake(let epoch):
            flowsWake(epoch: epoch)
        }
    }

    /// Interval and hour triggers are scheduled per group; a change of the interval or the hour
    /// bumps that trigger's epoch and reschedules it (`setObjectives`), and entries of an older epoch
    /// are dropped when they come due.
    func scheduleTimeTriggers(group g: Int, after t: SimTime) {
        time.next[g] = NextTimeTriggers()
        if let interval = groups[g].objectives.interval {
            schedule(t + interval, .intervalTrigger(group: g, epoch: time.intervalEpoch[g]))
            time.next[g].interval = t + interval
        }
        if groups[g].objectives.hourOfDay != nil { scheduleHourTrigger(group: g, after: t) }
    }

    func scheduleHourTrigger(group g: Int, after t: SimTime) {
        guard let hour = groups[g].objectives.hourOfDay else { return }
        let next = TimeManagement.nextDaily(hour: hour, atOrAfter: t)
        schedule(next, .hourTrigger(group: g, epoch: time.hourEpoch[g]))
        time.next[g].hour = next
    }

    func workloadTick() {
        var written: [(Int, Int)] = []
        for v in volumes.indices {
            guard generators[v] != nil else { continue }
            written.removeAll(keepingCapacity: true)
            generators[v]!.writes(seconds: tick, at: now, granule: volumes[v].granule, granules: trackers[v].content.granules, into: &written)
            differential.write(volume: v, extents: written)
        }
        // The largest area any RAID group could give now, locally and on each remote array: a
        // cheap first look before judging a volume's changed data tier by tier. Taken again when
        // a trigger below changes the pool.
        var largest = largestPlaceable()
        for v in volumes.indices {
            let rt = runtime[v]
            // Judged per RAID group as allocation does (`fullDestination`), not against the pool's total;
            // a mirror that still cannot be placed asks again once no request is pending or quiet.
            if copyProgram[volume: v].mirrorWanted, fullDestination(for: v) != nil || poolManagement.mayRequest(at: now) {
                startRemirror(v)
            }
            if rt.waitingForPool != nil {
                if rt.waitingSincePoolVersion != poolManagement.version || poolManagement.mayRequest(at: now) {
                    retryWaiting(v)
                }
                continue
            }
            let changed = trackers[v].incrementalBytes
            if changed > 0, let threshold = sizeTrigger(v), changed >= threshold.bytes {
                trigger(v, threshold.kind)
            }
            if largest.version != poolManagement.version { largest = largestPlaceable() }
            // Fig. 6: changed data that no tier the volume may use could hold in one area asks for
            // a disk to be added, once until it fits again. Read after the trigger: a backup it
            // started has taken the changed data with it.
            let unsaved = trackers[v].incrementalBytes
            let room = groups[volumes[v].group].destination.map { largest.remote[$0] } ?? largest.local
            if unsaved > room, runtime[v].waitingForPool == nil, shortfall(volume: v, bytes: unsaved) != nil {
                raiseShortage(volume: v, need: .changedData, needed: unsaved,
                              reason: "\(volumes[v].name) has \(ByteSize.format(unsaved)) changed, more than any tier it may use can hold")
            } else if poolManagement.shortageOpen(volume: v, need: .changedData), shortfall(volume: v, bytes: unsaved) == nil {
                poolManagement.endShortage(volume: v, need: .changedData)
            }
        }
    }

    /// The largest free area of any pool RAID group and of each remote array, with the pool version
    /// they were taken at.
    func largestPlaceable() -> (version: Int, local: Int64, remote: [Int64]) {
        (poolManagement.version, poolManagement.largestFree(groups: raidGroups), remotes.map(\.largestFree))
    }

    /// The size trigger in force for a volume: the group's `changed` RPO, or the one derived from the
    /// RTO when no RPO trigger is set (Fig. 6 note).
    func sizeTrigger(_ v: Int) -> (bytes: Int64, kind: TriggerKind)? {
        let g = volumes[v].group
        let o = groups[g].objectives
        if let c = o.changedBytes { return (c, .changed) }
        guard o.derivesSizeTriggerFromRTO, let rto = o.rto, let rates = derivedRestoreRates(v) else { return nil }
        // The size whose restore (one piece, switch included) takes the RTO — `RestoreEstimate`
        // inverted — at the headroom share. Capped so that a century's RTO at the fastest rate a
        // scenario may give cannot overflow.
        let bytes = RestoreEstimate.bytesWithin(seconds: Double(rto), readMBps: rates.read, writeMBps: rates.write,
                                                switchSeconds: groups[g].switchSeconds) * Self.rtoDerivedHeadroom
        return (Int64(min(bytes, Double(Int64.max / 2))), .rtoDerived)
    }

    /// The RTO-derived trigger fires at this share of the size that restores in exactly the RTO.
    /// At 100 % every backup it starts would already be past the RTO by the writes of the tick that
    /// crossed the line, and the planner would be pushed to a full each time.
    public static let rtoDerivedHeadroom = 0.9

    /// The speeds a restore of a new delta would run at, for the RTO-derived trigger: the write of
    /// the volume a restore copies onto (as the planner sees it) and the read of the tier a delta
    /// would be allocated on.
    func derivedRestoreRates(_ v: Int) -> (read: Double, write: Double)? {
        // The latest full's area (`latestFull(v)`), found by position without copying records.
        guard let newest = catalog.newestCompletePoint(v), let root = catalog.chainRootPosition(v, of: newest.number),
              catalog.records[v][root].method == .full else { return nil }
        let fullArea = catalog.records[v][root].area
        guard areaEntry(fullArea) != nil else { return nil }
        let write = restoreWriteMBps(v, baseArea: fullArea, target: v)
        let g = volumes[v].group
        let deltaTier = groups[g].deltaTier
        guard groups[g].destination == nil else {
            let offers = offers(forGroup: g)
            let read = deltaTier.flatMap { t in offers.first { $0.destination == .poolTier(t) } }?.readMBps
                ?? offers.min(by: { $0.readMBps < $1.readMBps })?.readMBps ?? write
            return (read, write)
        }
        // The pool tiers' read speeds as their offers give them, without the largest free area of
        // each (a walk over the pool's areas, and only the speed is read here): this runs for every
        // volume with changed data at every tick.
        let reads = poolManagement.tierReadMBps(preferred: deltaTier, speed: groupSpeed)
        return (reads.preferred ?? reads.lowest ?? write, write)
    }
}

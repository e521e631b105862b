/// An immutable picture of the whole array at one instant: what the console draws.
public struct ArraySnapshot: Sendable {
    /// When the next backup of a volume is due.
    public enum NextTrigger: Sendable, Equatable {
        case at(SimTime, TriggerKind)
        case bytesToGo(Int64, TriggerKind)
        case none
    }
    public enum VolumeState: String, Sendable {
        case initialCopy = "initial copy", copying, waitingForPool = "waiting for pool", restoring, degraded
        case mirrorSyncing = "mirror syncing", idle
        /// The group's standing mirror for the next full waits for pool space (backups still run).
        case mirrorWaiting = "mirror waits for pool"
    }
    public struct GenerationInfo: Sendable, Equatable {
        /// The management record's ID.
        public var recordID: Int
        public var number: Int
        public var method: BackupMethod
        public var copyFunction: CopyFunction
        public var parent: Int?
        public var bytes: Int64
        public var triggeredAt: SimTime
        public var complete: Bool
        public var area: Int
        public var tier: String
        /// When its copy finished (nil while copying); completedAt − triggeredAt is the copy's duration.
        public var completedAt: SimTime? = nil
    }
    public struct VolumeInfo: Sendable {
        public var name: String
        public var group: String
        public var capacity: Int64
        public var layout: RAIDLayout
        public var diskType: DiskType
        public var readMBps: Double
        public var writeMBps: Double
        public var incrementalBytes: Int64
        public var differentialBytes: Int64
        public var chainBytes: Int64
        public var lastBackup: LastBackup?
        public var nextTrigger: NextTrigger
        /// Estimated seconds to restore the newest complete generation.
        public var restoreEstimate: Double?
        public var rto: Int64?
        public var states: [VolumeState]
        public var generations: [GenerationInfo]
        public var lastDecision: BackupDecision?
        public var rpoLagSeconds: Int64
        /// How far the copy or restore in flight has come, 0…1.
        public var progress: Double?
        /// Whether its RPO and RTO are kept now (the compliance model's status).
        public var compliance = VolumeCompliance()
        /// The latest point in time it can be recovered to (what `rpoLagSeconds` counts from) and
        /// the generation that holds it, when that is later than the generation's own point in time
        /// because triggers since found nothing changed.
        public var coveredSince: (generation: Int, time: SimTime)? = nil
        /// Triggers that found nothing changed and took no generation.
        public var unchangedTriggers = 0
    }
    public struct TierInfo: Sendable {
        public var name: String
        public var capacity: Int64
        public var free: Int64
        public var readMBps: Double
        public var writeMBps: Double
        public var raidGroups: [String]
        /// Bytes held by full generations, by incremental/differential ones, and by standing mirrors.
        public var fullBytes: Int64
        public var deltaBytes: Int64
        public var mirrorBytes: Int64
    }
    public struct InFlightCopy: Sendable {
        public var volume: String
        public var generation: Int
        public var method: BackupMethod
        public var bytes: Int64
        public var started: SimTime
    }

    /// A remote backup array as the console shows it.
    public struct RemoteInfo: Sendable {
        public struct Transfer: Sendable {
            public var volume: String
            public var generation: Int?
            public var bytesLeft: Int64
            public var mbps: Double
        }
        public var id: String
        public var lines: [TransferLine]
        public var bandwidth: Double
        /// Share of the bandwidth the transfers in flight use.
        public var utilisation: Double
        public var capacity: Int64
        public var free: Int64
        public var lus: Int
        public var records: Int
        public var transfers: [Transfer]
    }

    /// Where a spare RAID group would go if the operator added it.
    public struct SpareTier: Sendable, Equatable {
        public var tier: String
        /// True when no tier holds its disk type yet, so adding it makes a new tier.
        public var isNew: Bool
    }
    /// The last request the operator denied while no new one may be raised (until `quietUntil`).
    public struct Denial: Sendable, Equatable {
        public var request: Int
        public var quietUntil: SimTime
    }

    public var scenario: String
    public var time: SimTime
    public var remotes: [RemoteInfo] = []
    public var volumes: [VolumeInfo]
    public var groups: [VolumeGroup]
    public var tiers: [TierInfo]
    public var spares: [RAIDGroup]
    public var prompts: [PoolExpansionRequest]
    /// By spare RAID group name, the tier it joins when added.
    public var spareTiers: [String: SpareTier] = [:]
    /// Set while a denied request keeps new ones quiet (and none is pending).
    public var denial: Denial?
    public var inFlight: [InFlightCopy]
    public var performance: PerformanceTable
    /// Objective breaches, open and recent, oldest first.
    public var breaches: [ObjectiveBreach] = []

    /// Volumes whose RPO (or RTO) is breached now, and those at risk.
    public func count(_ kind: ObjectiveKind, _ level: ComplianceLevel) -> Int {
        volumes.reduce(0) { $0 + ($1.compliance[kind]?.level == level ? 1 : 0) }
    }
}

extension ArraySimulator {
    /// The array as it is now. Cheap enough to take every frame for hundreds of volumes.
    public func snapshot() -> ArraySnapshot {
        let volumeInfos = volumes.indices.map { v -> ArraySnapshot.VolumeInfo in
            let vol = volumes[v]
            let group = groups[vol.group]
            let rt = runtime[v]
            var states: [ArraySnapshot.VolumeState] = []
            let copies = copyProgram[volume: v]
            if copyProgram.initialAreas[v] != nil { states.append(.initialCopy) } else if copies.copying != nil { states.append(.copying) }
            if rt.waitingForPool != nil { states.append(.waitingForPool) } else if copies.mirrorWanted { states.append(.mirrorWaiting) }
            if copies.restoring { states.append(.restoring) }
            if raidGroups[vol.raidGroup].degraded { states.append(.degraded) }
            if case .syncing = copies.mirror { states.append(.mirrorSyncing) }
            if states.isEmpty { states.append(.idle) }
            var estimate: Double?
            if let latest = catalog.newestComplete(v),
               case .success(let plan) = planRestore(v, generation: latest.number, target: nil, verifyOnly: true) {
                estimate = plan.estimateSeconds
            }
            let gens = catalog.generations(v).map { g in
                ArraySnapshot.GenerationInfo(recordID: g.recordID, number: g.number, method: g.method, copyFunction: g.copyFunction, parent: g.parent,
                                             bytes: g.bytes, triggeredAt: g.triggeredAt, complete: g.state == .complete,
                                             area: g.area, tier: areaTierName(g.area) ?? "-", completedAt: g.completedAt)
            }
            var progress: Double?
            func fraction(_ start: SimTime, _ end: SimTime) -> Double {
                end > start ? min(1, max(0, Double(now - start) / Double(end - start))) : 1
            }
            if copies.restoring, let r = copyProgram.restore(onto: v) {
                progress = fraction(r.started, r.started + (RestoreEstimate.wholeSeconds(r.plan.estimateSeconds) ?? 0))
            } else if copyProgram.backupCopying(volume: v), let w = copies.copyWindow {
                progress = fraction(w.start, w.end)
            }
            return ArraySnapshot.VolumeInfo(
                name: vol.name, group: group.name, capacity: vol.capacity, layout: raidGroups[vol.raidGroup].layout,
                diskType: raidGroups[vol.raidGroup].diskType, readMBps: performance.volumes[v].readMBps,
                writeMBps: performance.volumes[v].writeMBps, incrementalBytes: trackers[v].incrementalBytes,
                differentialBytes: trackers[v].differentialBytes, chainBytes: trackers[v].chainBytes,
                lastBackup: rt.lastBackup, nextTrigger: nextTrigger(v), restoreEstimate: estimate,
                rto: group.objectives.rto, states: states, generations: gens, lastDecision: rt.lastDecision,
                rpoLagSeconds: rpoLag(volume: v), progress: progress,
                compliance: compliance.volumes.indices.contains(v) ? compliance.volumes[v] : VolumeCompliance(),
                coveredSince: coverage(v), unchangedTriggers: rt.unchangedTriggers ?? 0)
        }
        let offers = tierOffers()
        var held = Array(repeating: (full: Int64(0), delta: Int64(0), mirror: Int64(0)), count: pool.tiers.count)
        for area in pool.areas.values {
            switch area.purpose {
            case .full: held[area.tier].full += area.bytes
            case .incremental, .differential: held[area.tier].delta += area.bytes
            case .mirror: held[area.tier].mirror += area.bytes
            }
        }
        let tiers = pool.tiers.indices.map { t -> ArraySnapshot.TierInfo in
            let offer = offers[t]
            return ArraySnapshot.TierInfo(name: pool.tiers[t].name, capacity: pool.capacity(ofTier: t, groups: raidGroups),
                                          free: pool.free(ofTier: t, groups: raidGroups), readMBps: offer.readMBps,
                                          writeMBps: offer.writeMBps, raidGroups: pool.tiers[t].raidGroups.map { raidGroups[$0].name },
                                          fullBytes: held[t].full, deltaBytes: held[t].delta, mirrorBytes: held[t].mirror)
        }
        let inFlight = volumes.indices.compactMap { v -> ArraySnapshot.InFlightCopy? in
            guard let n = copyProgram[volume: v].copying, let g = catalog.generation(v, n) else { return nil }
            return .init(volume: volumes[v].name, generation: n, method: g.method, bytes: g.bytes, started: g.triggeredAt)
        }
        var snap = ArraySnapshot(scenario: scenarioName, time: now, volumes: volumeInfos, groups: groups, tiers: tiers,
                                 spares: spareGroups, prompts: poolManagement.pendingRequest.map { [requests[$0]] } ?? [],
                                 inFlight: inFlight, performance: performance)
        snap.breaches = compliance.breaches
        for g in raidGroups.indices where raidGroups[g].role == .spare {
            let joins = tierJoined(byGroup: g)
            snap.spareTiers[raidGroups[g].name] = .init(tier: joins.name, isNew: joins.existing == nil)
        }
        if let denial = poolManagement.denial(at: now) {
            snap.denial = .init(request: denial.request, quietUntil: denial.quietUntil)
        }
        snap.remotes = remotes.indices.map { r in
            let remote = remotes[r]
            let stored = destinations.transfers
            var moving = stored.keys.sorted().compactMap { v -> ArraySnapshot.RemoteInfo.Transfer? in
                guard let t = stored[v], t.remote == r else { return nil }
                let left = max(0, t.lineBytesLeft - Double(now - t.since) * t.mbps * 1_000_000)
                return .init(volume: volumes[v].name, generation: t.generation, bytesLeft: Int64(left), mbps: t.mbps)
            }
            // Backups crossing the lines as flows: what is left of the part that crosses them.
            for e in flows.entries {
                let generation: Int?
                switch e.purpose {
                case .backup(_, let g): generation = g
                case .initialCopy: generation = nil
                default: continue
                }
                guard let v = e.purpose.backupVolume, let f = flows.model.flow(e.id), !f.isFinished,
                      f.stages.first?.resources.contains(.line(r)) == true else { continue }
                let crossing = f.stage == 0
                let elapsed = Double(now.seconds - flows.model.origin.seconds) - f.since
                let left = crossing ? max(0, f.left - max(0, elapsed) * f.rate * 1_000_000) : 0
                moving.append(.init(volume: volumes[v].name, generation: generation, bytesLeft: Int64(left),
                                    mbps: crossing ? f.rate : 0))
            }
            let used = moving.reduce(0) { $0 + $1.mbps }
            return ArraySnapshot.RemoteInfo(id: remote.id, lines: remote.lines, bandwidth: remote.bandwidth,
                                            utilisation: remote.bandwidth > 0 ? min(1, used / remote.bandwidth) : 0,
                                            capacity: remote.capacity, free: remote.free, lus: remote.lus.count,
                                            records: remote.records.count, transfers: moving)
        }
        return snap
    }

    /// The soonest trigger of a volume: a scheduled time, or bytes still to change.
    func nextTrigger(_ v: Int) -> ArraySnapshot.NextTrigger {
        let g = volumes[v].group
        var best: (SimTime, TriggerKind)?
        if let t = time.next[g].interval { best = (t, .interval) }
        if let t = time.next[g].hour, best == nil || t < best!.0 { best = (t, .hour) }
        if let best { return .at(best.0, best.1) }
        if let s = sizeTrigger(v) { return .bytesToGo(max(0, s.bytes - trackers[v].incrementalBytes), s.kind) }
        return .none
    }

    /// Kept generations of a volume, oldest first.
    public func generations(of volume: String) -> [BackupGeneration] {
        volumes.firstIndex { $0.name == volume }.map { catalog.generations($0) } ?? []
    }
}

extension ArraySimulator {
    /// Where a volume changed: for each of `buckets` equal slices, the fraction of granules changed
    /// since the last backup and since the last full (the console's heat strip).
    public func heat(volume v: Int, buckets: Int) -> (sinceLastBackup: [Double], sinceLastFull: [Double]) {
        guard volumes.indices.contains(v) else { return ([], []) }
        let t = trackers[v]
        return (t.content.heat(newerThan: t.sinceLastBackup.sinceToken, buckets: buckets),
                t.content.heat(newerThan: t.sinceLastFull.sinceToken, buckets: buckets))
    }
}

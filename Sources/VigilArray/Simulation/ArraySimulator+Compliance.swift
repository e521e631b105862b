/// Objective compliance: at the end of every instant the array handles, each volume's RPO and RTO
/// are judged by `ComplianceRules` from the array's own state, and the `ComplianceMonitor` turns the
/// verdicts into statuses, breaches and the `objective.breached` / `objective.recovered` events.
extension ArraySimulator {
    /// The latest point in time a volume can be recovered to: its newest complete generation's,
    /// or a later trigger's that found nothing changed since it; when it has none, when it began to
    /// be tracked.
    ///
    /// Only a kept generation counts: once the last is deleted, nothing since tracking began can be
    /// recovered, and the lag says so; once the newest is deleted, what it covered goes with it.
    func newestPoint(_ v: Int) -> SimTime {
        guard let newest = catalog.newestCompletePoint(v) else {
            return compliance.trackedSince.indices.contains(v) ? compliance.trackedSince[v] : startTime
        }
        return Self.coverage(of: newest, recoveryPoint: runtime[v].recoveryPoint)?.time ?? newest.triggeredAt
    }

    /// The newest generation and the later point in time it covers, when a trigger since found
    /// nothing changed (nil otherwise).
    func coverage(_ v: Int) -> (generation: Int, time: SimTime)? {
        guard let newest = catalog.newestCompletePoint(v) else { return nil }
        return Self.coverage(of: newest, recoveryPoint: runtime[v].recoveryPoint)
    }

    /// `coverage(_:)` from the newest complete generation already looked up (`newestPoint` runs
    /// for every volume at every instant).
    static func coverage(of newest: (number: Int, triggeredAt: SimTime), recoveryPoint: RecoveryPoint?)
        -> (generation: Int, time: SimTime)? {
        guard let covered = recoveryPoint, covered.generation == newest.number,
              covered.time > newest.triggeredAt else { return nil }
        return (newest.number, covered.time)
    }

    /// RPO lag of a volume now: seconds since the latest point in time it can be recovered to (from
    /// when it began to be tracked while it has none) — the snapshot's `rpoLagSeconds`, cheap
    /// enough to sample for every volume.
    public func rpoLag(volume v: Int) -> Int64 { runtime.indices.contains(v) ? now - newestPoint(v) : 0 }

    /// Judges the objectives of the volumes due for it (all of them at a workload tick or after a
    /// shared change, else those the instant touched) and reports what opened or closed.
    func evaluateCompliance() {
        // Volumes added since the last judgement (file groups loaded at run time) start now.
        if compliance.volumes.count != volumes.count { complianceAll = true }
        compliance.track(count: volumes.count, since: now)
        // The estimate is the one restore plans use; it changes only with the chain (marked per
        // volume), the performance table or the objectives (marked for all), so it is recomputed
        // only then.
        if rtoEstimates.count != volumes.count || rtoStale {
            rtoEstimates = volumes.indices.map(rtoExposure)
        } else {
            for v in rtoStaleVolumes { rtoEstimates[v] = rtoExposure(v) }
        }
        rtoStale = false
        rtoStaleVolumes.removeAll(keepingCapacity: true)
        let judged: [Int]
        if complianceAll {
            judged = Array(volumes.indices)
        } else {
            judged = complianceDirty.sorted()
        }
        complianceAll = false
        complianceDirty.removeAll(keepingCapacity: true)
        var largest: Int64?
        func largestFree() -> Int64 {
            if let largest { return largest }
            let value = tierOffers().map(\.largestFree).max() ?? 0
            largest = value
            return value
        }
        guard !judged.isEmpty else { return }
        // What the pass reads of the array for every volume, taken once: each read of a property
        // of the simulator (a class) is an exclusivity-checked access, and there were a dozen per
        // volume at every instant. Judging changes none of it: it records statuses in `compliance`
        // and reports breaches.
        let volumes = self.volumes, groups = self.groups, runtime = self.runtime, catalog = self.catalog
        let copies = copyProgram, trackers = self.trackers, next = time.next, now = self.now
        let estimates = rtoEstimates
        let state = holdUpState()
        for v in judged {
            let g = volumes[v].group
            let objectives = groups[g].objectives
            var inFlight: ComplianceRules.RPOInput.InFlight?
            if let copy = copies.backupInFlight(volume: v, triggeredAt: { n in
                catalog.index(v, of: n).map { catalog.records[v][$0].triggeredAt }
            }) {
                inFlight = .init(point: copy.point, plannedEnd: copy.plannedEnd)
            }
            let hold = holdUp(v, state, largestFree: largestFree)
            // `newestPoint(v)`, from the state read above.
            let newestPoint: SimTime
            if let newest = catalog.newestCompletePoint(v) {
                newestPoint = Self.coverage(of: newest, recoveryPoint: runtime[v].recoveryPoint)?.time ?? newest.triggeredAt
            } else {
                newestPoint = compliance.trackedSince.indices.contains(v) ? compliance.trackedSince[v] : startTime
            }
            let input = ComplianceRules.RPOInput(
                now: now, objectives: objectives, newestPoint: newestPoint,
                judgedFrom: compliance.judgedFrom(volume: v, group: g),
                changedBytes: trackers[v].incrementalBytes, inFlight: inFlight,
                nextIntervalTrigger: next[g].interval, holdUp: hold)
            let rpo = ComplianceRules.assessRPO(input)
            report(compliance.update(volume: v, name: volumes[v].name, group: groups[g].name, kind: .rpo, verdict: rpo, now: now))
            let previousBound = compliance.volumes[v].rto?.bound
            var rto = ComplianceRules.assessRTO(estimate: estimates[v], rto: objectives.rto, holdUp: hold)
            if let verdict = rto, verdict.level == .breached {
                rto?.cause = rtoCause(v, previousBound: previousBound, bound: verdict.bound)
            }
            report(compliance.updateIfChanged(volume: v, name: volumes[v].name, group: groups[g].name, kind: .rto, verdict: rto, now: now))
        }
    }

    /// The restore estimate of the newest kept generation's chain (nil while nothing is kept).
    ///
    /// A volume that had a generation and keeps none (the records were deleted) cannot be restored
    /// at all: infinite, not "nothing to judge".
    func rtoExposure(_ v: Int) -> Double? {
        guard let latest = catalog.newestCompletePoint(v) else {
            return runtime[v].lastCompleteTrigger == nil ? nil : .infinity
        }
        return restoreEstimateSeconds(v, generation: latest.number)
    }

    /// The `estimateSeconds` of `planRestore(v, generation:, target: nil, verifyOnly: true)`, or
    /// infinity where that plan fails, worked out from the chain's records by position without
    /// building the plan (its pieces, names and texts): RTO exposures are recomputed whenever a
    /// chain changes.
    func restoreEstimateSeconds(_ v: Int, generation: Int) -> Double {
        guard let i = catalog.index(v, of: generation), catalog.records[v][i].state == .complete else { return .infinity }
        let positions = catalog.chainPositions(v, of: catalog.records[v][i].number)
        guard let root = positions.first, catalog.records[v][root].method == .full else { return .infinity }
        let baseArea = catalog.records[v][root].area
        guard areaEntry(baseArea) != nil else { return .infinity }
        let pieces = positions.dropFirst().map { p in
            ChainPiece(bytes: catalog.records[v][p].bytes, readMBps: areaEntry(catalog.records[v][p].area)?.readMBps ?? 0)
        }
        return RestoreEstimate(pieces: pieces, fullWriteMBps: restoreWriteMBps(v, baseArea: baseArea, target: v),
                               switchSeconds: groups[volumes[v].group].switchSeconds).seconds
    }

    /// A volume's index by name (events name volumes).
    func volumeIndex(_ name: String) -> Int? {
        if volumeIndexByName.count != volumes.count {
            volumeIndexByName = Dictionary(volumes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        }
        return volumeIndexByName[name]
    }

    /// What an event may have changed for compliance, in one place: which volumes to judge at the
    /// end of the instant (the volume it names for the per-volume events of the backup flow, every
    /// volume for anything that changes shared state — the pool, the performance table, lines,
    /// objectives) and whose RTO exposure to recompute (a volume whose chain changed, or all of
    /// them when the performance table, a line or the objectives may have). Between workload ticks
    /// only the marked volumes are judged; every volume is judged at each tick, so a bound passed in
    /// between is reported at the next tick with the exact instant it was passed (`since`).
    func markForCompliance(_ kind: ArrayEvent.Kind) {
        func judge(_ name: String) {
            if let v = volumeIndex(name) { complianceDirty.insert(v) } else { complianceAll = true }
        }
        switch kind {
        case .objectiveBreached, .objectiveRecovered, .simulationStarted:
            break
        case .performanceDrift:
            // A drift is only reported: measured figures that change estimates (a restore's) mark
            // the RTO exposure stale where they are put in force (`recordMeasures`).
            break
        case .commandRejected:
            rtoStale = true
        case .triggerFired(let volume, _, _), .backupDecided(let volume, _, _, _, _), .backupWaiting(let volume, _, _),
             .backupStarted(let volume, _, _, _, _, _, _, _), .mirrorSyncStarted(let volume, _, _, _), .mirrorSynced(let volume, _),
             .generationMergeStarted(let volume, _, _, _, _):
            judge(volume)
        case .backupCompleted(let volume, _, _, _, _, _, _, _), .generationInvalidated(let volume, _, _),
             .generationMerged(let volume, _, _, _), .generationKept(let volume, _, _):
            judge(volume)
            if let v = volumeIndex(volume) { rtoStaleVolumes.insert(v) } else { rtoStale = true }
        case .restorePlanned(let plan):
            for name in [plan.volume, plan.target] { if let v = volumeIndex(name) { complianceDirty.insert(v) } }
        case .restoreCompleted(let volume, _, let target, _, _):
            for name in [volume, target] { if let v = volumeIndex(name) { complianceDirty.insert(v) } }
        case .restoreVerified(let volume, _, let target, _, _, _):
            for name in [volume, target] { if let v = volumeIndex(name) { complianceDirty.insert(v) } }
            rtoStale = true
        case .poolShortage:
            complianceAll = true
        default:
            complianceAll = true
            rtoStale = true
        }
    }

    func report(_ transition: ComplianceMonitor.Transition?) {
        switch transition {
        case .opened(let b)?: emit(.objectiveBreached(b))
        case .closed(let b)?: emit(.objectiveRecovered(b))
        case nil: break
        }
    }

    /// What `holdUp` reads of the array, taken once per compliance pass.
    struct HoldUpState {
        var volumes: [Volume]
        var groups: [VolumeGroup]
        var runtime: [VolumeRuntime]
        var copies: CopyProgram
        var remotes: [RemoteArray]
        var transfers: [Int: RemoteTransfer]
        var trackers: [ChangeTracker]
        var mayRequest: Bool
        /// `stoppedCopyCauses()`.
        var stopped: [String?]?
    }

    func holdUpState() -> HoldUpState {
        HoldUpState(volumes: volumes, groups: groups, runtime: runtime, copies: copyProgram, remotes: remotes,
                    transfers: destinations.transfers, trackers: trackers, mayRequest: poolManagement.mayRequest(at: now),
                    stopped: stoppedCopyCauses())
    }

    /// What holds a volume's next backup up, in words that start with the cause's short name.
    func holdUp(_ v: Int, _ s: HoldUpState, largestFree: () -> Int64) -> String? {
        let destination = s.groups[s.volumes[v].group].destination
        if s.runtime[v].waitingForPool != nil { return poolCause() }
        if s.copies[volume: v].restoring { return "restore in progress — it writes the volume" }
        if let r = destination, s.remotes[r].bandwidth == 0 { return "line down — every line to \(s.remotes[r].id) is down" }
        if !s.transfers.isEmpty, let t = s.transfers[v], t.mbps == 0 { return "line down — the transfer is paused" }
        if let stopped = s.stopped, stopped.indices.contains(v), let cause = stopped[v] { return cause }
        if s.runtime[v].pendingTrigger != nil {
            if s.copies[volume: v].copying != nil { return "previous backup still copying" }
            if s.copies.initialAreas[v] != nil { return "initial copy still running" }
        }
        if destination == nil, !s.mayRequest, s.trackers[v].incrementalBytes > largestFree() {
            return poolCause()
        }
        return nil
    }

    /// "pool full", or "expansion denied" when the operator refused the last request.
    func poolCause() -> String {
        if let p = poolManagement.pendingRequest { return "pool full — expansion #\(requests[p].id) pending" }
        if let last = requests.last, last.state == .denied { return "expansion denied — request #\(last.id)" }
        return "pool full"
    }

    /// Why a volume's chain restores slower than its RTO allows, when the array can tell.
    func rtoCause(_ v: Int, previousBound: Double?, bound: Double) -> String? {
        if let previousBound, bound < previousBound { return "RTO tightened" }
        if !catalog.hasComplete(v) { return "no generation kept" }
        var groupsUsed = [volumes[v].raidGroup]
        for g in catalog.generations(v) where g.state == .complete {
            if let a = pool.areas[g.area] { groupsUsed.append(a.raidGroup) }
        }
        if let degraded = groupsUsed.first(where: { raidGroups[$0].degraded }) {
            return "RAID group \(raidGroups[degraded].name) degraded"
        }
        if let r = groups[volumes[v].group].destination, remotes[r].lines.contains(where: { !$0.up }) {
            return remotes[r].bandwidth == 0 ? "line down — every line to \(remotes[r].id) is down"
                : "line down — \(remotes[r].id) runs on fewer lines"
        }
        return nil
    }

    /// An operator has seen a breach: it stays listed, acknowledged.
    func acknowledgeBreach(_ id: Int) -> String? { compliance.acknowledge(id) }
}

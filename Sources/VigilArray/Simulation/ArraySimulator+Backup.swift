/// The backup flow of Fig. 5 (initial full), Fig. 6 (size triggers) and Fig. 7 (each backup).
extension ArraySimulator {
    func takeRecordID() -> Int { catalog.takeRecordID() }

    func areaEntry(_ lun: Int) -> PerformanceEntry? {
        if let a = pool.areas[lun] { return performance.raidGroups[a.raidGroup] }
        return remoteEntry(lun)
    }

    /// Every pool tier as the planner sees it now: speed of the group an area would land on (the
    /// slowest of the tier's groups, so an estimate is never optimistic) and the largest free area.
    func tierOffers() -> [TierOffer] {
        poolManagement.offers(groups: raidGroups, speed: groupSpeed)
    }

    /// A pool RAID group's speed as performance management reports it, for pool management's offers.
    func groupSpeed(_ g: Int) -> (read: Double, write: Double) {
        (performance.raidGroups[g].readMBps, performance.raidGroups[g].writeMBps)
    }

    /// The tier a full or mirror goes to: the group's choice while it has room, else the fastest with room.
    func fullDestination(for v: Int) -> BackupDestination? {
        let cap = volumes[v].capacity
        if let r = groups[volumes[v].group].destination { return remotes[r].largestFree >= cap ? .remoteArray(r) : nil }
        return poolManagement.fullTier(bytes: cap, preferred: groups[volumes[v].group].fullTier, groups: raidGroups, speed: groupSpeed)
            .map { .poolTier($0) }
    }

    /// The newest complete generation's chain: its full base and the pieces above it, oldest first.
    func chainInfo(_ v: Int) -> (root: BackupGeneration, pieces: [ChainPiece], members: [BackupGeneration])? {
        guard let newest = catalog.newestComplete(v) else { return nil }
        let members = catalog.chain(v, of: newest.number)
        guard let g = members.first, g.method == .full else { return nil }
        return (g, members.dropFirst().map(chainPiece), members)
    }

    /// A generation as a piece a restore copies: its bytes, read from the area holding it.
    func chainPiece(_ g: BackupGeneration) -> ChainPiece {
        ChainPiece(bytes: g.bytes, readMBps: areaEntry(g.area)?.readMBps ?? 0)
    }

    /// The newest complete generation's full base: `chainInfo(v)?.root`, found by position
    /// without copying the chain's records (the RTO-derived trigger reads it at every tick).
    func latestFull(_ v: Int) -> BackupGeneration? {
        guard let root = newestChainPositions(v)?.first else { return nil }
        return catalog.records[v][root]
    }

    /// Positions in `catalog.generations(v)` of the newest complete generation's chain, oldest
    /// first, when it starts at a full (when `chainInfo(v)` is not nil).
    func newestChainPositions(_ v: Int) -> [Int]? {
        guard let newest = catalog.newestCompletePoint(v) else { return nil }
        let positions = catalog.chainPositions(v, of: newest.number)
        guard let root = positions.first, catalog.records[v][root].method == .full else { return nil }
        return positions
    }

    func refreshChainBytes(_ v: Int) {
        // The bytes of the pieces above the full, as `chainInfo(v)?.pieces` holds them.
        var bytes: Int64 = 0
        for p in newestChainPositions(v)?.dropFirst() ?? [] { bytes += catalog.records[v][p].bytes }
        differential.setChainBytes(bytes, volume: v)
    }

    // MARK: Initial setup (Fig. 5)

    func beginInitialCopy(_ v: Int) {
        let vol = volumes[v]
        guard let destination = fullDestination(for: v),
              let lun = allocateArea(bytes: vol.capacity, on: destination, purpose: .mirror)
        else {
            wait(v, .initial, needed: vol.capacity, why: "initial full needs \(ByteSize.format(vol.capacity))")
            return
        }
        poolManagement.spaceChanged()
        copyProgram.beginInitialCopy(volume: v, generation: runtime[v].nextNumber, area: lun, at: now)
        let seconds: Int64
        if destination.remoteArray != nil {
            seconds = startTransfer(volume: v, lun: lun, generation: nil, lineBytes: vol.capacity, remoteBytes: 0)
        } else {
            seconds = startFlow(.initialCopy(volume: v), [.transfer(bytes: vol.capacity, over: volumeReadPath(v) + areaWritePath(lun))],
                                label: "initial copy of \(vol.name)") ?? Self.stalledSeconds
            copyProgram.expectEnd(volume: v, at: now + seconds, now: now)
        }
        copyProgram.plan(volume: v, end: now + max(0, seconds))
        emit(.backupStarted(volume: vol.name, generation: runtime[v].nextNumber, method: .full,
                            copyFunction: .initialCopy, area: lun, tier: areaTierName(lun),
                            bytes: vol.capacity, copySeconds: seconds))
    }

    /// The initial copy has caught up: split it off as generation 1 at this instant.
    func finishInitialCopy(_ v: Int) {
        guard let initial = copyProgram.finishInitialCopy(volume: v) else { return }
        let lun = initial.area, started = initial.started
        relabelArea(lun, as: .full)
        let number = runtime[v].nextNumber
        runtime[v].nextNumber += 1
        let gen = BackupGeneration(recordID: takeRecordID(), number: number, method: .full, copyFunction: .initialCopy, trigger: .initial,
                                   parent: nil, area: lun, bytes: volumes[v].capacity, triggeredAt: now,
                                   completedAt: now, digest: trackers[v].content.digest,
                                   content: .image(trackers[v].content), state: .complete)
        differential.openTables(volume: v, at: now, full: true)
        catalog.append(gen, volume: v)
        complete(v, gen, seconds: now - started)
        startRemirror(v)
        runPendingTrigger(v)
    }

    // MARK: Triggers

    /// A trigger fired for a volume. It waits while the volume's previous copy runs (the delay shows
    /// as RPO lag) or while the volume waits for pool space.
    func trigger(_ v: Int, _ kind: TriggerKind) {
        let rt = runtime[v]
        if rt.waitingForPool != nil { return }
        if let hold = copyProgram.hold(volume: v) {
            if rt.pendingTrigger == nil {
                runtime[v].pendingTrigger = kind
                emit(.backupWaiting(volume: volumes[v].name, group: groups[volumes[v].group].name,
                                    reason: hold == .restoring ? "a restore is writing the volume" : "previous backup still copying"))
            }
            return
        }
        emit(.triggerFired(volume: volumes[v].name, group: groups[volumes[v].group].name, trigger: kind))
        startBackup(v, kind)
    }

    func runPendingTrigger(_ v: Int) {
        guard let kind = runtime[v].pendingTrigger else { return }
        runtime[v].pendingTrigger = nil
        trigger(v, kind)
    }

    func retryWaiting(_ v: Int) {
        guard let kind = runtime[v].waitingForPool else { return }
        runtime[v].waitingForPool = nil
        if kind == .initial { beginInitialCopy(v) } else { startBackup(v, kind) }
        // Placed, or no longer waiting for space: the shortage episode is over.
        if runtime[v].waitingForPool == nil { poolManagement.endShortage(volume: v, need: .backup) }
    }

    /// Fig. 7 for one volume: retention, the planner's choice, allocation, then the copy.
    func startBackup(_ v: Int, _ kind: TriggerKind) {
        let vol = volumes[v]
        let group = groups[vol.group]
        guard let current = chainInfo(v) else {
            // No full to build on yet (the initial copy has not finished): run when it has.
            runtime[v].pendingTrigger = kind
            return
        }
        // Checked before retention and before the line: a trigger that finds nothing changed takes
        // no generation, frees none, and needs neither pool space nor a line.
        if trackers[v].incrementalBytes == 0 {
            let decision = planner.decide(plannerInput(v, chain: current))
            if !decision.takesGeneration {
                recordUnchanged(v, kind, decision)
                return
            }
        }
        if let r = group.destination, remotes[r].bandwidth == 0 {
            // With every line down nothing can be estimated or sent: the backup waits for a line
            // (its RPO lag grows) and is decided when one comes back.
            runtime[v].pendingTrigger = kind
            emit(.backupWaiting(volume: vol.name, group: group.name, reason: "every line to \(remotes[r].id) is down"))
            return
        }
        enforceRetention(v, making: true)
        guard let chain = chainInfo(v) else { return }
        let input = plannerInput(v, chain: chain)
        let decision = planner.decide(input)
        guard decision.takesGeneration else {
            recordUnchanged(v, kind, decision)
            return
        }
        runtime[v].lastDecision = decision
        emit(.backupDecided(volume: vol.name, group: group.name, trigger: kind, rto: group.objectives.rto, decision: decision))
        if decision.needsSpace {
            wait(v, kind, needed: decision.areaBytes, why: "\(decision.method.rawValue) needs \(ByteSize.format(decision.areaBytes))")
            return
        }
        perform(v, kind, decision, chain: chain)
    }

    /// A trigger found nothing changed since the newest generation: the decision is recorded and
    /// reported, nothing is allocated or freed, and that generation now covers this instant, so the
    /// RPO counts as met (the lag restarts here).
    func recordUnchanged(_ v: Int, _ kind: TriggerKind, _ decision: BackupDecision) {
        let vol = volumes[v]
        let group = groups[vol.group]
        runtime[v].lastDecision = decision
        runtime[v].unchangedTriggers = (runtime[v].unchangedTriggers ?? 0) + 1
        let lag = now - (runtime[v].lastCompleteTrigger ?? startTime)
        runtime[v].maxRPOLag = max(runtime[v].maxRPOLag, lag)
        runtime[v].lastCompleteTrigger = now
        if let newest = decision.unchangedSince { runtime[v].recoveryPoint = RecoveryPoint(generation: newest, time: now) }
        emit(.backupDecided(volume: vol.name, group: group.name, trigger: kind, rto: group.objectives.rto, decision: decision))
    }

    /// What the planner is given for a volume now.
    func plannerInput(_ v: Int, chain: (root: BackupGeneration, pieces: [ChainPiece], members: [BackupGeneration])) -> BackupPlanner.Input {
        let vol = volumes[v]
        let group = groups[vol.group]
        // The chain is judged as a restore in place would run it (`planRestore`).
        let fullWrite = restoreWriteMBps(v, base: chain.root, target: v)
        var forced = runtime[v].forcedFull
        // Under `keep`, a base stays until nothing depends on it; past the limit only a new full
        // lets the old chain go, so retention asks for one.
        if forced == nil, group.retention == .keep, catalog.keptCount(v) >= group.objectives.generations,
           chain.root.number == catalog.generations(v).first?.number {
            forced = "retention keeps \(group.objectives.generations) generations and the oldest is still a base"
        }
        let mirrorReady = copyProgram.mirrorReady(volume: v)
        return BackupPlanner.Input(
            rto: group.objectives.rto, incrementalBytes: trackers[v].incrementalBytes,
            differentialBytes: trackers[v].differentialBytes, chain: chain.pieces, fullWriteMBps: fullWrite,
            tiers: offers(forGroup: vol.group), preferredDeltaTier: group.deltaTier, preferredFullTier: group.fullTier,
            volumeCapacity: vol.capacity, mirrorReady: mirrorReady, switchSeconds: group.switchSeconds,
            forcedFull: forced, newestGeneration: chain.members.last?.number)
    }

    /// What the planner would choose if the volume's trigger fired now (retention not applied):
    /// the reason behind the next decision, for the console's estimates pane.
    public func previewDecision(volume v: Int) -> BackupDecision? {
        guard volumes.indices.contains(v), let chain = chainInfo(v) else { return nil }
        return planner.decide(plannerInput(v, chain: chain))
    }

    func perform(_ v: Int, _ kind: TriggerKind, _ d: BackupDecision,
                 chain: (root: BackupGeneration, pieces: [ChainPiece], members: [BackupGeneration])) {
        let vol = volumes[v]
        let tracker = trackers[v]
        var areaLUN: Int
        var seconds: Int64
        var stages: [TransferStage] = []
        var lineBytes: Int64?
        var remoteBytes: Int64 = 0
        let content: GenerationContent
        let bytes: Int64
        var parent: Int?
        switch d.copyFunction {
        case .mirrorSplit:
            guard let lun = copyProgram.splitMirror(volume: v) else { return }
            relabelArea(lun, as: .full)
            areaLUN = lun
            seconds = 0
            content = .image(tracker.content)
            bytes = vol.capacity
        default:
            let purpose: AreaPurpose = d.method == .full ? .full : (d.method == .differential ? .differential : .incremental)
            guard let destination = d.destination, let lun = allocateArea(bytes: d.areaBytes, on: destination, purpose: purpose) else {
                wait(v, kind, needed: d.areaBytes, why: "\(d.method.rawValue) area could not be allocated")
                return
            }
            poolManagement.spaceChanged()
            crashPoint("after-area-allocation")
            areaLUN = lun
            let fromVolume = volumeReadPath(v) + areaWritePath(lun)
            switch d.method {
            case .incremental:
                content = .delta(tracker.content.runs(newerThan: tracker.sinceLastBackup.sinceToken))
                bytes = tracker.incrementalBytes
                parent = chain.members.last?.number
                stages = [.transfer(bytes: bytes, over: fromVolume)]
            case .differential:
                content = .delta(tracker.content.runs(newerThan: tracker.sinceLastFull.sinceToken))
                bytes = tracker.differentialBytes
                parent = chain.root.number
                stages = [.transfer(bytes: bytes, over: fromVolume)]
            case .full:
                // Step 713: the changed part from the original, the rest from the previous full, so
                // the original volume carries as little of the copy as possible.
                content = .image(tracker.content)
                bytes = vol.capacity
                let changed = min(tracker.differentialBytes, vol.capacity)
                let previous = areaReadPath(chain.root.area)
                stages = [.transfer(bytes: changed, over: fromVolume, endsOnWholeSecond: true),
                          .transfer(bytes: vol.capacity - changed, over: (previous.isEmpty ? volumeReadPath(v) : previous) + areaWritePath(lun))]
                if let r = remoteHolding(lun) {
                    // Only the changed part crosses the line when the remote's copy program can
                    // assemble the rest there from the previous backup; otherwise everything does.
                    lineBytes = remotes[r].canCopy ? changed : vol.capacity
                    remoteBytes = remotes[r].canCopy ? vol.capacity - changed : 0
                }
            }
            if remoteHolding(lun) != nil, lineBytes == nil { lineBytes = bytes }
        }
        let number = runtime[v].nextNumber
        runtime[v].nextNumber += 1
        let gen = BackupGeneration(recordID: takeRecordID(), number: number, method: d.method, copyFunction: d.copyFunction, trigger: kind,
                                   parent: parent, area: areaLUN, bytes: bytes, triggeredAt: now, completedAt: nil,
                                   digest: tracker.content.digest, content: content, state: .copying)
        // A new table starts at the trigger instant: writes from now on belong to the next generation.
        differential.openTables(volume: v, at: now, full: d.method == .full)
        if d.method == .full { runtime[v].forcedFull = nil }
        catalog.append(gen, volume: v)
        copyProgram.beginCopy(volume: v, generation: number, at: now)
        if let lineBytes {
            seconds = startTransfer(volume: v, lun: areaLUN, generation: number, lineBytes: lineBytes, remoteBytes: remoteBytes)
        } else if d.copyFunction == .mirrorSplit {
            // Splitting a mirror copies nothing.
            seconds = 0
            schedule(now, .copyDone(volume: v, generation: number))
        } else {
            seconds = startFlow(.backup(volume: v, generation: number), stages,
                                label: "\(d.method.rawValue) copy of \(vol.name)") ?? Self.stalledSeconds
            copyProgram.expectEnd(volume: v, at: now + seconds, now: now)
        }
        copyProgram.plan(volume: v, end: now + max(0, seconds))
        emit(.backupStarted(volume: vol.name, generation: number, method: d.method, copyFunction: d.copyFunction,
                            area: areaLUN, tier: areaTierName(areaLUN), bytes: bytes, copySeconds: seconds))
        crashPoint("mid-copy")
        if d.copyFunction == .mirrorSplit { startRemirror(v) }
    }

    func finishCopy(_ v: Int, _ number: Int) {
        guard let gen = catalog.markComplete(volume: v, number: number, at: now) else { return }
        copyProgram.finishCopy(volume: v)
        complete(v, gen, seconds: now - gen.triggeredAt)
        enforceRetention(v, making: false)
        runPendingTrigger(v)
    }

    /// Bookkeeping shared by every completed generation.
    func complete(_ v: Int, _ gen: BackupGeneration, seconds: Int64) {
        let lag = now - (runtime[v].lastCompleteTrigger ?? startTime)
        runtime[v].maxRPOLag = max(runtime[v].maxRPOLag, lag)
        runtime[v].lastCompleteTrigger = gen.triggeredAt
        runtime[v].recoveryPoint = RecoveryPoint(generation: gen.number, time: gen.triggeredAt)
        if gen.trigger != .initial {
            let m = BackupMethod.allCases.firstIndex(of: gen.method)!
            runtime[v].backupsByMethod[m] += 1
        }
        runtime[v].lastBackup = LastBackup(time: now, method: gen.method)
        refreshChainBytes(v)
        emit(.backupCompleted(volume: volumes[v].name, group: groups[volumes[v].group].name, generation: gen.number,
                              method: gen.method, bytes: gen.bytes, seconds: seconds, digest: gen.digest, rpoLagSeconds: lag))
    }

    /// Prepares the next full: a new area and an initial copy that keeps the mirror in step.
    func startRemirror(_ v: Int) {
        let vol = volumes[v]
        guard copyProgram.needsMirror(volume: v, groupMirrors: groups[vol.group].mirror) else { return }
        // A standing mirror is a pool area: groups backing up to a remote array take no mirror.
        guard let tier = fullDestination(for: v)?.poolTier,
              let area = poolManagement.allocate(bytes: vol.capacity, tier: tier, purpose: .mirror, groups: raidGroups)
        else {
            copyProgram.wantMirror(volume: v)
            raiseShortage(volume: v, need: .mirror, needed: vol.capacity,
                          reason: "\(vol.name) cannot re-mirror for its next full (\(ByteSize.format(vol.capacity)))")
            return
        }
        poolManagement.spaceChanged()
        poolManagement.endShortage(volume: v, need: .mirror)
        let seconds = startFlow(.remirror(volume: v, area: area.lun),
                                [.transfer(bytes: vol.capacity, over: volumeReadPath(v) + [.groupWrite(area.raidGroup)])],
                                label: "re-mirror of \(vol.name)") ?? Self.stalledSeconds
        copyProgram.startMirror(volume: v, area: area.lun, until: now + seconds)
        emit(.mirrorSyncStarted(volume: vol.name, area: area.lun, tier: pool.tiers[tier].name, seconds: seconds))
    }

    /// The re-mirror has copied the whole volume: from now on the mirror is in step.
    func finishRemirror(_ v: Int, area: Int) {
        guard copyProgram.mirrorSynced(volume: v, area: area) else { return }
        emit(.mirrorSynced(volume: volumes[v].name, area: area))
    }

    /// What a copy that cannot move (a resource at 0 MB/s) reports as its planned time: the far
    /// future the engine has always used for it.
    static let stalledSeconds = Int64.max / 4

    func wait(_ v: Int, _ kind: TriggerKind, needed: Int64, why: String) {
        runtime[v].waitingForPool = kind
        runtime[v].waitingSincePoolVersion = poolManagement.version
        // The figure that decides is the largest area a RAID group can give, not the pool's total.
        let largest = shortfall(volume: v, bytes: needed).map { ", largest free area \(ByteSize.format($0.largestFree)) on \($0.name)" } ?? ""
        emit(.backupWaiting(volume: volumes[v].name, group: groups[volumes[v].group].name,
                            reason: "pool short: \(why)\(largest)"))
        raiseShortage(volume: v, need: .backup, needed: needed, reason: "\(volumes[v].name): \(why)")
    }
}

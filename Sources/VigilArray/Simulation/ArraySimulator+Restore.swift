/// Restores: plan with an estimate, a simulated run, and verification against the recorded digest.
extension ArraySimulator {
    /// Plans the restore of a kept generation to its own volume (by switching to the rebuilt full)
    /// or to another volume (the full is copied there first).
    public func planRestore(volume name: String, generation: Int, target: String? = nil,
                            verifyOnly: Bool = false) -> Result<RestorePlan, CommandError> {
        guard let v = volumes.firstIndex(where: { $0.name == name }) else { return .failure(.init("no volume named \(name)")) }
        return planRestore(v, generation: generation, target: target, verifyOnly: verifyOnly)
    }

    /// `planRestore` by volume index, so that a snapshot of many volumes plans each in O(chain).
    func planRestore(_ v: Int, generation: Int, target: String?, verifyOnly: Bool) -> Result<RestorePlan, CommandError> {
        let name = volumes[v].name
        guard let gen = runtime[v].generation(generation) else {
            let kept = runtime[v].gens.map { String($0.number) }.joined(separator: ", ")
            return .failure(.init("\(name) keeps no generation \(generation) (kept: \(kept.isEmpty ? "none" : kept))"))
        }
        guard gen.state == .complete else { return .failure(.init("generation \(generation) of \(name) is still copying")) }
        let targetIndex: Int
        if let target {
            guard let t = volumes.firstIndex(where: { $0.name == target }) else { return .failure(.init("no volume named \(target)")) }
            if let problem = fitProblem(source: v, target: t) { return .failure(.init(problem)) }
            targetIndex = t
        } else {
            targetIndex = v
        }
        var chain: [BackupGeneration] = []
        var cursor: BackupGeneration? = gen
        while let g = cursor {
            chain.insert(g, at: 0)
            cursor = g.parent.flatMap { runtime[v].generation($0) }
        }
        guard let base = chain.first, base.method == .full, let baseArea = areaEntry(base.area) else {
            return .failure(.init("generation \(generation) of \(name) has no full base"))
        }
        // From a remote array the data comes back over the lines onto a local volume:
        // min(remote read, line, local write).
        let fullWrite = remoteHolding(base.area) != nil
            ? min(baseArea.writeMBps, performance.volumes[targetIndex].writeMBps) : baseArea.writeMBps
        let pieces = chain.dropFirst().map { g -> RestorePlan.Piece in
            let read = areaEntry(g.area)?.readMBps ?? 0
            return RestorePlan.Piece(generation: g.number, method: g.method, bytes: g.bytes, readMBps: read,
                                     seconds: BackupPlanner.restoreSeconds(bytes: g.bytes, readMBps: read, writeMBps: fullWrite))
        }
        let switchSeconds = groups[volumes[v].group].switchSeconds
        let baseCopy = targetIndex == v ? 0
            : BackupPlanner.restoreSeconds(bytes: volumes[v].capacity, readMBps: baseArea.readMBps,
                                           writeMBps: performance.volumes[targetIndex].writeMBps)
        let estimate = pieces.reduce(0) { $0 + $1.seconds } + baseCopy + (targetIndex == v ? switchSeconds : 0)
        return .success(RestorePlan(volume: name, generation: generation, target: volumes[targetIndex].name,
                                    base: base.number, pieces: pieces, baseCopySeconds: baseCopy,
                                    switchSeconds: targetIndex == v ? switchSeconds : 0,
                                    estimateSeconds: estimate, verifyOnly: verifyOnly))
    }

    /// Starts a planned restore; it completes after its simulated time and is then verified.
    @discardableResult
    public func startRestore(_ plan: RestorePlan) -> Result<Int, CommandError> { startRestore(plan, copyRecord: nil) }

    func startRestore(_ plan: RestorePlan, copyRecord: Int?) -> Result<Int, CommandError> {
        guard let v = volumes.firstIndex(where: { $0.name == plan.volume }),
              let t = volumes.firstIndex(where: { $0.name == plan.target }) else { return .failure(.init("unknown volume")) }
        if let m = runtime[v].merging, m.base == plan.generation {
            return .failure(.init("generation \(plan.generation) of \(plan.volume) is being merged into \(m.into); restore \(m.into) instead"))
        }
        if !plan.verifyOnly {
            if runtime[t].copying != nil { return .failure(.init("\(plan.target) has a backup copying; restore when it completes")) }
            if runtime[t].restoring { return .failure(.init("\(plan.target) is already being restored")) }
        }
        // Re-plan against the performance table as it is now: the run's time is what the array
        // would take at this moment, which may differ from an earlier estimate.
        guard case .success(let current) = planRestore(volume: plan.volume, generation: plan.generation,
                                                       target: plan.target == plan.volume ? nil : plan.target,
                                                       verifyOnly: plan.verifyOnly) else {
            return .failure(.init("generation \(plan.generation) of \(plan.volume) is no longer kept"))
        }
        // Data on a remote array with every line down cannot be read: no restore can start.
        guard current.estimateSeconds.isFinite, current.estimateSeconds < Double(Int64.max / 4) else {
            return .failure(.init("generation \(plan.generation) of \(plan.volume) cannot be read now (every line to the array holding it is down)"))
        }
        let id = nextRestoreID
        nextRestoreID += 1
        emit(.restorePlanned(current))
        restores[id] = RestoreInFlight(plan: current, volume: v, target: plan.verifyOnly ? nil : t, started: now, copyRecord: copyRecord)
        if !plan.verifyOnly { runtime[t].restoring = true }
        // Restores are served first where they share a RAID group or a line with other copies.
        startFlow(.restore(id: id), restoreStages(current, volume: v, target: t), priority: 0,
                  label: "restore of \(current.volume) generation \(current.generation)")
        return .success(id)
    }

    /// What a restore copies, in order, over the resources each piece uses — the same pieces and
    /// ends as its estimate: the full base onto another volume (if the target is not the volume
    /// itself), each piece onto the full, then the switch to it.
    func restoreStages(_ plan: RestorePlan, volume v: Int, target t: Int) -> [TransferStage] {
        guard let base = runtime[v].generation(plan.base) else { return [] }
        var stages: [TransferStage] = []
        if t != v { stages.append(.transfer(bytes: volumes[v].capacity, over: areaReadPath(base.area) + volumeWritePath(t))) }
        // From a remote array the data comes back over the lines onto the local volume.
        let fullWrite = areaWritePath(base.area) + (remoteHolding(base.area) != nil ? volumeWritePath(t) : [])
        for p in plan.pieces {
            let area = runtime[v].generation(p.generation)?.area
            stages.append(.transfer(bytes: p.bytes, over: (area.map(areaReadPath) ?? []) + fullWrite))
        }
        if plan.switchSeconds > 0 { stages.append(.wait(seconds: Double(plan.switchSeconds))) }
        return stages
    }

    func finishRestore(_ id: Int) {
        guard let r = restores.removeValue(forKey: id) else { return }
        let plan = r.plan
        emit(.restoreCompleted(volume: plan.volume, generation: plan.generation, target: plan.target,
                               estimateSeconds: plan.estimateSeconds, actualSeconds: now - r.started))
        let (ok, expected, actual, image) = verify(r.volume, plan.generation)
        if let t = r.target {
            runtime[t].restoring = false
            if let image {
                trackers[t].replaceContent(with: image, at: now)
                runtime[t].forcedFull = "restored from \(plan.volume) generation \(plan.generation)"
                if volumes[t].isFileGroup { writeBackFileGroup(t) } else { resyncFileGroups(onVolume: t) }
            }
            runPendingTrigger(t)
        }
        emit(.restoreVerified(volume: plan.volume, generation: plan.generation, target: plan.target, ok: ok,
                              expected: expected, actual: actual))
        if let c = r.copyRecord, let i = copies.firstIndex(where: { $0.id == c }), let image, ok {
            copies[i].state = .complete
            copies[i].completedAt = now
            copyImages[c] = image
            emit(.catalogCopied(copies[i]))
        }
    }

    /// Rebuilds a generation from its pieces and compares the recomputed digest with the recorded one.
    func verify(_ v: Int, _ number: Int) -> (ok: Bool, expected: UInt64, actual: UInt64, image: ContentMap?) {
        guard let gen = runtime[v].generation(number) else { return (false, 0, 0, nil) }
        guard let image = materialize(v, number) else { return (false, gen.digest, 0, nil) }
        let actual = image.recomputedDigest()
        return (actual == gen.digest, gen.digest, actual, image)
    }

    /// Restores every kept generation of every volume for verification only (nothing is
    /// overwritten) and reports each; returns (verified, failed).
    @discardableResult
    public func verifyAllKeptGenerations() -> (verified: Int, failed: Int) {
        var good = 0, bad = 0
        for v in volumes.indices {
            for gen in runtime[v].gens where gen.state == .complete {
                guard case .success(let plan) = planRestore(v, generation: gen.number, target: nil, verifyOnly: true)
                else { bad += 1; continue }
                emit(.restorePlanned(plan))
                // The data is checked either way; a time is reported only when one can be (a remote
                // copy with every line down has none).
                if plan.estimateSeconds.isFinite, plan.estimateSeconds < Double(Int64.max / 4) {
                    emit(.restoreCompleted(volume: plan.volume, generation: plan.generation, target: plan.target,
                                           estimateSeconds: plan.estimateSeconds, actualSeconds: Int64(plan.estimateSeconds.rounded(.up))))
                }
                let (ok, expected, actual, _) = verify(v, gen.number)
                emit(.restoreVerified(volume: plan.volume, generation: gen.number, target: "verify", ok: ok,
                                      expected: expected, actual: actual))
                if ok { good += 1 } else { bad += 1 }
            }
        }
        return (good, bad)
    }
}

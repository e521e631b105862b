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
        guard let gen = catalog.generation(v, generation) else {
            let kept = catalog.generations(v).map { String($0.number) }.joined(separator: ", ")
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
        let chain = catalog.chain(v, of: gen.number)
        guard let base = chain.first, base.method == .full, let baseArea = areaEntry(base.area) else {
            return .failure(.init("generation \(generation) of \(name) has no full base"))
        }
        let inPlace = targetIndex == v
        // Another volume first receives the full's whole image; then, as in place, the pieces are
        // copied onto the volume that holds the full, and the host is switched to it.
        let image = inPlace ? [] : [ChainPiece(bytes: volumes[v].capacity, readMBps: baseArea.readMBps)]
        let estimate = RestoreEstimate(pieces: image + chain.dropFirst().map(chainPiece),
                                       fullWriteMBps: restoreWriteMBps(v, base: base, target: targetIndex),
                                       switchSeconds: groups[volumes[v].group].switchSeconds)
        let seconds = estimate.pieceSeconds
        let pieces = zip(chain.dropFirst(), seconds.dropFirst(image.count)).map { g, s in
            RestorePlan.Piece(generation: g.number, method: g.method, bytes: g.bytes,
                              readMBps: areaEntry(g.area)?.readMBps ?? 0, seconds: s)
        }
        return .success(RestorePlan(volume: name, generation: generation, target: volumes[targetIndex].name,
                                    base: base.number, pieces: pieces, baseCopySeconds: inPlace ? 0 : seconds.first ?? 0,
                                    switchSeconds: estimate.switchSeconds,
                                    estimateSeconds: estimate.seconds, verifyOnly: verifyOnly))
    }

    /// Write MB/s of the volume a restore of `v`'s chain on `base` copies its pieces onto: the full's
    /// own area in place (from a remote array the data comes back over the lines onto the local
    /// volume: min(remote, local write)), or the other volume that received the full's image. The
    /// planner's estimate and restore plans both take it from here.
    func restoreWriteMBps(_ v: Int, base: BackupGeneration, target t: Int) -> Double {
        restoreWriteMBps(v, baseArea: base.area, target: t)
    }

    /// `restoreWriteMBps(_:base:target:)` from the area holding the full.
    func restoreWriteMBps(_ v: Int, baseArea: Int, target t: Int) -> Double {
        guard t == v else { return performance.volumes[t].writeMBps }
        let write = areaEntry(baseArea)?.writeMBps ?? 0
        return remoteHolding(baseArea) != nil ? min(write, performance.volumes[v].writeMBps) : write
    }

    /// Starts a planned restore; it completes after its simulated time and is then verified.
    @discardableResult
    public func startRestore(_ plan: RestorePlan) -> Result<Int, CommandError> { startRestore(plan, copyRecord: nil) }

    func startRestore(_ plan: RestorePlan, copyRecord: Int?) -> Result<Int, CommandError> {
        guard let v = volumes.firstIndex(where: { $0.name == plan.volume }),
              let t = volumes.firstIndex(where: { $0.name == plan.target }) else { return .failure(.init("unknown volume")) }
        if let m = copyProgram.merge(volume: v), m.base == plan.generation {
            return .failure(.init("generation \(plan.generation) of \(plan.volume) is being merged into \(m.into); restore \(m.into) instead"))
        }
        if !plan.verifyOnly {
            if copyProgram[volume: t].copying != nil { return .failure(.init("\(plan.target) has a backup copying; restore when it completes")) }
            if copyProgram[volume: t].restoring { return .failure(.init("\(plan.target) is already being restored")) }
        }
        // Re-plan against the performance table as it is now: the run's time is what the array
        // would take at this moment, which may differ from an earlier estimate.
        guard case .success(let current) = planRestore(volume: plan.volume, generation: plan.generation,
                                                       target: plan.target == plan.volume ? nil : plan.target,
                                                       verifyOnly: plan.verifyOnly) else {
            return .failure(.init("generation \(plan.generation) of \(plan.volume) is no longer kept"))
        }
        // Data on a remote array with every line down cannot be read: no restore can start.
        guard RestoreEstimate.wholeSeconds(current.estimateSeconds) != nil else {
            return .failure(.init("generation \(plan.generation) of \(plan.volume) cannot be read now (every line to the array holding it is down)"))
        }
        emit(.restorePlanned(current))
        let id = copyProgram.beginRestore(RestoreInFlight(plan: current, volume: v, target: plan.verifyOnly ? nil : t,
                                                          started: now, copyRecord: copyRecord))
        // Restores are served first where they share a RAID group or a line with other copies.
        startFlow(.restore(id: id), restoreStages(current, volume: v, target: t), priority: 0,
                  label: "restore of \(current.volume) generation \(current.generation)")
        return .success(id)
    }

    /// What a restore copies, in order, over the resources each piece uses — the same pieces and
    /// ends as its estimate: the full base onto another volume (if the target is not the volume
    /// itself), each piece onto the full, then the switch to it.
    func restoreStages(_ plan: RestorePlan, volume v: Int, target t: Int) -> [TransferStage] {
        guard let base = catalog.generation(v, plan.base) else { return [] }
        var stages: [TransferStage] = []
        if t != v { stages.append(.transfer(bytes: volumes[v].capacity, over: areaReadPath(base.area) + volumeWritePath(t))) }
        // The pieces are written where the full now is (`restoreWriteMBps`, the estimate's rule):
        // onto the target volume when restoring elsewhere; in place onto the full's own area, and
        // from a remote array back over the lines onto the local volume too.
        let fullWrite = t != v ? volumeWritePath(t)
            : areaWritePath(base.area) + (remoteHolding(base.area) != nil ? volumeWritePath(t) : [])
        for p in plan.pieces {
            let area = catalog.generation(v, p.generation)?.area
            stages.append(.transfer(bytes: p.bytes, over: (area.map(areaReadPath) ?? []) + fullWrite))
        }
        if plan.switchSeconds > 0 { stages.append(.wait(seconds: Double(plan.switchSeconds))) }
        return stages
    }

    func finishRestore(_ id: Int) {
        guard let r = copyProgram.finishRestore(id) else { return }
        let plan = r.plan
        emit(.restoreCompleted(volume: plan.volume, generation: plan.generation, target: plan.target,
                               estimateSeconds: plan.estimateSeconds, actualSeconds: now - r.started))
        let (ok, expected, actual, image) = verify(r.volume, plan.generation)
        if let t = r.target {
            if let image {
                differential.replaceContent(volume: t, with: image, at: now)
                runtime[t].forcedFull = "restored from \(plan.volume) generation \(plan.generation)"
                if volumes[t].isFileGroup { differential.writeBack(fileGroup: t) } else { resyncFileGroups(onVolume: t) }
            }
            runPendingTrigger(t)
        }
        emit(.restoreVerified(volume: plan.volume, generation: plan.generation, target: plan.target, ok: ok,
                              expected: expected, actual: actual))
        if let c = r.copyRecord, let image, ok, let copied = catalog.complete(c, holding: image, at: now) {
            emit(.catalogCopied(copied))
        }
    }

    /// Rebuilds a generation from its pieces and compares the recomputed digest with the recorded one.
    func verify(_ v: Int, _ number: Int) -> (ok: Bool, expected: UInt64, actual: UInt64, image: ContentMap?) {
        guard let gen = catalog.generation(v, number) else { return (false, 0, 0, nil) }
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
            for gen in catalog.generations(v) where gen.state == .complete {
                guard case .success(let plan) = planRestore(v, generation: gen.number, target: nil, verifyOnly: true)
                else { bad += 1; continue }
                emit(.restorePlanned(plan))
                // The data is checked either way; a time is reported only when one can be (a remote
                // copy with every line down has none).
                if let runSeconds = RestoreEstimate.wholeSeconds(plan.estimateSeconds) {
                    emit(.restoreCompleted(volume: plan.volume, generation: plan.generation, target: plan.target,
                                           estimateSeconds: plan.estimateSeconds, actualSeconds: runSeconds))
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

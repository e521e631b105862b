/// Retention: keep at most N generations per volume without ever leaving a kept generation
/// unrestorable.
extension ArraySimulator {
    /// Drops or consolidates the oldest generations.
    ///
    /// Before a new backup (`making`), room is made for it: the count is brought to N − 1, but the
    /// newest complete generation is never touched, because the new backup builds on it. After a
    /// backup completes, the count is brought to N. A base that a kept generation needs is merged
    /// forward into the next generation (policy `merge`) or kept past N (`keep`), and the event says so.
    func enforceRetention(_ v: Int, making: Bool) {
        let group = groups[volumes[v].group]
        let limit = group.objectives.generations - (making ? 1 : 0)
        // One consolidation at a time: retention carries on when the merge in flight is done.
        while copyProgram.merge(volume: v) == nil, runtime[v].gens.count > limit, runtime[v].gens.count > 1 {
            let oldest = runtime[v].gens[0]
            guard oldest.state == .complete else { return }
            let dependents = runtime[v].gens.filter { $0.parent == oldest.number }.map(\.number)
            if dependents.isEmpty {
                invalidate(v, at: 0, reason: "retention keeps \(group.objectives.generations) generations")
                continue
            }
            let next = runtime[v].gens[1]
            if making, runtime[v].gens.count == 2 || next.state != .complete { return }
            switch group.retention {
            case .merge:
                merge(v, reason: "retention keeps \(group.objectives.generations); generation \(oldest.number) is the base of \(dependents.map(String.init).joined(separator: ", "))")
                // The merge runs as a copy; retention goes on when it is done (`finishMerge`).
                return
            case .keep:
                // The oldest chain (its full and everything up to the next full) goes as a whole once
                // the newer generations alone make up the limit; until then it is kept past it.
                let chainEnd = runtime[v].gens.dropFirst().firstIndex { $0.method == .full } ?? runtime[v].gens.count
                if runtime[v].gens.count - chainEnd >= limit, chainEnd < runtime[v].gens.count {
                    for i in stride(from: chainEnd - 1, through: 0, by: -1) {
                        invalidate(v, at: i, reason: "retention keeps \(group.objectives.generations); its chain ended and a newer full holds the limit")
                    }
                    continue
                }
                if !making {
                    emit(.generationKept(volume: volumes[v].name, generation: oldest.number,
                                         reason: "it is the base of \(dependents.map(String.init).joined(separator: ", ")); kept past \(group.objectives.generations) until its chain can go as a whole"))
                }
                return
            }
        }
    }

    func invalidate(_ v: Int, at index: Int, reason: String) {
        let gen = runtime[v].gens.remove(at: index)
        // The record goes first, then the area returns to the pool at once.
        crashPoint("mid-prune")
        releaseArea(gen.area)
        poolManagement.spaceChanged()
        refreshChainBytes(v)
        emit(.generationInvalidated(volume: volumes[v].name, generation: gen.number, reason: reason))
    }

    /// Starts consolidating the oldest generation (a full) with the next one into a synthetic full
    /// at the next one's point in time, written into the base's area: the next one's bytes are
    /// read from its area and written over the base, sharing both RAID groups with the other
    /// copies. The next generation stays restorable throughout (its chain reads the base with its
    /// own changes laid over it, whichever granules the merge has already rewritten); the base
    /// itself is no longer a point in time and cannot be restored or deleted meanwhile.
    func merge(_ v: Int, reason: String) {
        let base = runtime[v].gens[0], next = runtime[v].gens[1]
        // The image is rebuilt once, when the merge completes; here only the chain must hold.
        var cursor: BackupGeneration? = next
        while let g = cursor, let p = g.parent { cursor = runtime[v].generation(p) }
        guard cursor?.method == .full else { return }
        copyProgram.beginMerge(volume: v, MergeInFlight(base: base.number, into: next.number, reason: reason, started: now))
        let seconds = startFlow(.merge(volume: v), [.transfer(bytes: next.bytes, over: areaToAreaPath(from: next.area, to: base.area))],
                                label: "merge of \(volumes[v].name) generation \(base.number) into \(next.number)") ?? Self.stalledSeconds
        emit(.generationMergeStarted(volume: volumes[v].name, base: base.number, into: next.number, bytes: next.bytes,
                                     copySeconds: seconds))
    }

    /// The merge's bytes are written: the next generation becomes the full in the base's area, its
    /// own area is released and the base goes. Then retention carries on.
    func finishMerge(_ v: Int) {
        guard let m = copyProgram.finishMerge(volume: v) else { return }
        guard runtime[v].gens.count >= 2, runtime[v].gens[0].number == m.base, runtime[v].gens[1].number == m.into,
              let image = materialize(v, m.into) else { return }
        let base = runtime[v].gens[0]
        let next = runtime[v].gens[1]
        crashPoint("mid-merge")
        releaseArea(next.area)
        poolManagement.spaceChanged()
        runtime[v].gens[1].content = .image(image)
        runtime[v].gens[1].method = .full
        runtime[v].gens[1].copyFunction = .mergedFull
        runtime[v].gens[1].parent = nil
        runtime[v].gens[1].area = base.area
        runtime[v].gens[1].bytes = volumes[v].capacity
        runtime[v].gens[1].revision += 1
        // A differential based on the old full holds every granule changed since it, so it applies
        // just as well on top of the merged full, which lies between the two points in time.
        for i in runtime[v].gens.indices where runtime[v].gens[i].parent == base.number {
            runtime[v].gens[i].parent = next.number
        }
        runtime[v].gens.remove(at: 0)
        refreshChainBytes(v)
        emit(.generationMerged(volume: volumes[v].name, base: base.number, into: next.number, reason: m.reason))
        enforceRetention(v, making: false)
    }

    /// Rebuilds a generation's image from its full base and the pieces above it, in order.
    func materialize(_ v: Int, _ number: Int) -> ContentMap? {
        var chain: [BackupGeneration] = []
        var cursor = runtime[v].generation(number)
        while let g = cursor {
            chain.insert(g, at: 0)
            cursor = g.parent.flatMap { runtime[v].generation($0) }
            if g.parent != nil, cursor == nil { return nil }
        }
        guard case .image(var map)? = chain.first?.content else { return nil }
        for g in chain.dropFirst() {
            switch g.content {
            case .delta(let runs): map.overlay(runs)
            case .image(let m): map = m
            }
        }
        return map
    }
}

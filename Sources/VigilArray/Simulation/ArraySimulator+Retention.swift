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
        while copyProgram.merge(volume: v) == nil, catalog.keptCount(v) > limit, catalog.keptCount(v) > 1 {
            let gens = catalog.generations(v)
            let oldest = gens[0]
            guard oldest.state == .complete else { return }
            let dependents = gens.filter { $0.parent == oldest.number }.map(\.number)
            if dependents.isEmpty {
                invalidate(v, at: 0, reason: "retention keeps \(group.objectives.generations) generations")
                continue
            }
            let next = gens[1]
            if making, gens.count == 2 || next.state != .complete { return }
            switch group.retention {
            case .merge:
                merge(v, reason: "retention keeps \(group.objectives.generations); generation \(oldest.number) is the base of \(dependents.map(String.init).joined(separator: ", "))")
                // The merge runs as a copy; retention goes on when it is done (`finishMerge`).
                return
            case .keep:
                // The oldest chain (its full and everything up to the next full) goes as a whole once
                // the newer generations alone make up the limit; until then it is kept past it.
                let chainEnd = gens.dropFirst().firstIndex { $0.method == .full } ?? gens.count
                if gens.count - chainEnd >= limit, chainEnd < gens.count {
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
        let gen = catalog.remove(volume: v, at: index)
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
        let gens = catalog.generations(v)
        let base = gens[0], next = gens[1]
        // The image is rebuilt once, when the merge completes; here only the chain must hold.
        guard let root = catalog.chain(v, of: next.number).first, root.parent == nil, root.method == .full else { return }
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
        // Read by position, holding no copy of the records: the base's image is taken out of its
        // record below and must then be referenced only here.
        guard catalog.keptCount(v) >= 2, catalog.records[v][0].number == m.base, catalog.records[v][1].number == m.into,
              let image = materializeForMerge(v, m.into) else { return }
        let base = (number: catalog.records[v][0].number, area: catalog.records[v][0].area)
        let next = (number: catalog.records[v][1].number, area: catalog.records[v][1].area)
        crashPoint("mid-merge")
        releaseArea(next.area)
        poolManagement.spaceChanged()
        _ = catalog.mergeOldest(volume: v, base: base.number, into: next.number, image: image, bytes: volumes[v].capacity)
        refreshChainBytes(v)
        emit(.generationMerged(volume: volumes[v].name, base: base.number, into: next.number, reason: m.reason))
        enforceRetention(v, making: false)
    }

    /// `materialize(v, number)` for a merge about to complete, whose base (the oldest record) goes
    /// right after: when the chain starts at that base, its image is taken out of the record rather
    /// than copied, so the pieces are laid over segments only it held in place instead of copying
    /// each segment they touch (most of a merge's cost).
    func materializeForMerge(_ v: Int, _ number: Int) -> ContentMap? {
        let positions = catalog.chainPositions(v, of: number)
        guard positions.first == 0, catalog.records[v][0].parent == nil,
              case .image = catalog.records[v][0].content else { return materialize(v, number) }
        var deltas: [GenerationContent] = []
        for p in positions.dropFirst() { deltas.append(catalog.records[v][p].content) }
        guard var map = catalog.takeImage(volume: v, at: 0) else { return nil }
        for content in deltas {
            switch content {
            case .delta(let runs): map.overlay(runs)
            case .image(let m): map = m
            }
        }
        return map
    }

    /// Rebuilds a generation's image from its full base and the pieces above it, in order.
    func materialize(_ v: Int, _ number: Int) -> ContentMap? {
        let chain = catalog.chain(v, of: number)
        // A parent no longer kept: the generation cannot be rebuilt.
        if chain.first?.parent != nil { return nil }
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

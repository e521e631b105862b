/// Copies share bandwidth: every copy (initial copy, backup, re-mirror, restore, host copy, remote
/// copy, merge) is a flow of the bandwidth model over the resources it uses, and completes when
/// the model says. What each copy got through the resource that limited it is measured into the
/// performance table.
extension ArraySimulator {
    /// Share of the modelled figure below which a measured one is reported as drift.
    static let driftThreshold = 0.8

    // MARK: Resources

    /// What reading a volume goes through: the volume and its RAID group (shared by the group's
    /// other volumes).
    func volumeReadPath(_ v: Int) -> [TransferResource] { [.volumeRead(v), .groupRead(volumes[v].raidGroup)] }
    func volumeWritePath(_ v: Int) -> [TransferResource] { [.volumeWrite(v), .groupWrite(volumes[v].raidGroup)] }

    /// What reading an area goes through: its pool RAID group, or a remote LU's RAID group and the
    /// lines to it.
    func areaReadPath(_ lun: Int) -> [TransferResource] {
        if let a = pool.areas[lun] { return [.groupRead(a.raidGroup)] }
        return destinations.readPath(lun) ?? []
    }

    func areaWritePath(_ lun: Int) -> [TransferResource] {
        if let a = pool.areas[lun] { return [.groupWrite(a.raidGroup)] }
        return destinations.writePath(lun) ?? []
    }

    /// What copying one area into another goes through. Two LUs of one remote array copy inside
    /// it (its copy program), so nothing crosses the lines.
    func areaToAreaPath(from source: Int, to destination: Int) -> [TransferResource] {
        destinations.internalCopyPath(from: source, to: destination) ?? areaReadPath(source) + areaWritePath(destination)
    }

    /// A resource's capacity: the modelled figures (never the measured ones, which are what
    /// sharing left a copy, not what the disks deliver). A RAID group carries at least what any
    /// of its volumes is rated at, so that a copy alone takes what the volume's row says.
    func capacity(of r: TransferResource) -> Double {
        switch r.kind {
        case .volumeRead: return performance.volumes[r.index].modelReadMBps
        case .volumeWrite: return performance.volumes[r.index].modelWriteMBps
        case .groupRead, .groupWrite:
            if groupCapacities.count != raidGroups.count {
                // Once per change of the table's model figures (init, degrade, repair, expansion):
                // linear in the volumes.
                groupCapacities = performance.raidGroups.map { ($0.modelReadMBps, $0.modelWriteMBps) }
                for v in volumes.indices {
                    let g = volumes[v].raidGroup, e = performance.volumes[v]
                    groupCapacities[g] = (max(groupCapacities[g].read, e.modelReadMBps), max(groupCapacities[g].write, e.modelWriteMBps))
                }
            }
            return r.kind == .groupRead ? groupCapacities[r.index].read : groupCapacities[r.index].write
        case .line: return remotes[r.index].bandwidth
        case .remoteGroupRead: return remotes[r.index].figures(r.sub).read
        case .remoteGroupWrite: return remotes[r.index].figures(r.sub).write
        }
    }

    // MARK: Flows

    /// Starts a copy; returns its seconds alone (the planned figure), or nil when a resource it
    /// needs carries nothing now (it waits at 0 MB/s until one does).
    @discardableResult
    func startFlow(_ purpose: CopyFlows.Purpose, _ stages: [TransferStage], priority: Int = 1, label: String) -> Int64? {
        for r in TransferStage.sortedUnique(stages.flatMap(\.resources)) { flows.model.setCapacity(r, capacity(of: r), at: now) }
        let alone = flows.model.aloneSeconds(stages, at: now)
        let id = flows.nextID
        flows.nextID += 1
        flows.model.start(id: id, stages: stages, priority: priority, at: now)
        let due = alone.map { now + $0 }
        flows.entries.append(CopyFlows.Entry(id: id, purpose: purpose, epoch: 0, due: due, started: now,
                                             aloneSeconds: alone, label: label))
        // Scheduled at once at its time alone, so that a copy that shares nothing keeps its place
        // among the instant's work exactly as before copies shared bandwidth; `settleFlows` moves it
        // if the solve says otherwise.
        if let due { schedule(due, .flowDue(flow: id, epoch: 0)) }
        flows.changed = true
        return alone
    }

    /// Re-solves the rates if anything changed and reschedules every copy whose due instant moved
    /// (called at the end of each instant and after a command from outside the clock).
    func settleFlows() {
        guard flows.changed else { return }
        flows.changed = false
        // By ID: the model and the engine's entries both keep flows in ID order, but a copy the
        // model does not know (or the reverse) must not shift every pairing after it.
        let list = flows.model.dues()
        // Both lists are kept in ID order, so they are paired by one merge on IDs; were either out
        // of order (or an ID repeated), a dictionary pairs them. Hashing every flow's ID at every
        // instant was a measurable share of a run.
        let merged = Self.strictlyIncreasing(list.lazy.map(\.id)) && Self.strictlyIncreasing(flows.entries.lazy.map(\.id))
        let dues = merged ? [:] : Dictionary(list.map { ($0.id, $0.due) }, uniquingKeysWith: { a, _ in a })
        var j = 0
        for k in flows.entries.indices {
            let due: SimTime?
            if merged {
                let id = flows.entries[k].id
                while j < list.count, list[j].id < id { j += 1 }
                guard j < list.count, list[j].id == id else { continue }
                due = list[j].due
            } else {
                guard let found = dues[flows.entries[k].id] else { continue }
                due = found
            }
            let d = (id: flows.entries[k].id, due: due)
            guard flows.entries[k].due != d.due else { continue }
            flows.entries[k].epoch += 1
            flows.entries[k].due = d.due
            if let due = d.due { schedule(due, .flowDue(flow: d.id, epoch: flows.entries[k].epoch)) }
            switch flows.entries[k].purpose {
            case .initialCopy(let v), .backup(let v, _):
                copyProgram.copyRescheduled(volume: v, due: d.due)
            case .remirror, .restore, .hostCopy, .remoteCopy, .merge:
                break
            }
        }
        let wake = flows.model.nextStageBoundary()
        if wake != flows.wake {
            flows.wakeEpoch += 1
            flows.wake = wake
            if let wake { schedule(wake, .flowsWake(epoch: flows.wakeEpoch)) }
        }
    }

    static func strictlyIncreasing<S: Sequence<Int>>(_ ids: S) -> Bool {
        var last = Int.min
        var first = true
        for id in ids {
            if !first, id <= last { return false }
            first = false
            last = id
        }
        return true
    }

    /// A copy's due instant came: if the model has it finished, measure it and complete it.
    func flowDue(_ id: Int, epoch: Int) {
        guard let k = flows.index(id), flows.entries[k].epoch == epoch else { return }
        flows.model.advance(to: now)
        flows.changed = true
        guard flows.model.flow(id)?.isFinished == true else { return }
        let entry = flows.entries.remove(at: k)
        let done = flows.model.remove(id: id, at: now)
        if let done { recordMeasures(done, entry) }
        switch entry.purpose {
        case .initialCopy(let v): finishInitialCopy(v)
        case .backup(let v, let number): finishCopy(v, number)
        case .remirror(let v, let area): finishRemirror(v, area: area)
        case .restore(let rid): finishRestore(rid)
        case .hostCopy(let record): finishHostCopy(record)
        case .remoteCopy(let record): finishRemoteCopy(record)
        case .merge(let v): finishMerge(v)
        }
    }

    func flowsWake(epoch: Int) {
        guard epoch == flows.wakeEpoch else { return }
        flows.wake = nil
        flows.model.advance(to: now)
        flows.changed = true
    }

    /// The RAID groups, volumes or lines changed: every resource in use takes its new capacity.
    func refreshFlowCapacities() {
        for c in flows.model.capacities { flows.model.setCapacity(c.resource, capacity(of: c.resource), at: now) }
        flows.changed = true
    }

    /// The volumes whose backup copies over the lines to remote `r` move now, and at what rate.
    func lineFlowRates(_ r: Int) -> [(id: Int, volume: Int, mbps: Double)] {
        flows.model.advance(to: now)
        _ = flows.model.dues()
        return flows.entries.compactMap { e in
            guard let v = e.purpose.backupVolume, let f = flows.model.flow(e.id), !f.isFinished,
                  f.stages.contains(where: { $0.resources.contains(.line(r)) }) else { return nil }
            return (e.id, v, f.rate)
        }
    }

    /// Why a volume's backup copy is stopped at 0 MB/s, if it is: a line it crosses is down, or
    /// every MB/s of a group it uses goes to restores (served first).
    func stoppedCopyCause(volume v: Int) -> String? {
        for e in flows.entries where e.due == nil {
            switch e.purpose {
            case .initialCopy(v), .backup(v, _): return stoppedCopyCause(flow: e.id)
            default: continue
            }
        }
        return nil
    }

    /// `stoppedCopyCause(volume:)` of every volume at once, by volume index, in one pass over the
    /// copies; nil when no copy is stopped (most instants). Compliance asks for every volume at
    /// every instant, and a pass per volume was quadratic in the volumes.
    func stoppedCopyCauses() -> [String?]? {
        var causes: [String?]?
        for k in flows.entries.indices where flows.entries[k].due == nil {
            switch flows.entries[k].purpose {
            case .initialCopy(let v), .backup(let v, _):
                if causes == nil { causes = Array(repeating: nil, count: volumes.count) }
                // The first stopped copy of a volume speaks for it, as in `stoppedCopyCause(volume:)`.
                if causes?.indices.contains(v) == true, causes?[v] == nil { causes?[v] = stoppedCopyCause(flow: flows.entries[k].id) }
            default:
                continue
            }
        }
        return causes
    }

    /// Why the copy of flow `id`, stopped at 0 MB/s, is stopped.
    func stoppedCopyCause(flow id: Int) -> String {
        let resources = flows.model.flow(id).map { f in f.stage < f.stages.count ? f.stages[f.stage].resources : [] } ?? []
        if resources.contains(where: { $0.kind == .line && (flows.model.capacity($0) ?? 0) == 0 }) {
            return "line down — the transfer is paused"
        }
        return "restores first — a restore takes all the bandwidth the copy needs"
    }

    // MARK: Measured speeds

    /// Records what a finished copy got through each resource that limited it into the
    /// performance table (volumes and RAID groups of this array), and reports drift below 80 %
    /// of the model.
    ///
    /// What a restore measured becomes the figure the planner and every restore estimate use: those
    /// estimates predict a restore, and restores are served before any other copy. What a backup or
    /// a merge got is its share among the other backups of the hour (often a few per cent of the
    /// group when a whole group's triggers fire together); it is kept and shown beside the model and
    /// reported as drift, but a restore would not be held to it, so it does not make every restore
    /// estimate, and with it the choice of method, that many times slower.
    func recordMeasures(_ flow: TransferFlow, _ entry: CopyFlows.Entry) {
        let inForce: Bool
        if case .restore = entry.purpose { inForce = true } else { inForce = false }
        for m in flow.measures.sorted(by: { $0.resource < $1.resource }) {
            let r = m.resource
            let recorded: (entry: PerformanceEntry, before: Double?)?
            switch r.kind {
            case .volumeRead, .volumeWrite:
                recorded = performance.record(measured: m.mbps, volume: r.index, read: r.isRead, inForce: inForce)
            case .groupRead, .groupWrite:
                recorded = performance.record(measured: m.mbps, raidGroup: r.index, read: r.isRead, inForce: inForce)
            case .line, .remoteGroupRead, .remoteGroupWrite:
                recorded = nil
            }
            guard let (row, before) = recorded else { continue }
            let model = r.isRead ? row.modelReadMBps : row.modelWriteMBps
            guard let measured = r.isRead ? row.measuredReadMBps : row.measuredWriteMBps else { continue }
            if inForce, before != measured { rtoStale = true }
            let bound = model * Self.driftThreshold
            if measured < bound, before.map({ $0 >= bound }) ?? true {
                emit(.performanceDrift(lun: row.lun, name: row.name, direction: r.isRead ? "read" : "write",
                                       modelMBps: model, measuredMBps: measured, copy: entry.label))
            }
        }
    }
}

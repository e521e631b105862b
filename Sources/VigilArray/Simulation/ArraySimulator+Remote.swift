/// Remote backup arrays (the specification's second embodiment): LUs created on request, planning
/// and restores limited by the transfer lines, transfers that pause while the lines are down.
extension ArraySimulator {
    /// The remote array holding an LU, if the LUN is one.
    func remoteHolding(_ lun: Int) -> Int? { remotes.firstIndex { $0.lus[lun] != nil } }

    /// The figures a remote LU offers the local array: its RAID group's, limited by the lines.
    func remoteEntry(_ lun: Int) -> PerformanceEntry? {
        guard let r = remoteHolding(lun), let lu = remotes[r].lus[lun] else { return nil }
        let rg = remotes[r].raidGroups[lu.raidGroup]
        let f = remotes[r].figures(lu.raidGroup)
        let bw = remotes[r].bandwidth
        return PerformanceEntry(lun: lun, name: "\(remotes[r].id)/LU\(lun)", layout: rg.layout, diskType: rg.diskType,
                                capacity: lu.bytes, readMBps: min(f.read, bw), writeMBps: min(f.write, bw),
                                overridden: false, degraded: rg.degraded)
    }

    /// What a remote array offers the planner now.
    func remoteOffer(_ r: Int) -> TierOffer {
        let remote = remotes[r]
        let g = remote.placement(1) ?? 0
        let f = remote.raidGroups.isEmpty ? (read: 0.0, write: 0.0) : remote.figures(g)
        return TierOffer(destination: .remoteArray(r), name: remote.id, readMBps: min(f.read, remote.bandwidth),
                         writeMBps: min(f.write, remote.bandwidth), largestFree: remote.largestFree)
    }

    /// The tiers a group's backups may use: its remote array's, or the pool's.
    func offers(forGroup g: Int) -> [TierOffer] {
        groups[g].destination.map { [remoteOffer($0)] } ?? tierOffers()
    }

    /// Allocates an area on a pool tier or creates an LU on a remote array; returns its LUN.
    func allocateArea(bytes: Int64, on destination: BackupDestination, purpose: AreaPurpose) -> Int? {
        switch destination {
        case .poolTier(let tier):
            return poolManagement.allocate(bytes: bytes, tier: tier, purpose: purpose, groups: raidGroups)?.lun
        case .remoteArray(let r):
            let lun = nextRemoteLUN
            guard let lu = remotes[r].createLU(bytes: bytes, lun: lun, purpose: purpose) else { return nil }
            nextRemoteLUN += 1
            let rg = remotes[r].raidGroups[lu.raidGroup]
            let f = remotes[r].figures(lu.raidGroup)
            // The volume manager reports the LU; its figures enter the local performance table.
            performance.remoteLUs[lun] = PerformanceEntry(lun: lun, name: "\(remotes[r].id)/LU\(lun)", layout: rg.layout,
                                                          diskType: rg.diskType, capacity: bytes, readMBps: f.read,
                                                          writeMBps: f.write, overridden: false, degraded: rg.degraded)
            emit(.remoteLUCreated(remote: remotes[r].id, lun: lun, bytes: bytes, layout: rg.layout, diskType: rg.diskType,
                                  readMBps: f.read, writeMBps: f.write))
            return lun
        }
    }

    func releaseArea(_ lun: Int) {
        if let r = remoteHolding(lun) {
            remotes[r].release(lun)
            performance.remoteLUs[lun] = nil
        } else {
            poolManagement.release(lun)
        }
    }

    func relabelArea(_ lun: Int, as purpose: AreaPurpose) {
        if let r = remoteHolding(lun) { remotes[r].lus[lun]?.purpose = purpose } else { poolManagement.relabel(lun, as: purpose) }
    }

    /// The tier (or remote array) an area belongs to, by name.
    func areaTierName(_ lun: Int) -> String? {
        if let a = pool.areas[lun] { return pool.tiers[a.tier].name }
        return remoteHolding(lun).map { remotes[$0].id }
    }

    /// Every allocated area, pool and remote, for stores and checks.
    public var allAreas: [Int: AreaInfo] {
        var out: [Int: AreaInfo] = [:]
        for (lun, a) in pool.areas {
            out[lun] = AreaInfo(tier: pool.tiers[a.tier].name, raidGroup: raidGroups[a.raidGroup].name, bytes: a.bytes, purpose: a.purpose)
        }
        for r in remotes {
            for (lun, lu) in r.lus {
                out[lun] = AreaInfo(tier: r.id, raidGroup: "\(r.id)/\(r.raidGroups[lu.raidGroup].name)", bytes: lu.bytes, purpose: lu.purpose)
            }
        }
        return out
    }

    // MARK: Transfers over the lines

    /// Starts a copy to a remote LU: `lineBytes` cross the line at min(volume read, line, LU write)
    /// (shared with the other copies on them), then `remoteBytes` are assembled on the remote side
    /// from its previous backup, then the line's latency passes. Returns the seconds it takes alone
    /// now, or −1 while every line is down (it waits, paused, for one).
    @discardableResult
    func startTransfer(volume v: Int, lun: Int, generation: Int?, lineBytes: Int64, remoteBytes: Int64) -> Int64 {
        guard let r = remoteHolding(lun), let lu = remotes[r].lus[lun] else { return 0 }
        let latency = Int64(remotes[r].lines.filter(\.up).map(\.latencySeconds).max()?.rounded(.up) ?? 0)
        let remoteGroup: [TransferResource] = [.remoteGroupRead(r, lu.raidGroup), .remoteGroupWrite(r, lu.raidGroup)]
        let stages: [TransferStage] = [
            .transfer(bytes: lineBytes, over: volumeReadPath(v) + areaWritePath(lun), endsOnWholeSecond: true),
            .transfer(bytes: remoteBytes, over: remoteGroup, endsOnWholeSecond: true),
            .wait(seconds: Double(latency)),
        ]
        let purpose: CopyFlows.Purpose = generation.map { .backup(volume: v, generation: $0) } ?? .initialCopy(volume: v)
        let what = generation == nil ? "initial copy" : "transfer"
        guard let seconds = startFlow(purpose, stages, label: "\(what) of \(volumes[v].name) to \(remotes[r].id)") else { return -1 }
        runtime[v].copyWindow = TimeWindow(start: runtime[v].copyWindow?.start ?? now, end: now + seconds)
        return seconds
    }

    /// Transfers stored by versions before copies shared bandwidth (`transfers`) run on at their
    /// own rate until they complete; new ones are flows (`startTransfer`).
    func transferRate(_ v: Int, _ lun: Int) -> Double {
        min(performance.volumes[v].readMBps, remoteEntry(lun)?.writeMBps ?? 0)
    }

    /// Schedules the transfer's end at its current rate; nil (and nothing scheduled) while the line is down.
    @discardableResult
    func scheduleTransfer(_ v: Int) -> Int64? {
        guard let t = transfers[v], t.mbps > 0 else { return nil }
        let latency = Int64(remotes[t.remote].lines.filter(\.up).map(\.latencySeconds).max()?.rounded(.up) ?? 0)
        let seconds = Int64((t.lineBytesLeft / (t.mbps * 1_000_000)).rounded(.up)) + t.remoteSeconds + latency
        schedule(now + seconds, .transferDone(volume: v, epoch: t.epoch))
        runtime[v].copyWindow = TimeWindow(start: runtime[v].copyWindow?.start ?? now, end: now + seconds)
        return seconds
    }

    func finishTransfer(_ v: Int, epoch: Int) {
        guard let t = transfers[v], t.epoch == epoch else { return }
        transfers[v] = nil
        if let g = t.generation { finishCopy(v, g) } else { finishInitialCopy(v) }
    }

    /// A line goes down or comes back: transfers on that array account for what crossed, then
    /// pause (no generation is complete until all its data arrived) or carry on at the new rate.
    func setLine(_ name: String, _ line: Int, up: Bool) -> String? {
        guard let r = remotes.firstIndex(where: { $0.id == name }) else { return "no remote array named \(name)" }
        guard remotes[r].lines.indices.contains(line) else { return "\(name) has lines 0…\(remotes[r].lines.count - 1), not \(line)" }
        guard remotes[r].lines[line].up != up else { return "line \(line) of \(name) is already \(up ? "up" : "down")" }
        var paused: [String] = [], resumed: [String] = []
        let before = lineFlowRates(r)
        for v in transfers.keys.sorted() where transfers[v]!.remote == r {
            var t = transfers[v]!
            t.lineBytesLeft = max(0, t.lineBytesLeft - Double(now - t.since) * t.mbps * 1_000_000)
            t.since = now
            t.epoch += 1
            transfers[v] = t
        }
        remotes[r].lines[line].up = up
        for v in transfers.keys.sorted() where transfers[v]!.remote == r {
            let was = transfers[v]!.mbps
            transfers[v]!.mbps = transferRate(v, transfers[v]!.lun)
            if transfers[v]!.mbps == 0, was > 0 { paused.append(volumes[v].name) }
            if transfers[v]!.mbps > 0, was == 0 { resumed.append(volumes[v].name) }
            scheduleTransfer(v)
        }
        // Copies on the lines go on at the new bandwidth, or stop at 0 MB/s until a line is back.
        refreshFlowCapacities()
        let after = lineFlowRates(r)
        for b in before {
            guard let rate = after.first(where: { $0.id == b.id })?.mbps else { continue }
            if rate == 0, b.mbps > 0 { paused.append(volumes[b.volume].name) }
            if rate > 0, b.mbps == 0 { resumed.append(volumes[b.volume].name) }
        }
        emit(.lineChanged(remote: name, line: line, up: up, bandwidthMBps: remotes[r].bandwidth,
                          transfersPaused: paused, transfersResumed: resumed))
        // Backups that waited for a line are decided now.
        if remotes[r].bandwidth > 0 {
            for v in volumes.indices where groups[volumes[v].group].destination == r && runtime[v].copying == nil {
                runPendingTrigger(v)
            }
        }
        return nil
    }

    // MARK: Copying a generation to another array (claim 8)

    func copyToArray(_ id: Int, _ name: String, label: String? = nil) -> String? {
        guard let r = remotes.firstIndex(where: { $0.id == name }) else { return "no remote array named \(name)" }
        guard let (v, gen) = allGenerations.first(where: { $0.generation.recordID == id }) else { return catalog.notAGeneration(id) }
        guard gen.state == .complete else { return "record \(id) (\(volumes[v].name) generation \(gen.number)) is still copying" }
        guard remotes[r].bandwidth > 0 else { return "every line to \(name) is down" }
        guard let image = materialize(v, gen.number) else { return "record \(id) cannot be rebuilt" }
        let bytes = volumes[v].capacity
        guard remotes[r].largestFree >= bytes else {
            return "\(name) cannot create an LU of \(ByteSize.format(bytes)) (largest free \(ByteSize.format(remotes[r].largestFree)))"
        }
        guard let lun = allocateArea(bytes: bytes, on: .remoteArray(r), purpose: .full) else { return "\(name) cannot create the LU" }
        // Its record is kept in the remote array's own region (with the LU), not in ours.
        let record = catalog.generationCopy(of: gen, volume: volumes[v].name, to: "\(name)/\(label ?? "LU\(lun)")",
                                            bytes: bytes, at: now)
        var stored = record
        stored.area = lun
        remotes[r].records.append(stored)
        remoteImages[record.id] = image
        let source = areaReadPath(gen.area)
        let seconds = startFlow(.remoteCopy(record: record.id),
                                [.transfer(bytes: bytes, over: (source.isEmpty ? volumeReadPath(v) : source) + areaWritePath(lun))],
                                label: "copy of record \(id) to \(name)") ?? Self.stalledSeconds
        emit(.catalogCopyStarted(record, completesAt: now + seconds))
        return nil
    }

    func finishRemoteCopy(_ id: Int) {
        for r in remotes.indices {
            guard let i = remotes[r].records.firstIndex(where: { $0.id == id }) else { continue }
            remotes[r].records[i].state = .complete
            remotes[r].records[i].completedAt = now
            emit(.catalogCopied(remotes[r].records[i]))
        }
    }

    /// Rebuilds a copy stored on a remote array and checks it against the original's digest.
    public func verifyRemoteCopy(_ id: Int) -> Bool {
        guard let rec = remotes.lazy.flatMap(\.records).first(where: { $0.id == id }), rec.state == .complete,
              let image = remoteImages[id] else { return false }
        return image.recomputedDigest() == rec.digest
    }

    /// The data a remote copy record holds (for stores).
    public func remoteImage(_ id: Int) -> ContentMap? { remoteImages[id] }
}

/// An allocated area as stores and checks see it.
public struct AreaInfo: Sendable, Equatable {
    public var tier: String
    public var raidGroup: String
    public var bytes: Int64
    public var purpose: AreaPurpose
}

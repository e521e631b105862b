/// Remote backup arrays (the specification's second embodiment), as the backup control program
/// drives them: backup destination management (`destinations`) answers where an LU goes, what it
/// offers and what a line change did; this reports it as events, puts created LUs in the
/// performance table and schedules what the lines change.
extension ArraySimulator {
    /// The remote array holding an LU, if the LUN is one.
    func remoteHolding(_ lun: Int) -> Int? { destinations.holding(lun) }

    /// The figures a remote LU offers the local array: its RAID group's, limited by the lines.
    func remoteEntry(_ lun: Int) -> PerformanceEntry? { destinations.entry(lun) }

    /// The tiers a group's backups may use: its remote array's, or the pool's.
    func offers(forGroup g: Int) -> [TierOffer] {
        groups[g].destination.map { [destinations.offer($0)] } ?? tierOffers()
    }

    /// Allocates an area on a pool tier or creates an LU on a remote array; returns its LUN.
    func allocateArea(bytes: Int64, on destination: BackupDestination, purpose: AreaPurpose) -> Int? {
        switch destination {
        case .poolTier(let tier):
            return poolManagement.allocate(bytes: bytes, tier: tier, purpose: purpose, groups: raidGroups)?.lun
        case .remoteArray(let r):
            guard let created = destinations.createLU(bytes: bytes, on: r, purpose: purpose) else { return nil }
            // The volume manager reports the LU; its figures enter the local performance table.
            let row = created.reported
            performance.remoteLUs[created.lun] = row
            emit(.remoteLUCreated(remote: remotes[r].id, lun: created.lun, bytes: bytes, layout: row.layout, diskType: row.diskType,
                                  readMBps: row.readMBps, writeMBps: row.writeMBps))
            return created.lun
        }
    }

    func releaseArea(_ lun: Int) {
        if destinations.release(lun) {
            performance.remoteLUs[lun] = nil
        } else {
            poolManagement.release(lun)
        }
    }

    func relabelArea(_ lun: Int, as purpose: AreaPurpose) {
        if !destinations.relabel(lun, as: purpose) { poolManagement.relabel(lun, as: purpose) }
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
        out.merge(destinations.areas) { _, remote in remote }
        return out
    }

    // MARK: Transfers over the lines

    /// Starts a copy to a remote LU: `lineBytes` cross the line at min(volume read, line, LU write)
    /// (shared with the other copies on them), then `remoteBytes` are assembled on the remote side
    /// from its previous backup, then the line's latency passes. Returns the seconds it takes alone
    /// now, or −1 while every line is down (it waits, paused, for one).
    @discardableResult
    func startTransfer(volume v: Int, lun: Int, generation: Int?, lineBytes: Int64, remoteBytes: Int64) -> Int64 {
        guard let (r, lu) = destinations.lu(lun) else { return 0 }
        let latency = destinations.latencySeconds(r)
        let remoteGroup: [TransferResource] = [.remoteGroupRead(r, lu.raidGroup), .remoteGroupWrite(r, lu.raidGroup)]
        let stages: [TransferStage] = [
            .transfer(bytes: lineBytes, over: volumeReadPath(v) + areaWritePath(lun), endsOnWholeSecond: true),
            .transfer(bytes: remoteBytes, over: remoteGroup, endsOnWholeSecond: true),
            .wait(seconds: Double(latency)),
        ]
        let purpose: CopyFlows.Purpose = generation.map { .backup(volume: v, generation: $0) } ?? .initialCopy(volume: v)
        let what = generation == nil ? "initial copy" : "transfer"
        guard let seconds = startFlow(purpose, stages, label: "\(what) of \(volumes[v].name) to \(remotes[r].id)") else { return -1 }
        copyProgram.expectEnd(volume: v, at: now + seconds, now: now)
        return seconds
    }

    /// Schedules the end of a transfer stored by a version before copies shared bandwidth (they run
    /// on at their own rate until they complete; new ones are flows, `startTransfer`) at its current
    /// rate; nil (and nothing scheduled) while the line is down.
    @discardableResult
    func scheduleTransfer(_ v: Int) -> Int64? {
        guard let t = destinations.transfers[v], t.mbps > 0 else { return nil }
        let latency = destinations.latencySeconds(t.remote)
        let seconds = Int64((t.lineBytesLeft / (t.mbps * 1_000_000)).rounded(.up)) + t.remoteSeconds + latency
        schedule(now + seconds, .transferDone(volume: v, epoch: t.epoch))
        copyProgram.expectEnd(volume: v, at: now + seconds, now: now)
        return seconds
    }

    func finishTransfer(_ v: Int, epoch: Int) {
        guard let t = destinations.finishTransfer(volume: v, epoch: epoch) else { return }
        if let g = t.generation { finishCopy(v, g) } else { finishInitialCopy(v) }
    }

    /// A line goes down or comes back: transfers on that array account for what crossed, then
    /// pause (no generation is complete until all its data arrived) or carry on at the new rate.
    func setLine(_ name: String, _ line: Int, up: Bool) -> String? {
        let r: Int
        switch destinations.lineChangeAllowed(named: name, line, up: up) {
        case .success(let remote): r = remote
        case .failure(let refusal): return refusal.message
        }
        // The copies' rates are read before the change, to tell which it paused or resumed.
        let before = lineFlowRates(r)
        let change = destinations.setLine(remote: r, line, up: up, at: now, volumeReadMBps: { performance.volumes[$0].readMBps })
        var paused = change.paused.map { volumes[$0].name }, resumed = change.resumed.map { volumes[$0].name }
        for v in change.rescheduled { scheduleTransfer(v) }
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
            for v in volumes.indices where groups[volumes[v].group].destination == r && copyProgram[volume: v].copying == nil {
                runPendingTrigger(v)
            }
        }
        return nil
    }

    // MARK: Copying a generation to another array (claim 8)

    func copyToArray(_ id: Int, _ name: String, label: String? = nil) -> String? {
        guard let r = destinations.index(named: name) else { return "no remote array named \(name)" }
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
        destinations.keep(stored, on: r, image: image)
        let source = areaReadPath(gen.area)
        let seconds = startFlow(.remoteCopy(record: record.id),
                                [.transfer(bytes: bytes, over: (source.isEmpty ? volumeReadPath(v) : source) + areaWritePath(lun))],
                                label: "copy of record \(id) to \(name)") ?? Self.stalledSeconds
        emit(.catalogCopyStarted(record, completesAt: now + seconds))
        return nil
    }

    func finishRemoteCopy(_ id: Int) {
        for record in destinations.completeRecord(id, at: now) { emit(.catalogCopied(record)) }
    }

    /// Rebuilds a copy stored on a remote array and checks it against the original's digest.
    public func verifyRemoteCopy(_ id: Int) -> Bool { destinations.verify(record: id) }

    /// The data a remote copy record holds (for stores).
    public func remoteImage(_ id: Int) -> ContentMap? { destinations.image(id) }
}

/// An allocated area as stores and checks see it.
public struct AreaInfo: Sendable, Equatable {
    public var tier: String
    public var raidGroup: String
    public var bytes: Int64
    public var purpose: AreaPurpose
}

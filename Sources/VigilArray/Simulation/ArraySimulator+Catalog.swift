/// The management-information commands of the claims document: candidate destinations, deleting a
/// record, copying a generation to a third volume, and the host-initiated backup naming both
/// regions.
extension ArraySimulator {
    /// Where a source volume could be backed up (claim 2), best first: those that fit the RTO, then
    /// the fastest restore, then the most free space.
    public func destinations(for source: String) -> Result<[DestinationCandidate], CommandError> {
        guard let v = volumes.firstIndex(where: { $0.name == source }) else { return .failure(.init("no volume named \(source)")) }
        let vol = volumes[v]
        let rto = groups[vol.group].objectives.rto
        let write = performance.volumes[v].writeMBps
        // Restoring from a destination copies the whole image back onto the source, then switches
        // the host to it: the one restore estimate with that image as its only piece.
        func restoreSeconds(readMBps: Double) -> Double {
            RestoreEstimate(pieces: [ChainPiece(bytes: vol.capacity, readMBps: readMBps)], fullWriteMBps: write,
                            switchSeconds: groups[vol.group].switchSeconds).seconds
        }
        var list: [DestinationCandidate] = []
        for offer in tierOffers() {
            let seconds = restoreSeconds(readMBps: offer.readMBps)
            let room = offer.largestFree >= vol.capacity
            list.append(DestinationCandidate(
                name: offer.name, kind: .poolTier, freeBytes: offer.destination.poolTier.map { pool.free(ofTier: $0, groups: raidGroups) } ?? 0,
                restoreSeconds: seconds, rto: rto, fits: room && rto.map { seconds <= Double($0) } ?? room,
                unusable: room ? nil : "no area of \(ByteSize.format(vol.capacity)) left (largest \(ByteSize.format(offer.largestFree)))"))
        }
        for r in remotes.indices {
            // A remote array: its LU created at the size asked, read back over the lines.
            let offer = destinations.offer(r)
            let seconds = restoreSeconds(readMBps: offer.readMBps)
            let room = offer.largestFree >= vol.capacity
            let unusable = offer.readMBps == 0 ? "every line to \(remotes[r].id) is down"
                : room ? nil : "no LU of \(ByteSize.format(vol.capacity)) can be created (largest free \(ByteSize.format(offer.largestFree)))"
            list.append(DestinationCandidate(name: remotes[r].id, kind: .remoteArray, freeBytes: remotes[r].free, restoreSeconds: seconds,
                                             rto: rto, fits: unusable == nil && rto.map { seconds <= Double($0) } ?? (unusable == nil),
                                             unusable: unusable))
        }
        for (t, other) in volumes.enumerated() where t != v {
            let seconds = restoreSeconds(readMBps: performance.volumes[t].readMBps)
            let unusable = copyTargetProblem(source: v, target: t)
            list.append(DestinationCandidate(name: other.name, kind: .volume, freeBytes: other.capacity, restoreSeconds: seconds,
                                             rto: rto, fits: unusable == nil && rto.map { seconds <= Double($0) } ?? (unusable == nil),
                                             unusable: unusable))
        }
        list.sort { a, b in
            if a.fits != b.fits { return a.fits }
            if (a.unusable == nil) != (b.unusable == nil) { return a.unusable == nil }
            if a.restoreSeconds != b.restoreSeconds { return a.restoreSeconds < b.restoreSeconds }
            return (a.freeBytes, a.name) > (b.freeBytes, b.name)
        }
        return .success(list)
    }

    /// Why volume `t` cannot hold volume `v`'s image (too small, or tracked in other granules), or
    /// nil. Restores to another volume and copies share this rule.
    func fitProblem(source v: Int, target t: Int) -> String? {
        if volumes[t].capacity < volumes[v].capacity {
            return "\(volumes[t].name) (\(ByteSize.format(volumes[t].capacity))) is smaller than \(volumes[v].name) (\(ByteSize.format(volumes[v].capacity)))"
        }
        if volumes[t].granule != volumes[v].granule {
            return "\(volumes[t].name) tracks changes in \(ByteSize.format(volumes[t].granule)) granules, \(volumes[v].name) in \(ByteSize.format(volumes[v].granule))"
        }
        return nil
    }

    /// Why volume `t` cannot receive a copy of volume `v`, or nil.
    func copyTargetProblem(source v: Int, target t: Int) -> String? {
        if t == v { return "it is the source itself" }
        if let problem = fitProblem(source: v, target: t) { return problem }
        if copyProgram.backupCopying(volume: t) { return "\(volumes[t].name) has a backup copying" }
        if copyProgram[volume: t].restoring { return "\(volumes[t].name) is being restored" }
        if catalog.isReceivingCopy(volumes[t].name) {
            return "\(volumes[t].name) is already receiving a copy"
        }
        return nil
    }

    /// A record by ID: a generation (with its volume) or a copy.
    public enum CatalogEntry: Sendable {
        case generation(volume: String, group: String, BackupGeneration)
        case copy(CopyRecord)
    }

    public func catalogEntry(_ id: Int) -> CatalogEntry? {
        for (v, g) in allGenerations where g.recordID == id {
            return .generation(volume: volumes[v].name, group: groups[volumes[v].group].name, g)
        }
        return catalog.copy(id).map { .copy($0) }
    }

    func deleteRecord(_ id: Int) -> String? {
        switch catalog.deleteCopy(id) {
        case .refused(let problem): return problem
        case .deleted(let record):
            emit(.catalogDeleted(record: id, what: "\(record.kind.rawValue) of \(record.sourceVolume) held on \(record.destinationVolume); the volume keeps its data"))
            return nil
        case .notACopy: break
        }
        guard let (v, gen) = allGenerations.first(where: { $0.generation.recordID == id }) else { return "no record \(id)" }
        let name = volumes[v].name
        // Which records depend on it is the catalog's rule; releasing the area and the chain is ours.
        let newest: Bool
        switch ManagementInformation.deletion(of: gen, volume: name, kept: catalog.generations(v), merging: copyProgram.merge(volume: v)) {
        case .refused(let problem): return problem
        case .allowed(let isNewest): newest = isNewest
        }
        guard let index = catalog.index(v, of: gen.number) else { return "no record \(id)" }
        invalidate(v, at: index, reason: "deleted by the host (record \(id))")
        if newest {
            // The next backup's change table starts at the deleted generation: only a full
            // describes the volume again.
            runtime[v].forcedFull = "its newest generation (record \(id)) was deleted"
        }
        emit(.catalogDeleted(record: id, what: "\(name) generation \(gen.number) and its area"))
        return nil
    }

    func copyRecordToVolume(_ id: Int, _ target: String) -> String? {
        guard let (v, gen) = allGenerations.first(where: { $0.generation.recordID == id }) else { return catalog.notAGeneration(id) }
        guard gen.state == .complete else { return "record \(id) (\(volumes[v].name) generation \(gen.number)) is still copying" }
        guard let t = volumes.firstIndex(where: { $0.name == target }) else { return "no volume named \(target)" }
        if let problem = copyTargetProblem(source: v, target: t) { return problem }
        guard case .success(let plan) = planRestore(v, generation: gen.number, target: target, verifyOnly: false) else {
            return "record \(id) cannot be rebuilt"
        }
        let record = catalog.generationCopy(of: gen, volume: volumes[v].name, to: target, bytes: volumes[v].capacity, at: now)
        catalog.keep(record)
        switch startRestore(plan, copyRecord: record.id) {
        case .failure(let e):
            catalog.withdraw(record.id)
            return e.message
        case .success(let running):
            // startRestore only starts a restore whose estimate is a finite time.
            let seconds = restores[running].flatMap { RestoreEstimate.wholeSeconds($0.plan.estimateSeconds) } ?? 0
            emit(.catalogCopyStarted(record, completesAt: now + seconds))
        }
        return nil
    }

    func hostBackup(_ source: String, _ destination: String, _ method: CopyRecord.Kind) -> String? {
        guard method != .generationCopy else { return "a host backup is a mirror or a snapshot" }
        guard let v = volumes.firstIndex(where: { $0.name == source }) else { return "no volume named \(source)" }
        guard let t = volumes.firstIndex(where: { $0.name == destination }) else { return "no volume named \(destination)" }
        if let problem = copyTargetProblem(source: v, target: t) { return problem }
        let record = catalog.hostBackup(method, of: source, to: destination, digest: trackers[v].content.digest,
                                        bytes: volumes[v].capacity, at: now)
        catalog.keep(record)
        // A snapshot is a point-in-time image at once; a mirror is duplicated first and split when
        // it has caught up, so its image is the source at the split.
        if method == .snapshot {
            emit(.catalogCopyStarted(record, completesAt: now))
            finishHostCopy(record.id)
        } else {
            let seconds = startFlow(.hostCopy(record: record.id),
                                    [.transfer(bytes: volumes[v].capacity, over: volumeReadPath(v) + volumeWritePath(t))],
                                    label: "mirror of \(source) to \(destination)") ?? Self.stalledSeconds
            emit(.catalogCopyStarted(record, completesAt: now + seconds))
        }
        return nil
    }

    func finishHostCopy(_ id: Int) {
        guard let c = catalog.copy(id), c.state == .copying,
              let v = volumes.firstIndex(where: { $0.name == c.sourceVolume }),
              let t = volumes.firstIndex(where: { $0.name == c.destinationVolume }) else { return }
        let image = trackers[v].content
        guard let copied = catalog.complete(id, holding: image, at: now) else { return }
        differential.replaceContent(volume: t, with: image, at: now)
        runtime[t].forcedFull = "overwritten by \(copied.kind.rawValue) of \(copied.sourceVolume) (record \(id))"
        resyncFileGroups(onVolume: t)
        emit(.catalogCopied(copied))
    }

    /// Rebuilds a copy record's data and checks it against the digest it carries.
    public func verifyCopy(_ id: Int) -> Bool {
        catalog.verify(copy: id)
    }
}

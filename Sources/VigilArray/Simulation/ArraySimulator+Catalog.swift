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
            let offer = remoteOffer(r)
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
        if runtime[t].copying != nil || initialAreas[t] != nil { return "\(volumes[t].name) has a backup copying" }
        if runtime[t].restoring { return "\(volumes[t].name) is being restored" }
        if copies.contains(where: { $0.state == .copying && $0.destinationVolume == volumes[t].name }) {
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
        return copies.first { $0.id == id }.map { .copy($0) }
    }

    func deleteRecord(_ id: Int) -> String? {
        if let c = copies.firstIndex(where: { $0.id == id }) {
            if copies[c].state == .copying { return "record \(id) (copy to \(copies[c].destinationVolume)) is still copying" }
            let record = copies.remove(at: c)
            copyImages[id] = nil
            emit(.catalogDeleted(record: id, what: "\(record.kind.rawValue) of \(record.sourceVolume) held on \(record.destinationVolume); the volume keeps its data"))
            return nil
        }
        guard let (v, gen) = allGenerations.first(where: { $0.generation.recordID == id }) else { return "no record \(id)" }
        let name = volumes[v].name
        if gen.state == .copying { return "record \(id) (\(name) generation \(gen.number)) is still copying" }
        if let m = runtime[v].merging, m.base == gen.number || m.into == gen.number {
            return "record \(id) (\(name) generation \(gen.number)) is being merged (generation \(m.base) into \(m.into))"
        }
        let dependents = runtime[v].gens.filter { $0.parent == gen.number }.map(\.number)
        if !dependents.isEmpty {
            return "record \(id) (\(name) generation \(gen.number)) is the base of generation \(dependents.map(String.init).joined(separator: ", ")); a kept generation depends on it"
        }
        let newest = runtime[v].gens.last(where: { $0.state == .complete })?.number == gen.number
        invalidate(v, at: runtime[v].index(of: gen.number)!, reason: "deleted by the host (record \(id))")
        if newest {
            // The next backup's change table starts at the deleted generation: only a full
            // describes the volume again.
            runtime[v].forcedFull = "its newest generation (record \(id)) was deleted"
        }
        emit(.catalogDeleted(record: id, what: "\(name) generation \(gen.number) and its area"))
        return nil
    }

    func copyRecordToVolume(_ id: Int, _ target: String) -> String? {
        guard let (v, gen) = allGenerations.first(where: { $0.generation.recordID == id }) else {
            return copies.contains { $0.id == id } ? "record \(id) is a copy; copy the generation it came from" : "no record \(id)"
        }
        guard gen.state == .complete else { return "record \(id) (\(volumes[v].name) generation \(gen.number)) is still copying" }
        guard let t = volumes.firstIndex(where: { $0.name == target }) else { return "no volume named \(target)" }
        if let problem = copyTargetProblem(source: v, target: t) { return problem }
        guard case .success(let plan) = planRestore(v, generation: gen.number, target: target, verifyOnly: false) else {
            return "record \(id) cannot be rebuilt"
        }
        let record = CopyRecord(id: takeRecordID(), kind: .generationCopy, sourceRecord: id, sourceVolume: volumes[v].name,
                                generation: gen.number, method: gen.method.rawValue, destinationVolume: target, startedAt: now,
                                completedAt: nil, digest: gen.digest, bytes: volumes[v].capacity, state: .copying)
        copies.append(record)
        switch startRestore(plan, copyRecord: record.id) {
        case .failure(let e):
            copies.removeLast()
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
        let record = CopyRecord(id: takeRecordID(), kind: method, sourceRecord: nil, sourceVolume: source, generation: nil,
                                method: method.rawValue, destinationVolume: destination, startedAt: now, completedAt: nil,
                                digest: trackers[v].content.digest, bytes: volumes[v].capacity, state: .copying)
        copies.append(record)
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
        guard let i = copies.firstIndex(where: { $0.id == id }), copies[i].state == .copying,
              let v = volumes.firstIndex(where: { $0.name == copies[i].sourceVolume }),
              let t = volumes.firstIndex(where: { $0.name == copies[i].destinationVolume }) else { return }
        let image = trackers[v].content
        copies[i].digest = image.digest
        copies[i].state = .complete
        copies[i].completedAt = now
        copyImages[id] = image
        differential.replaceContent(volume: t, with: image, at: now)
        runtime[t].forcedFull = "overwritten by \(copies[i].kind.rawValue) of \(copies[i].sourceVolume) (record \(id))"
        resyncFileGroups(onVolume: t)
        emit(.catalogCopied(copies[i]))
    }

    /// Rebuilds a copy record's data and checks it against the digest it carries.
    public func verifyCopy(_ id: Int) -> Bool {
        guard let c = copies.first(where: { $0.id == id }), c.state == .complete, let image = copyImages[id] else { return false }
        return image.recomputedDigest() == c.digest
    }
}

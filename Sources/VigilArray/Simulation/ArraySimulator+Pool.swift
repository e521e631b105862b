/// Pool shortages and the expansion prompt.
extension ArraySimulator {
    /// Volumes whose backups (or mirrors) wait for pool space, in volume order.
    var waitingVolumes: [Int] {
        volumes.indices.filter { runtime[$0].waitingForPool != nil || runtime[$0].mirrorWanted }
    }

    /// Spare RAID groups an operator may add, in scenario order.
    public var spareGroups: [RAIDGroup] { raidGroups.filter { $0.role == .spare } }

    /// Where an area of `bytes` for volume `v` would come closest to fitting among the tiers its
    /// group may use (the pool's tiers, or its remote array), judged per RAID group as allocation
    /// does; nil when one of them can place it. Ties go to the first destination (lowest tier).
    func shortfall(volume v: Int, bytes: Int64) -> TierOffer? {
        let offers = offers(forGroup: volumes[v].group)
        if offers.contains(where: { $0.largestFree >= bytes }) { return nil }
        return offers.max { $0.largestFree != $1.largestFree ? $0.largestFree < $1.largestFree : $0.destination > $1.destination }
            ?? TierOffer(destination: .poolTier(0), name: "-", readMBps: 0, writeMBps: 0, largestFree: 0)
    }

    func shortageReported(_ v: Int, _ need: PoolNeed) -> Bool { runtime[v].shortages?.contains(need) ?? false }

    /// The episode of a need is over (its area was placed, or it is no longer needed): the next
    /// shortage of that need is reported again.
    func endShortage(_ v: Int, _ need: PoolNeed) {
        guard let i = runtime[v].shortages?.firstIndex(of: need) else { return }
        runtime[v].shortages?.remove(at: i)
    }

    /// An area of `needed` bytes for volume `v` cannot be placed (the caller tried). Reports the
    /// shortage once per episode, with the figures of the tier where it came closest, and unless a
    /// request is pending (or one was just denied) asks for expansion.
    func raiseShortage(volume v: Int, need: PoolNeed, needed: Int64, reason: String) {
        // The caller judged against the same RAID groups; this only finds the figures to show.
        guard let short = shortfall(volume: v, bytes: needed) else { return }
        let free = pool.totalFree(groups: raidGroups)
        if !shortageReported(v, need) {
            runtime[v].shortages = (runtime[v].shortages ?? []) + [need]
            emit(.poolShortage(pool: pool.name, volume: volumes[v].name, need: need, tier: short.name, neededBytes: needed,
                               largestFreeBytes: short.largestFree, poolFreeBytes: free))
        }
        if let p = pendingRequest {
            // The request keeps the figures it was raised with (the operator is answering those);
            // only the list of who waits follows.
            requests[p].waitingVolumes = waitingVolumes
            return
        }
        guard now >= requestsSuppressedUntil else { return }
        let request = PoolExpansionRequest(id: requests.count + 1, pool: pool.name, raisedAt: now, neededBytes: needed,
                                           freeBytes: free, tier: short.name, largestFreeBytes: short.largestFree,
                                           waitingVolumes: waitingVolumes, reason: reason)
        requests.append(request)
        pendingRequest = requests.count - 1
        emit(.poolExpansionRequested(request, spares: spareGroups.map(\.name),
                                     waiting: request.waitingVolumes.map { volumes[$0].name }))
        if expansionPolicy == .auto, let spare = spareGroups.max(by: { ($0.capacity, -$0.index) < ($1.capacity, -$1.index) }) {
            _ = approveExpansion(id: request.id, raidGroup: spare.name)
        }
    }

    /// The tier a RAID group joins when it is added to the pool: the first tier holding a group of
    /// its disk type, or else a new tier named after the disk type (`existing` nil). The prompt
    /// shows this before the operator approves; `approveExpansion` does exactly this.
    public func tierJoined(byGroup g: Int) -> (name: String, existing: Int?) {
        if let t = pool.tiers.firstIndex(where: { t in t.raidGroups.contains { raidGroups[$0].diskType == raidGroups[g].diskType } }) {
            return (pool.tiers[t].name, t)
        }
        return (raidGroups[g].diskType.rawValue.lowercased(), nil)
    }

    /// Adds a spare RAID group to the pool (to the tier of its disk type, or a new tier) and lets
    /// the waiting backups proceed.
    func approveExpansion(id: Int, raidGroup name: String) -> String? {
        guard let p = pendingRequest, requests[p].id == id else { return "request #\(id) is not pending" }
        guard let g = raidGroups.firstIndex(where: { $0.name == name }) else { return "no RAID group named \(name)" }
        guard raidGroups[g].role == .spare else { return "\(name) is not a spare RAID group (it is \(raidGroups[g].role.rawValue))" }
        let joins = tierJoined(byGroup: g)
        raidGroups[g].role = .pool
        let tier: Int
        if let t = joins.existing {
            pool.add(raidGroup: g, toTier: t)
            tier = t
        } else {
            tier = pool.addTier(name: joins.name, raidGroup: g)
        }
        requests[p].state = .approved
        pendingRequest = nil
        poolVersion += 1
        emit(.poolExpansionApproved(id: id, pool: pool.name, raidGroup: name, tier: pool.tiers[tier].name,
                                    addedBytes: raidGroups[g].capacity))
        for v in volumes.indices {
            if runtime[v].waitingForPool != nil { retryWaiting(v) }
            if runtime[v].mirrorWanted { startRemirror(v) }
        }
        return nil
    }

    /// Refuses a request: the backups stay waiting and visible; a new request is not raised for
    /// `denialQuietPeriod` seconds, so the operator is not asked again at once.
    func denyExpansion(id: Int) -> String? {
        guard let p = pendingRequest, requests[p].id == id else { return "request #\(id) is not pending" }
        requests[p].state = .denied
        pendingRequest = nil
        requestsSuppressedUntil = now + Self.denialQuietPeriod
        emit(.poolExpansionDenied(id: id, pool: pool.name, waiting: waitingVolumes.map { volumes[$0].name },
                                  quietUntil: requestsSuppressedUntil))
        return nil
    }

    static let denialQuietPeriod: Int64 = 6 * 3_600
}

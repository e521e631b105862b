/// Pool shortages and the expansion prompt.
extension ArraySimulator {
    /// Volumes whose backups (or mirrors) wait for pool space, in volume order.
    var waitingVolumes: [Int] {
        volumes.indices.filter { runtime[$0].waitingForPool != nil || copyProgram[volume: $0].mirrorWanted }
    }

    /// Spare RAID groups an operator may add, in scenario order.
    public var spareGroups: [RAIDGroup] { raidGroups.filter { $0.role == .spare } }

    /// Where an area of `bytes` for volume `v` would come closest to fitting among the tiers its
    /// group may use (the pool's tiers, or its remote array), judged per RAID group as allocation
    /// does; nil when one of them can place it.
    func shortfall(volume v: Int, bytes: Int64) -> TierOffer? {
        PoolManagement.closest(offers(forGroup: volumes[v].group), toFitting: bytes)
    }

    /// An area of `needed` bytes for volume `v` cannot be placed (the caller tried). Reports the
    /// shortage once per episode, with the figures of the tier where it came closest, and unless a
    /// request is pending (or one was just denied) asks for expansion.
    func raiseShortage(volume v: Int, need: PoolNeed, needed: Int64, reason: String) {
        // The caller judged against the same RAID groups; this only finds the figures to show.
        guard let short = shortfall(volume: v, bytes: needed) else { return }
        let outcome = poolManagement.shortage(volume: v, need: need, needed: needed, closest: short, reason: reason,
                                              at: now, groups: raidGroups, waiting: { waitingVolumes })
        if outcome.firstOfEpisode {
            emit(.poolShortage(pool: pool.name, volume: volumes[v].name, need: need, tier: short.name, neededBytes: needed,
                               largestFreeBytes: short.largestFree, poolFreeBytes: outcome.poolFree))
        }
        guard let request = outcome.raised else { return }
        emit(.poolExpansionRequested(request, spares: spareGroups.map(\.name),
                                     waiting: request.waitingVolumes.map { volumes[$0].name }))
        if expansionPolicy == .auto, let spare = spareGroups.max(by: { ($0.capacity, -$0.index) < ($1.capacity, -$1.index) }) {
            _ = approveExpansion(id: request.id, raidGroup: spare.name)
        }
    }

    /// The tier a RAID group joins when it is added to the pool (see `PoolManagement.tierJoined`).
    /// The prompt shows this before the operator approves; `approveExpansion` does exactly this.
    public func tierJoined(byGroup g: Int) -> (name: String, existing: Int?) {
        poolManagement.tierJoined(byGroup: g, groups: raidGroups)
    }

    /// Adds a spare RAID group to the pool (to the tier of its disk type, or a new tier) and lets
    /// the waiting backups proceed.
    func approveExpansion(id: Int, raidGroup name: String) -> String? {
        guard poolManagement.isPending(id) else { return "request #\(id) is not pending" }
        guard let g = raidGroups.firstIndex(where: { $0.name == name }) else { return "no RAID group named \(name)" }
        guard raidGroups[g].role == .spare else { return "\(name) is not a spare RAID group (it is \(raidGroups[g].role.rawValue))" }
        guard let tier = poolManagement.approve(id: id, raidGroup: g, groups: raidGroups) else { return "request #\(id) is not pending" }
        raidGroups[g].role = .pool
        emit(.poolExpansionApproved(id: id, pool: pool.name, raidGroup: name, tier: pool.tiers[tier].name,
                                    addedBytes: raidGroups[g].capacity))
        for v in volumes.indices {
            if runtime[v].waitingForPool != nil { retryWaiting(v) }
            if copyProgram[volume: v].mirrorWanted { startRemirror(v) }
        }
        return nil
    }

    /// Refuses a request: the backups stay waiting and visible; a new request is not raised for
    /// `PoolManagement.denialQuietPeriod` seconds, so the operator is not asked again at once.
    func denyExpansion(id: Int) -> String? {
        guard let quietUntil = poolManagement.deny(id: id, at: now) else { return "request #\(id) is not pending" }
        emit(.poolExpansionDenied(id: id, pool: pool.name, waiting: waitingVolumes.map { volumes[$0].name },
                                  quietUntil: quietUntil))
        return nil
    }
}

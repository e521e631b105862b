/// The pool management program (115 in the specification): it "manages volume or area allocation
/// to the storage pool for backup data" and, when the pool cannot hold what a backup needs, asks
/// the operator to add disks (Fig. 6). It owns the pool (its tiers and the areas carved from them),
/// where an area goes, the expansion requests and the quiet period after a denial, the pool's
/// version (how a waiting backup knows the space changed) and each volume's open shortage episodes.
///
/// It emits nothing and retries nothing: it answers where an area would go and records what
/// happened, and the backup control program emits the events and lets the waiting backups try
/// again. The RAID groups (capacity, disk type, role) are the array's configuration and are passed
/// in; so are the speeds, which performance management owns.
struct PoolManagement: Codable, Equatable {
    /// The tiers and the areas allocated from them.
    private(set) var pool: BackupPool
    /// Every expansion request of the run, oldest first; request #n is at n − 1.
    private(set) var requests: [PoolExpansionRequest] = []
    /// The one request awaiting the operator's answer, by position in `requests`.
    private(set) var pendingRequest: Int?
    /// After a denial no request is raised before this instant, so the operator is not asked again
    /// at once.
    private(set) var requestsSuppressedUntil = SimTime(Int64.min)
    /// Bumped whenever the space backups may use changed (an area placed or released, here or on
    /// a remote array, or a RAID group added): a waiting backup retries only when it differs from
    /// the version it began waiting at, instead of every tick.
    private(set) var version = 0
    /// Per volume index, the needs whose shortage has been reported and is not over (one
    /// `pool.shortage` per episode). Only looked up by key, never iterated; a volume absent never
    /// had one (stored as nil in its `VolumeRuntime`, as before this program held them).
    private(set) var shortages: [Int: [PoolNeed]] = [:]

    /// How long a denial keeps new requests back.
    static let denialQuietPeriod: Int64 = 6 * 3_600

    init(pool: BackupPool) {
        self.pool = pool
    }

    /// Takes over a stored pool; `shortages[v]` is volume v's stored `VolumeRuntime.shortages`.
    init(pool: BackupPool, requests: [PoolExpansionRequest], pendingRequest: Int?, requestsSuppressedUntil: SimTime,
         version: Int, shortages: [[PoolNeed]?]) {
        self.pool = pool
        self.requests = requests
        self.pendingRequest = pendingRequest
        self.requestsSuppressedUntil = requestsSuppressedUntil
        self.version = version
        for (v, needs) in shortages.enumerated() { self.shortages[v] = needs }
    }

    /// Volume v's open shortages in their stored form (nil when it never had one).
    func storedShortages(volume v: Int) -> [PoolNeed]? { shortages[v] }

    // MARK: Placement

    /// Every tier as the planner sees it now: the speed of the group an area would land on (the
    /// slowest of the tier's groups, so an estimate is never optimistic) and the largest free area.
    func offers(groups: [RAIDGroup], speed: (Int) -> (read: Double, write: Double)) -> [TierOffer] {
        pool.tiers.map { t in
            let speeds = t.raidGroups.map(speed)
            let largest = t.raidGroups.map { pool.free(ofGroup: $0, groups: groups) }.max() ?? 0
            return TierOffer(destination: .poolTier(t.index), name: t.name,
                             readMBps: speeds.map(\.read).min() ?? 0,
                             writeMBps: speeds.map(\.write).min() ?? 0,
                             largestFree: largest)
        }
    }

    /// The read speed `offers` gives tier `preferred` (nil without such a tier) and the lowest
    /// any tier's offer gives (nil without tiers: what `min(by:)` over the offers answers), worked
    /// out without building the offers: the RTO-derived trigger asks for every volume at every tick.
    func tierReadMBps(preferred: Int?, speed: (Int) -> (read: Double, write: Double)) -> (preferred: Double?, lowest: Double?) {
        var found: Double?
        var lowest: Double?
        for t in pool.tiers {
            // A tier's offer reads at its slowest group's speed (0 without groups), as `offers`.
            var read: Double?
            for g in t.raidGroups {
                let r = speed(g).read
                if let current = read { if r < current { read = r } } else { read = r }
            }
            let offer = read ?? 0
            if found == nil, t.index == preferred { found = offer }
            if let current = lowest { if offer < current { lowest = offer } } else { lowest = offer }
        }
        return (found, lowest)
    }

    /// The largest area any pool RAID group could give now.
    func largestFree(groups: [RAIDGroup]) -> Int64 {
        pool.tiers.flatMap(\.raidGroups).map { pool.free(ofGroup: $0, groups: groups) }.max() ?? 0
    }

    /// The tier a full or mirror of `bytes` goes to: `preferred` while it has room, else the
    /// fastest tier with room (the restore of a full reads it whole); nil when none has.
    func fullTier(bytes: Int64, preferred: Int?, groups: [RAIDGroup], speed: (Int) -> (read: Double, write: Double)) -> Int? {
        if let t = preferred, pool.placement(bytes: bytes, tier: t, groups: groups) != nil { return t }
        return TierOffer.fastestFirst(offers(groups: groups, speed: speed))
            .first { $0.largestFree >= bytes }?.destination.poolTier
    }

    /// Where an area of `bytes` would come closest to fitting among `offers` (the destinations a
    /// group may use); nil when one of them can place it. Ties go to the first destination (lowest
    /// tier), so the figures reported are the same every run.
    static func closest(_ offers: [TierOffer], toFitting bytes: Int64) -> TierOffer? {
        if offers.contains(where: { $0.largestFree >= bytes }) { return nil }
        return offers.max { $0.largestFree != $1.largestFree ? $0.largestFree < $1.largestFree : $0.destination > $1.destination }
            ?? TierOffer(destination: .poolTier(0), name: "-", readMBps: 0, writeMBps: 0, largestFree: 0)
    }

    /// The tier RAID group `g` joins when it is added: the first tier holding a group of its disk
    /// type (similar speed), or else a new tier named after the disk type (`existing` nil).
    func tierJoined(byGroup g: Int, groups: [RAIDGroup]) -> (name: String, existing: Int?) {
        if let t = pool.tiers.firstIndex(where: { t in t.raidGroups.contains { groups[$0].diskType == groups[g].diskType } }) {
            return (pool.tiers[t].name, t)
        }
        return (groups[g].diskType.rawValue.lowercased(), nil)
    }

    // MARK: Areas

    /// Carves an area from the tier's group with most room; nil when none has room.
    mutating func allocate(bytes: Int64, tier t: Int, purpose: AreaPurpose, groups: [RAIDGroup]) -> PoolArea? {
        pool.allocate(bytes: bytes, tier: t, purpose: purpose, groups: groups)
    }

    /// Returns an area to the pool at once.
    mutating func release(_ lun: Int) { pool.release(lun) }

    /// An area changes what it holds (a mirror split off as a full).
    mutating func relabel(_ lun: Int, as purpose: AreaPurpose) { pool.relabel(lun, as: purpose) }

    /// Space for backups changed (here or on a remote array): waiting backups may try again. The
    /// caller says when, because a remote LU changes the space without passing through the pool.
    mutating func spaceChanged() { version += 1 }

    // MARK: Shortages and expansion requests

    /// Whether a new request may be raised now: none is pending and no denial keeps it back.
    func mayRequest(at now: SimTime) -> Bool { pendingRequest == nil && now >= requestsSuppressedUntil }

    /// The pending request, when `id` names it.
    func isPending(_ id: Int) -> Bool { pendingRequest.map { requests[$0].id == id } ?? false }

    /// The last denial while it still keeps requests back (and nothing newer is pending).
    func denial(at now: SimTime) -> (request: Int, quietUntil: SimTime)? {
        guard pendingRequest == nil, now < requestsSuppressedUntil,
              let denied = requests.last(where: { $0.state == .denied }) else { return nil }
        return (denied.id, requestsSuppressedUntil)
    }

    func shortageOpen(volume v: Int, need: PoolNeed) -> Bool { shortages[v]?.contains(need) ?? false }

    /// The episode of a need is over (its area was placed, or it is no longer needed): the next
    /// shortage of that need is reported again.
    mutating func endShortage(volume v: Int, need: PoolNeed) {
        guard let i = shortages[v]?.firstIndex(of: need) else { return }
        shortages[v]?.remove(at: i)
    }

    /// What a shortage changed, for the backup control program to report.
    struct ShortageOutcome: Equatable {
        /// The shortage opens an episode: report it (once; later ones of the episode are not).
        var firstOfEpisode: Bool
        /// Free bytes in the whole pool, the figure reported beside the tier's.
        var poolFree: Int64
        /// The request raised now; nil when one is pending (it then only learns who waits) or
        /// a denial keeps requests back.
        var raised: PoolExpansionRequest?
    }

    /// An area of `needed` bytes for volume `v` cannot be placed; `closest` is where it came
    /// closest (`closest(_:toFitting:)`). Opens the need's episode if it is not open, and raises an
    /// expansion request unless one is pending or quiet. `waiting` lists the volumes that wait for
    /// space; it is asked only when a request takes it.
    mutating func shortage(volume v: Int, need: PoolNeed, needed: Int64, closest: TierOffer, reason: String,
                           at now: SimTime, groups: [RAIDGroup], waiting: () -> [Int]) -> ShortageOutcome {
        let free = pool.totalFree(groups: groups)
        var outcome = ShortageOutcome(firstOfEpisode: false, poolFree: free, raised: nil)
        if !shortageOpen(volume: v, need: need) {
            shortages[v] = (shortages[v] ?? []) + [need]
            outcome.firstOfEpisode = true
        }
        if let p = pendingRequest {
            // The request keeps the figures it was raised with (the operator is answering those);
            // only the list of who waits follows.
            requests[p].waitingVolumes = waiting()
            return outcome
        }
        guard now >= requestsSuppressedUntil else { return outcome }
        let request = PoolExpansionRequest(id: requests.count + 1, pool: pool.name, raisedAt: now, neededBytes: needed,
                                           freeBytes: free, tier: closest.name, largestFreeBytes: closest.largestFree,
                                           waitingVolumes: waiting(), reason: reason)
        requests.append(request)
        pendingRequest = requests.count - 1
        outcome.raised = request
        return outcome
    }

    /// The operator approved request `id`: RAID group `g` joins the pool (the tier of its disk
    /// type, or a new one) and the request is closed. Returns the tier it joined; nil when `id` is
    /// not pending. The caller has checked that `g` is a spare and makes it a pool group.
    mutating func approve(id: Int, raidGroup g: Int, groups: [RAIDGroup]) -> Int? {
        guard isPending(id), let p = pendingRequest else { return nil }
        let joins = tierJoined(byGroup: g, groups: groups)
        let tier: Int
        if let t = joins.existing {
            pool.add(raidGroup: g, toTier: t)
            tier = t
        } else {
            tier = pool.addTier(name: joins.name, raidGroup: g)
        }
        requests[p].state = .approved
        pendingRequest = nil
        version += 1
        return tier
    }

    /// The operator refused request `id`: the backups stay waiting, and no request is raised for
    /// `denialQuietPeriod`. Returns when the quiet ends; nil when `id` is not pending.
    mutating func deny(id: Int, at now: SimTime) -> SimTime? {
        guard isPending(id), let p = pendingRequest else { return nil }
        requests[p].state = .denied
        pendingRequest = nil
        requestsSuppressedUntil = now + Self.denialQuietPeriod
        return requestsSuppressedUntil
    }
}

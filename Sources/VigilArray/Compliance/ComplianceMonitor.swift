/// The array's record of whether every volume's objectives are kept: the current status of each
/// volume's RPO and RTO, and the breaches, open and past.
///
/// It owns this state and nothing else; the backup control program hands it a verdict per volume
/// (from `ComplianceRules`) at the end of every instant it handles, and it answers with the
/// breaches that opened or closed. Codable, so the store keeps it and acknowledgements survive a
/// restart. An update costs O(log breaches) whatever the number of open breaches, so 10,000
/// volumes in breach at once stay cheap.
public struct ComplianceMonitor: Sendable, Codable, Equatable {
    /// Per volume, in volume order (file groups' virtual volumes included).
    public internal(set) var volumes: [VolumeCompliance] = []
    /// When each volume began to be tracked (the array's start, or when a file group was added):
    /// the RPO lag of a volume with no generation kept counts from here.
    public internal(set) var trackedSince: [SimTime] = []
    /// Per group index, when its RPO rules last changed: a rule is not judged before it existed.
    public internal(set) var rpoChangedAt: [Int: SimTime] = [:]
    /// Open breaches and the most recent closed ones, in ID order (oldest first).
    public internal(set) var breaches: [ObjectiveBreach] = []
    var nextBreachID = 1
    /// Breaches closed before the ones kept, dropped to keep memory bounded over months.
    public internal(set) var droppedClosed = 0
    /// How many of `breaches` are closed (derived; rebuilt after decoding).
    var closedCount = 0
    /// Per volume, the last RTO verdict `updateIfChanged` applied (nil inside: none known yet).
    /// Not stored: after decoding, the first verdict is applied as it comes.
    var lastRTOVerdict: [ComplianceRules.Assessment??] = []

    enum CodingKeys: String, CodingKey {
        case volumes, trackedSince, rpoChangedAt, breaches, nextBreachID, droppedClosed
    }

    /// How many closed breaches are kept (open ones always are).
    public static let closedKept = 1_000
    /// Closed breaches are dropped in batches of this many, so trimming is one pass now and then.
    static let trimBatch = 100

    public init() {}

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        volumes = try c.decode([VolumeCompliance].self, forKey: .volumes)
        trackedSince = try c.decode([SimTime].self, forKey: .trackedSince)
        rpoChangedAt = try c.decodeIfPresent([Int: SimTime].self, forKey: .rpoChangedAt) ?? [:]
        breaches = try c.decode([ObjectiveBreach].self, forKey: .breaches)
        nextBreachID = try c.decode(Int.self, forKey: .nextBreachID)
        droppedClosed = try c.decode(Int.self, forKey: .droppedClosed)
        closedCount = breaches.reduce(0) { $0 + ($1.isOpen ? 0 : 1) }
    }

    /// A breach opened or closed by an update.
    public enum Transition: Sendable, Equatable {
        case opened(ObjectiveBreach)
        case closed(ObjectiveBreach)
    }

    /// Starts tracking volumes up to `count`, from `now`.
    mutating func track(count: Int, since now: SimTime) {
        while volumes.count < count {
            volumes.append(VolumeCompliance())
            trackedSince.append(now)
        }
    }

    /// Notes that a group's RPO rules changed at `now`.
    mutating func rpoChanged(group g: Int, at now: SimTime) { rpoChangedAt[g] = now }

    /// The earliest instant an RPO rule of the group may be judged from for a volume.
    func judgedFrom(volume v: Int, group g: Int) -> SimTime {
        max(trackedSince[v], rpoChangedAt[g] ?? trackedSince[v])
    }

    /// Takes a verdict for one objective of one volume at `now`; returns the breach that opened or
    /// closed, if any.
    mutating func update(volume v: Int, name: String, group: String, kind: ObjectiveKind,
                         verdict: consuming ComplianceRules.Assessment?, now: SimTime) -> Transition? {
        // The verdict is taken, not copied: a copy of an optional verdict goes through the runtime's
        // generic value witnesses, and this runs for every volume at every instant.
        let previous = status(v, kind)
        guard let verdict else {
            setStatus(v, kind, nil)
            return close(volume: v, kind: kind, now: now, figure: nil).map { .closed($0) }
        }
        var status = ObjectiveStatus(level: verdict.level, since: now, rule: verdict.rule, figure: verdict.figure,
                                     bound: verdict.bound, cause: verdict.cause)
        if let previous, previous.level == verdict.level {
            status.since = previous.since
            if status.cause == nil { status.cause = previous.cause }
        } else if verdict.level == .breached, let onset = verdict.onset {
            status.since = min(onset, now)
        }
        setStatus(v, kind, status)
        guard verdict.level == .breached else {
            return close(volume: v, kind: kind, now: now, figure: verdict.figure).map { .closed($0) }
        }
        if let i = openIndex(volume: v, kind: kind) {
            if breaches[i].rule != verdict.rule {
                // Another rule of the same RPO is now the binding one (seconds where there were
                // bytes): its worst starts afresh rather than mixing units.
                breaches[i].rule = verdict.rule
                breaches[i].worst = verdict.figure
            } else {
                breaches[i].worst = max(breaches[i].worst, verdict.figure)
            }
            breaches[i].figure = verdict.figure
            breaches[i].bound = verdict.bound
            if breaches[i].cause == nil { breaches[i].cause = verdict.cause }
            return nil
        }
        let breach = ObjectiveBreach(id: nextBreachID, volume: name, group: group, kind: kind, rule: verdict.rule,
                                     since: status.since, until: nil, figure: verdict.figure, worst: verdict.figure,
                                     bound: verdict.bound, cause: verdict.cause)
        volumes[v].setOpenBreach(kind, nextBreachID)
        nextBreachID += 1
        breaches.append(breach)
        return .opened(breach)
    }

    // A volume's status and open breach are read and set field by field: through
    // `VolumeCompliance`'s subscript and methods each update copied the volume's whole record, and
    // this runs twice for every volume at every instant.

    private func status(_ v: Int, _ kind: ObjectiveKind) -> ObjectiveStatus? {
        kind == .rpo ? volumes[v].rpo : volumes[v].rto
    }

    private mutating func setStatus(_ v: Int, _ kind: ObjectiveKind, _ status: consuming ObjectiveStatus?) {
        if kind == .rpo { volumes[v].rpo = status } else { volumes[v].rto = status }
    }

    /// `update`, except that a verdict equal to the last one this applied for the volume's RTO is
    /// not applied again: applying the same verdict twice in a row changes nothing (the status
    /// keeps its level, `since` and cause; an open breach keeps its worst, figure, bound and cause;
    /// nothing opens or closes), and only `update` changes statuses and breaches. The RTO verdict
    /// stays the same between chain changes, and updating every volume at every instant was a
    /// large share of a headless run.
    mutating func updateIfChanged(volume v: Int, name: String, group: String, kind: ObjectiveKind,
                                  verdict: ComplianceRules.Assessment?, now: SimTime) -> Transition? {
        guard kind == .rto else { return update(volume: v, name: name, group: group, kind: kind, verdict: verdict, now: now) }
        if lastRTOVerdict.indices.contains(v), let last = lastRTOVerdict[v], last == verdict { return nil }
        while lastRTOVerdict.count <= v { lastRTOVerdict.append(nil) }
        lastRTOVerdict[v] = .some(verdict)
        return update(volume: v, name: name, group: group, kind: kind, verdict: verdict, now: now)
    }

    /// The index in `breaches` of a volume's open breach of `kind` (breaches are in ID order).
    func openIndex(volume v: Int, kind: ObjectiveKind) -> Int? {
        guard let id = kind == .rpo ? volumes[v].rpoBreach : volumes[v].rtoBreach else { return nil }
        return index(of: id)
    }

    /// Binary search by ID.
    func index(of id: Int) -> Int? {
        var lo = 0, hi = breaches.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if breaches[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < breaches.count && breaches[lo].id == id ? lo : nil
    }

    mutating func close(volume v: Int, kind: ObjectiveKind, now: SimTime, figure: Double?) -> ObjectiveBreach? {
        guard let i = openIndex(volume: v, kind: kind) else { return nil }
        volumes[v].setOpenBreach(kind, nil)
        breaches[i].until = now
        if let figure { breaches[i].figure = figure }
        let closed = breaches[i]
        closedCount += 1
        if closedCount >= Self.closedKept + Self.trimBatch { trim() }
        return closed
    }

    /// Drops the oldest closed breaches beyond `closedKept`, in one pass.
    mutating func trim() {
        var excess = closedCount - Self.closedKept
        guard excess > 0 else { return }
        var kept: [ObjectiveBreach] = []
        kept.reserveCapacity(breaches.count - excess)
        for b in breaches {
            if excess > 0, !b.isOpen {
                excess -= 1
                droppedClosed += 1
                closedCount -= 1
            } else {
                kept.append(b)
            }
        }
        breaches = kept
    }

    /// Marks a breach as seen by the operator; it stays listed. Returns the problem, if any.
    mutating func acknowledge(_ id: Int) -> String? {
        guard let i = index(of: id) else { return "no breach #\(id) is kept" }
        guard !breaches[i].acknowledged else { return "breach #\(id) is already acknowledged" }
        breaches[i].acknowledged = true
        return nil
    }

    /// Open breaches, oldest first.
    public var open: [ObjectiveBreach] { breaches.filter(\.isOpen) }
}

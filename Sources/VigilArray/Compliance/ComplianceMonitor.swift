/// The array's record of whether every volume's objectives are kept: the current status of each
/// volume's RPO and RTO, and the breaches, open and past.
///
/// It owns this state and nothing else; the backup control program hands it a verdict per volume
/// (from `ComplianceRules`) at the end of every instant it handles, and it answers with the
/// breaches that opened or closed. Codable, so the store keeps it and acknowledgements survive a
/// restart.
public struct ComplianceMonitor: Sendable, Codable {
    /// Per volume, in volume order (file groups' virtual volumes included).
    public internal(set) var volumes: [VolumeCompliance] = []
    /// When each volume began to be tracked (the array's start, or when a file group was added):
    /// the RPO lag of a volume with no generation yet counts from here.
    public internal(set) var trackedSince: [SimTime] = []
    /// Open breaches and the most recent closed ones, oldest first.
    public internal(set) var breaches: [ObjectiveBreach] = []
    var nextBreachID = 1
    /// Breaches closed before the ones kept, dropped to keep memory bounded over months.
    public internal(set) var droppedClosed = 0

    /// How many closed breaches are kept (open ones always are).
    public static let closedKept = 1_000

    public init() {}

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

    /// Takes a verdict for one objective of one volume at `now`; returns the breach that opened or
    /// closed, if any.
    mutating func update(volume v: Int, name: String, group: String, kind: ObjectiveKind,
                         verdict: ComplianceRules.Assessment?, now: SimTime) -> Transition? {
        let previous = volumes[v][kind]
        var transition: Transition?
        guard let verdict else {
            volumes[v][kind] = nil
            if previous?.level == .breached, let closed = close(volume: name, kind: kind, now: now, figure: nil) {
                transition = .closed(closed)
            }
            return transition
        }
        var status = ObjectiveStatus(level: verdict.level, since: now, rule: verdict.rule, figure: verdict.figure,
                                     bound: verdict.bound, cause: verdict.cause)
        if let previous, previous.level == verdict.level {
            status.since = previous.since
            if status.cause == nil { status.cause = previous.cause }
        } else if verdict.level == .breached, let onset = verdict.onset {
            status.since = min(onset, now)
        }
        volumes[v][kind] = status
        if verdict.level == .breached {
            if previous?.level == .breached, let i = openIndex(volume: name, kind: kind) {
                breaches[i].worst = max(breaches[i].worst, verdict.figure)
                breaches[i].bound = verdict.bound
                breaches[i].rule = verdict.rule
                if breaches[i].cause == nil { breaches[i].cause = verdict.cause }
            } else {
                let breach = ObjectiveBreach(id: nextBreachID, volume: name, group: group, kind: kind, rule: verdict.rule,
                                             since: status.since, until: nil, figure: verdict.figure, worst: verdict.figure,
                                             bound: verdict.bound, cause: verdict.cause)
                nextBreachID += 1
                breaches.append(breach)
                transition = .opened(breach)
            }
        } else if previous?.level == .breached, let closed = close(volume: name, kind: kind, now: now, figure: verdict.figure) {
            transition = .closed(closed)
        }
        return transition
    }

    func openIndex(volume: String, kind: ObjectiveKind) -> Int? {
        breaches.lastIndex { $0.isOpen && $0.volume == volume && $0.kind == kind }
    }

    mutating func close(volume: String, kind: ObjectiveKind, now: SimTime, figure: Double?) -> ObjectiveBreach? {
        guard let i = openIndex(volume: volume, kind: kind) else { return nil }
        breaches[i].until = now
        if let figure { breaches[i].figure = figure }
        let closed = breaches[i]
        trim()
        return closed
    }

    /// Drops the oldest closed breaches beyond `closedKept`.
    mutating func trim() {
        let closed = breaches.reduce(0) { $0 + ($1.isOpen ? 0 : 1) }
        var excess = closed - Self.closedKept
        guard excess > 0 else { return }
        breaches.removeAll { b in
            guard excess > 0, !b.isOpen else { return false }
            excess -= 1
            droppedClosed += 1
            return true
        }
    }

    /// Marks a breach as seen by the operator; it stays listed. Returns the problem, if any.
    mutating func acknowledge(_ id: Int) -> String? {
        guard let i = breaches.firstIndex(where: { $0.id == id }) else { return "no breach #\(id) is kept" }
        guard !breaches[i].acknowledged else { return "breach #\(id) is already acknowledged" }
        breaches[i].acknowledged = true
        return nil
    }

    /// Open breaches, oldest first.
    public var open: [ObjectiveBreach] { breaches.filter(\.isOpen) }

    /// How many volumes miss (or risk missing) each objective now.
    public func count(_ kind: ObjectiveKind, _ level: ComplianceLevel) -> Int {
        volumes.reduce(0) { $0 + ($1[kind]?.level == level ? 1 : 0) }
    }
}

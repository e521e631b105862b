/// Which recovery objective a status or a breach is about.
public enum ObjectiveKind: String, Sendable, Codable, Equatable, CaseIterable {
    case rpo, rto

    /// How it reads in the console and the logs.
    public var label: String { rawValue.uppercased() }
}

/// How an objective stands: kept, at risk, or missed. Ordered from best to worst.
public enum ComplianceLevel: String, Sendable, Codable, Comparable, CaseIterable {
    case ok, warning, breached

    public var rank: Int {
        switch self {
        case .ok: 0
        case .warning: 1
        case .breached: 2
        }
    }

    public static func < (a: ComplianceLevel, b: ComplianceLevel) -> Bool { a.rank < b.rank }
}

/// Which rule of the group's objectives a status was judged by, and so what its figure measures.
public enum ObjectiveRule: String, Sendable, Codable, Equatable {
    /// RPO `interval`: the figure is the lag (seconds since the newest complete generation's point
    /// in time), the bound the interval.
    case interval
    /// RPO daily `hour`: the figure is the lag, the bound a day; breached when the day's point
    /// passed without a generation from it.
    case hour
    /// RPO `changed`: the figure is the bytes changed since the last backup (data at risk), the
    /// bound the threshold.
    case changed
    /// RTO: the figure is the restore estimate of the newest kept generation's chain (seconds).
    case restoreTime = "restore-time"

    /// True when figure and bound are bytes rather than seconds.
    public var measuresBytes: Bool { self == .changed }
}

/// The state of one objective of one volume (or file group), with the instant it began.
public struct ObjectiveStatus: Sendable, Codable, Equatable {
    public var level: ComplianceLevel
    /// When the current level began.
    public var since: SimTime
    public var rule: ObjectiveRule
    /// Seconds or bytes, as `rule` says (an RTO exposure is infinite while nothing can be restored:
    /// stored as null).
    @NonFiniteAsNull public var figure: Double
    public var bound: Double
    /// Why it is at risk or missed, when the array knows (pool full, line down, RTO tightened …).
    public var cause: String?

    public init(level: ComplianceLevel, since: SimTime, rule: ObjectiveRule, figure: Double, bound: Double, cause: String?) {
        self.level = level
        self.since = since
        self.rule = rule
        self.figure = figure
        self.bound = bound
        self.cause = cause
    }

    /// The figure as a share of the bound (0 when there is no bound).
    public var ratio: Double { bound > 0 ? figure / bound : 0 }
}

/// A volume's two objectives as they stand; nil where the group sets none (or, for the RTO, while
/// nothing is kept yet that could be restored).
public struct VolumeCompliance: Sendable, Codable, Equatable {
    public var rpo: ObjectiveStatus?
    public var rto: ObjectiveStatus?
    /// The IDs of the open breaches, if any (so an update finds its breach without a search).
    var rpoBreach: Int?
    var rtoBreach: Int?

    func openBreach(_ kind: ObjectiveKind) -> Int? { kind == .rpo ? rpoBreach : rtoBreach }
    mutating func setOpenBreach(_ kind: ObjectiveKind, _ id: Int?) { if kind == .rpo { rpoBreach = id } else { rtoBreach = id } }

    public init(rpo: ObjectiveStatus? = nil, rto: ObjectiveStatus? = nil) {
        self.rpo = rpo
        self.rto = rto
    }

    public subscript(kind: ObjectiveKind) -> ObjectiveStatus? {
        get { kind == .rpo ? rpo : rto }
        set { if kind == .rpo { rpo = newValue } else { rto = newValue } }
    }

    /// The worse of the two levels (ok when neither is set).
    public var worst: ComplianceLevel { max(rpo?.level ?? .ok, rto?.level ?? .ok) }
}

/// Stores a Double that may be infinite (a restore estimate with every line down) as null, which
/// JSON can hold; null reads back as infinity.
@propertyWrapper
public struct NonFiniteAsNull: Sendable, Codable, Equatable {
    public var wrappedValue: Double

    public init(wrappedValue: Double) { self.wrappedValue = wrappedValue }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? .infinity : try c.decode(Double.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if wrappedValue.isFinite { try c.encode(wrappedValue) } else { try c.encodeNil() }
    }
}

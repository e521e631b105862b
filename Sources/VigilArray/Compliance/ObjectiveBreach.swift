/// One stretch of time during which a volume's RPO or RTO was missed: when it began, when it ended
/// (nil while open), the worst figure against the bound, and the cause when the array knows it.
///
/// Breaches are kept by the array (and so across restarts); an operator's acknowledgement stays on
/// the record.
public struct ObjectiveBreach: Sendable, Codable, Equatable, Identifiable {
    /// Unique within the array, never reused.
    public let id: Int
    public let volume: String
    public let group: String
    public let kind: ObjectiveKind
    public internal(set) var rule: ObjectiveRule
    public let since: SimTime
    public internal(set) var until: SimTime?
    /// The figure when the breach opened (or closed, once closed) and the worst seen meanwhile.
    @NonFiniteAsNull public internal(set) var figure: Double
    @NonFiniteAsNull public internal(set) var worst: Double
    public internal(set) var bound: Double
    public internal(set) var cause: String?
    public internal(set) var acknowledged = false

    public var isOpen: Bool { until == nil }

    /// Seconds from its start to its end, or to `now` while open.
    public func duration(now: SimTime) -> Int64 { (until ?? now) - since }
}

extension ObjectiveRule {
    /// A figure of this rule in words: a duration, an estimate or a size.
    public func format(_ value: Double) -> String {
        // A restore from an array whose lines are all down is estimated at infinity.
        guard value.isFinite else { return "∞" }
        switch self {
        case .interval, .hour: return SimDuration.format(Int64(value.rounded()))
        case .changed: return ByteSize.format(Int64(value.rounded()))
        case .restoreTime: return SimDuration.formatEstimate(value)
        }
    }

    /// The bound in words, as the objectives state it.
    public func formatBound(_ bound: Double) -> String {
        switch self {
        case .interval: "RPO every \(SimDuration.format(Int64(bound)))"
        case .hour: "RPO daily"
        case .changed: "RPO at \(ByteSize.format(Int64(bound))) changed"
        case .restoreTime: "RTO \(SimDuration.format(Int64(bound)))"
        }
    }

    /// What the figure is called.
    public var figureName: String {
        switch self {
        case .interval, .hour: "lag"
        case .changed: "changed"
        case .restoreTime: "restore estimate"
        }
    }
}

extension ObjectiveBreach {
    /// "lag 1h2m against RPO every 1h", "restore estimate 5.2 min against RTO 3m".
    public var figureText: String { "\(rule.figureName) \(rule.format(figure)) against \(rule.formatBound(bound))" }
    /// The worst figure seen, against the bound.
    public var worstText: String { "\(rule.figureName) \(rule.format(worst)) against \(rule.formatBound(bound))" }
}

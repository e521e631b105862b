/// Where a backup area is placed: a tier of the local backup pool (first embodiment, pool
/// management program 115) or a remote backup array reached over the transfer lines (second
/// embodiment, backup destination management program).
///
/// Ordered pool tiers first, by index, then remote arrays, so that the planner's ties break the
/// same way every run.
public enum BackupDestination: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Tier `index` of the local pool (`BackupPool.tiers`).
    case poolTier(Int)
    /// Remote array `index` (`ArraySimulator.remotes`).
    case remoteArray(Int)

    /// The pool tier's index, when this is one.
    public var poolTier: Int? {
        if case .poolTier(let t) = self { return t }
        return nil
    }

    /// The remote array's index, when this is one.
    public var remoteArray: Int? {
        if case .remoteArray(let r) = self { return r }
        return nil
    }

    public var description: String {
        switch self {
        case .poolTier(let t): "pool tier \(t)"
        case .remoteArray(let r): "remote array \(r)"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case let (.poolTier(x), .poolTier(y)), let (.remoteArray(x), .remoteArray(y)): x < y
        case (.poolTier, .remoteArray): true
        case (.remoteArray, .poolTier): false
        }
    }

    private enum CodingKeys: String, CodingKey { case poolTier, remoteArray }

    /// Stored as `{"poolTier": 1}` or `{"remoteArray": 0}`. States written before this type held
    /// a bare integer: a tier index, or −(r + 1) for remote array r; they still load.
    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let legacy = try? single.decode(Int.self) {
            self = legacy < 0 ? .remoteArray(-(legacy + 1)) : .poolTier(legacy)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let t = try c.decodeIfPresent(Int.self, forKey: .poolTier) {
            self = .poolTier(t)
        } else {
            self = .remoteArray(try c.decode(Int.self, forKey: .remoteArray))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .poolTier(let t): try c.encode(t, forKey: .poolTier)
        case .remoteArray(let r): try c.encode(r, forKey: .remoteArray)
        }
    }
}

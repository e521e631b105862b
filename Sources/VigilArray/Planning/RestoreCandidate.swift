/// One method the planner considered, with the figures behind its verdict.
public struct RestoreCandidate: Sendable, Codable, Equatable {
    public var method: BackupMethod
    /// The pool tier the backup's area would come from (nil for a mirror split).
    public var tier: String?
    /// Bytes this backup would copy.
    public var backupBytes: Int64
    /// Bytes a restore of the chain this candidate leaves behind copies on top of the full.
    public var restoreBytes: Int64
    /// Effective copying throughput: restoreBytes / the pieces' copy time, the switch left out (the
    /// piece's min(write, read) for one piece).
    public var mbps: Double
    /// Estimated restore time in seconds (`RestoreEstimate`: the pieces plus the group's switch time).
    public var estimateSeconds: Double
    /// Whether the pool can hold the backup's area.
    public var room: Bool
    /// Whether the candidate meets the RTO and has room.
    public var fits: Bool
}

/// The planner's verdict for one trigger.
public struct BackupDecision: Sendable, Codable, Equatable {
    public var method: BackupMethod
    /// Where the area goes (incremental/differential/synthetic full); nil when a mirror is split.
    public var destination: BackupDestination?
    public var copyFunction: CopyFunction
    public var candidates: [RestoreCandidate]
    /// The decision in words, e.g. "incremental 112.0 min > RTO 90m → differential 41.0 min ✓".
    public var reason: String
    /// True when the chosen method has no room in the pool: the backup must wait for space.
    public var needsSpace: Bool
    /// Bytes of the area the chosen method needs (0 for a mirror split).
    public var areaBytes: Int64
    /// Set when the trigger found nothing changed since this generation (the newest complete one):
    /// no generation is taken, because one would hold exactly what that one holds and push a real
    /// generation out of retention; that generation covers the trigger's point in time instead.
    /// `method` and `copyFunction` then only say what would have been taken. Optional, so decisions
    /// stored before empty triggers were recognised still load.
    public var unchangedSince: Int? = nil

    /// False for a trigger that found nothing changed: no generation is taken.
    public var takesGeneration: Bool { unchangedSince == nil }

    // Stored under "tier", as before destinations were typed (old states' integers still decode).
    private enum CodingKeys: String, CodingKey {
        case method, destination = "tier", copyFunction, candidates, reason, needsSpace, areaBytes, unchangedSince
    }
}

/// What a generation holds: a whole image (a full) or the runs changed since its parent.
public enum GenerationContent: Sendable {
    case image(ContentMap)
    case delta([ContentRun])
}

/// One backup generation of a volume, with the management information the array keeps for it.
public struct BackupGeneration: Sendable {
    public enum State: String, Sendable { case copying, complete }
    /// Per-volume generation number, 1 for the initial full.
    public let number: Int
    public internal(set) var method: BackupMethod
    public internal(set) var copyFunction: CopyFunction
    public let trigger: TriggerKind
    /// The generation this one is applied on top of (nil for a full).
    public internal(set) var parent: Int?
    /// LUN of the pool area holding the data.
    public internal(set) var area: Int
    /// Bytes of changed data this generation copied (a full counts the whole capacity).
    public internal(set) var bytes: Int64
    public let triggeredAt: SimTime
    public internal(set) var completedAt: SimTime?
    /// Digest of the volume's content at the trigger instant: what a restore must rebuild.
    public let digest: UInt64
    var content: GenerationContent
    public internal(set) var state: State
}

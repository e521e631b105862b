/// What a generation holds: a whole image (a full) or the runs changed since its parent.
public enum GenerationContent: Sendable {
    case image(ContentMap)
    case delta([ContentRun])
}

/// One backup generation of a volume, with the management information the array keeps for it.
public struct BackupGeneration: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, Equatable { case copying, complete }
    /// The management-information record's ID, unique within the array and never reused.
    public let recordID: Int
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
    /// Its data, kept apart from the record (and stored apart from it by a state store).
    public internal(set) var content: GenerationContent
    public internal(set) var state: State
    /// Bumped whenever the data changes after creation (a merge), so a store rewrites it.
    public internal(set) var revision = 0

    init(recordID: Int, number: Int, method: BackupMethod, copyFunction: CopyFunction, trigger: TriggerKind, parent: Int?,
         area: Int, bytes: Int64, triggeredAt: SimTime, completedAt: SimTime?, digest: UInt64, content: GenerationContent,
         state: State) {
        self.recordID = recordID
        self.number = number
        self.method = method
        self.copyFunction = copyFunction
        self.trigger = trigger
        self.parent = parent
        self.area = area
        self.bytes = bytes
        self.triggeredAt = triggeredAt
        self.completedAt = completedAt
        self.digest = digest
        self.content = content
        self.state = state
    }

    /// A record as a store keeps it in its catalog table (its data attached later, as for a decoded
    /// record).
    public init(storedRecordID recordID: Int, number: Int, method: BackupMethod, copyFunction: CopyFunction,
                trigger: TriggerKind, parent: Int?, area: Int, bytes: Int64, triggeredAt: SimTime, completedAt: SimTime?,
                digest: UInt64, state: State, revision: Int) {
        self.init(recordID: recordID, number: number, method: method, copyFunction: copyFunction, trigger: trigger,
                  parent: parent, area: area, bytes: bytes, triggeredAt: triggeredAt, completedAt: completedAt, digest: digest,
                  content: .delta([]), state: state)
        self.revision = revision
    }

    /// Equal records: every coded field. The data is left out, as from the coding: it never changes
    /// without `revision` changing, and comparing it would cost a walk of its runs.
    public static func == (a: BackupGeneration, b: BackupGeneration) -> Bool {
        a.recordID == b.recordID && a.number == b.number && a.method == b.method && a.copyFunction == b.copyFunction
            && a.trigger == b.trigger && a.parent == b.parent && a.area == b.area && a.bytes == b.bytes
            && a.triggeredAt == b.triggeredAt && a.completedAt == b.completedAt && a.digest == b.digest
            && a.state == b.state && a.revision == b.revision
    }

    // The data is not part of the record's coding: a store keeps it in a region of its own.
    enum CodingKeys: String, CodingKey {
        case recordID, number, method, copyFunction, trigger, parent, area, bytes, triggeredAt, completedAt, digest, state, revision
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        recordID = try c.decode(Int.self, forKey: .recordID)
        number = try c.decode(Int.self, forKey: .number)
        method = try c.decode(BackupMethod.self, forKey: .method)
        copyFunction = try c.decode(CopyFunction.self, forKey: .copyFunction)
        trigger = try c.decode(TriggerKind.self, forKey: .trigger)
        parent = try c.decodeIfPresent(Int.self, forKey: .parent)
        area = try c.decode(Int.self, forKey: .area)
        bytes = try c.decode(Int64.self, forKey: .bytes)
        triggeredAt = try c.decode(SimTime.self, forKey: .triggeredAt)
        completedAt = try c.decodeIfPresent(SimTime.self, forKey: .completedAt)
        digest = try c.decode(UInt64.self, forKey: .digest)
        state = try c.decode(State.self, forKey: .state)
        revision = try c.decode(Int.self, forKey: .revision)
        content = .delta([])  // filled in by whoever restores the state
    }
}

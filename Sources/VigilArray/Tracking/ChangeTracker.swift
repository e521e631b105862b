/// The differential management program for one volume: its content, the open change tables, and the
/// counts the planner reads at every trigger.
///
/// Two tables are open at any time: one since the last backup of any kind (incremental bytes) and one
/// since the last full (differential bytes, the union of everything changed since then). A backup
/// opens a new table at its trigger instant (Fig. 7 step 702); writes that arrive while the copy runs
/// count toward the next generation.
public struct ChangeTracker: Sendable, Codable, Equatable {
    public let granule: Int64
    public private(set) var content: ContentMap
    public private(set) var sinceLastBackup: ChangeTable
    public private(set) var sinceLastFull: ChangeTable
    private(set) var nextToken: UInt64 = 1
    /// Bytes a restore of the current incremental chain copies on top of its full (maintained by the
    /// array whenever the chain changes), so the chain count is O(1) to read too.
    public internal(set) var chainBytes: Int64 = 0
    /// While a store journals the content: the host writes since it last took them, in order.
    /// Replayed in order on the content the store holds, they give this content exactly, so a
    /// checkpoint appends them instead of rewriting whole segments. Not coded and not compared
    /// (the store keeps them apart, as it keeps the content).
    private(set) var contentJournal: [ContentRun] = []
    private(set) var journalsContent = false
    /// The content was replaced wholesale (a restore) since the store last took the journal: the
    /// journal cannot describe that, so the store rewrites this volume's content in full.
    private(set) var contentReplaced = false

    // The content is not coded with the tables: a store keeps it segment by segment.
    enum CodingKeys: String, CodingKey { case granule, granules, sinceLastBackup, sinceLastFull, nextToken, chainBytes }

    /// Equal trackers: the coded fields. The content is left out, as from the coding (a store keeps
    /// it segment by segment, by its own dirty flags).
    public static func == (a: ChangeTracker, b: ChangeTracker) -> Bool {
        a.granule == b.granule && a.content.granules == b.content.granules && a.sinceLastBackup == b.sinceLastBackup
            && a.sinceLastFull == b.sinceLastFull && a.nextToken == b.nextToken && a.chainBytes == b.chainBytes
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(granule, forKey: .granule)
        try c.encode(content.granules, forKey: .granules)
        try c.encode(sinceLastBackup, forKey: .sinceLastBackup)
        try c.encode(sinceLastFull, forKey: .sinceLastFull)
        try c.encode(nextToken, forKey: .nextToken)
        try c.encode(chainBytes, forKey: .chainBytes)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        granule = try c.decode(Int64.self, forKey: .granule)
        content = ContentMap(granules: try c.decode(Int.self, forKey: .granules))
        sinceLastBackup = try c.decode(ChangeTable.self, forKey: .sinceLastBackup)
        sinceLastFull = try c.decode(ChangeTable.self, forKey: .sinceLastFull)
        nextToken = try c.decode(UInt64.self, forKey: .nextToken)
        chainBytes = try c.decode(Int64.self, forKey: .chainBytes)
    }

    /// Puts back content a store kept (after decoding the tables).
    public mutating func restoreContent(_ map: ContentMap) { content = map }

    /// The live content's segments written since the store last took them.
    public mutating func takeDirtySegments() -> [Int] { content.takeDirtySegments() }

    public init(granules: Int, granule: Int64, at time: SimTime) {
        self.granule = granule
        content = ContentMap(granules: granules)
        sinceLastBackup = ChangeTable(openedAt: time, sinceToken: 0)
        sinceLastFull = ChangeTable(openedAt: time, sinceToken: 0)
    }

    /// Changed since the last backup of any kind, in bytes.
    public var incrementalBytes: Int64 { Int64(sinceLastBackup.changedGranules) * granule }
    /// Changed since the last full, in bytes.
    public var differentialBytes: Int64 { Int64(sinceLastFull.changedGranules) * granule }
    /// The token of the newest write so far.
    public var lastToken: UInt64 { nextToken - 1 }

    /// Records a host write over granules `[start, end)`.
    public mutating func write(start: Int, end: Int) {
        let token = nextToken
        nextToken += 1
        let incSince = sinceLastBackup.sinceToken, fullSince = sinceLastFull.sinceToken
        var incAdded = 0, fullAdded = 0
        content.write(start: start, end: end, token: token) { a, b, old in
            if old <= incSince { incAdded += b - a }
            if old <= fullSince { fullAdded += b - a }
        }
        sinceLastBackup.changedGranules += incAdded
        sinceLastFull.changedGranules += fullAdded
        if journalsContent { contentJournal.append(ContentRun(start: start, end: end, token: token)) }
    }

    /// Starts journalling host writes for a store (see `contentJournal`).
    public mutating func startContentJournal() { journalsContent = true }

    /// The writes journalled since the last call, and whether the content was replaced meanwhile.
    public mutating func takeContentJournal() -> (writes: [ContentRun], replaced: Bool) {
        defer { contentJournal = []; contentReplaced = false }
        return (contentJournal, contentReplaced)
    }

    /// Opens new tables at a backup's trigger instant. A full resets both.
    public mutating func openTables(at time: SimTime, full: Bool) {
        sinceLastBackup = ChangeTable(openedAt: time, sinceToken: lastToken)
        if full { sinceLastFull = ChangeTable(openedAt: time, sinceToken: lastToken) }
    }

    /// Replaces the content (a restore onto this volume). Every table restarts from the restored
    /// image; the array forces the next backup to be a full because the chain no longer describes it.
    public mutating func replaceContent(with map: ContentMap, at time: SimTime) {
        content = map
        if journalsContent { contentReplaced = true; contentJournal = [] }
        sinceLastBackup = ChangeTable(openedAt: time, sinceToken: lastToken)
        sinceLastFull = ChangeTable(openedAt: time, sinceToken: lastToken)
    }
}

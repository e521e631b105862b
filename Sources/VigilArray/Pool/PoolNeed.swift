/// What a volume needs an area of the backup pool for. Each need has its own shortage episode: a
/// `pool.shortage` is reported once when the area cannot be placed, and the episode ends when the
/// area is placed or the need goes away.
public enum PoolNeed: String, Sendable, Codable, Equatable, CaseIterable {
    /// A backup (or the initial full) waits for its area.
    case backup
    /// The standing mirror for the group's next full cannot be allocated.
    case mirror
    /// The data changed since the last backup would not fit in one area (Fig. 6's check).
    case changedData = "changed-data"

    /// The need in words, for event text and the console.
    public var words: String {
        switch self {
        case .backup: "backup area"
        case .mirror: "mirror for the next full"
        case .changedData: "changed data"
        }
    }
}

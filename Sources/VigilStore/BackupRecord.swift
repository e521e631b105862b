import VigilArray

/// One row of the management-information region: what the array keeps about a backup, apart from
/// its data.
public struct BackupRecord: Sendable, Equatable, Codable {
    public var id: Int
    /// Always "generation": the kind field the catalog's JSON shares with copy records.
    public var kind = "generation"
    public var volume: String
    public var group: String
    public var generation: Int
    public var method: String
    public var copyFunction: String
    public var trigger: String
    public var parent: Int?
    public var area: Int
    public var tier: String
    public var bytes: Int64
    public var triggeredAt: String
    public var completedAt: String?
    public var digest: String
    public var state: String

    enum CodingKeys: String, CodingKey {
        case id, kind, volume, group, generation, method, copyFunction = "copy_function", trigger, parent, area, tier, bytes
        case triggeredAt = "triggered_at", completedAt = "completed_at", digest, state
    }
}

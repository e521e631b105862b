/// A tier of the backup pool: RAID groups of similar speed (say an FC tier and an ATA tier).
public struct PoolTier: Sendable, Codable, Equatable {
    public let index: Int
    public let name: String
    public internal(set) var raidGroups: [Int]
}

/// The storage pool for backup data (the specification's pool management program): tiers of
/// registered RAID groups, the areas allocated from them, and free-space accounting.
public struct BackupPool: Sendable, Codable, Equatable {
    public let name: String
    public internal(set) var tiers: [PoolTier]
    /// Bytes allocated per RAID group index.
    private(set) var usedByGroup: [Int: Int64] = [:]
    public private(set) var areas: [Int: PoolArea] = [:]
    private var nextLUN = 1_000

    public init(name: String, tiers: [PoolTier]) {
        self.name = name
        self.tiers = tiers
    }

    public func used(ofGroup g: Int) -> Int64 { usedByGroup[g] ?? 0 }
    public func free(ofGroup g: Int, groups: [RAIDGroup]) -> Int64 { groups[g].capacity - used(ofGroup: g) }

    public func capacity(ofTier t: Int, groups: [RAIDGroup]) -> Int64 {
        tiers[t].raidGroups.reduce(0) { $0 + groups[$1].capacity }
    }
    public func free(ofTier t: Int, groups: [RAIDGroup]) -> Int64 {
        tiers[t].raidGroups.reduce(0) { $0 + free(ofGroup: $1, groups: groups) }
    }
    public func totalFree(groups: [RAIDGroup]) -> Int64 { tiers.indices.reduce(0) { $0 + free(ofTier: $1, groups: groups) } }
    public func totalCapacity(groups: [RAIDGroup]) -> Int64 { tiers.indices.reduce(0) { $0 + capacity(ofTier: $1, groups: groups) } }

    /// The RAID group of a tier an area of `bytes` would be carved from: the one with most free
    /// space (ties to the first), or nil when none has room.
    public func placement(bytes: Int64, tier t: Int, groups: [RAIDGroup]) -> Int? {
        var best: Int?
        var bestFree: Int64 = -1
        for g in tiers[t].raidGroups {
            let f = free(ofGroup: g, groups: groups)
            if f >= bytes, f > bestFree { best = g; bestFree = f }
        }
        return best
    }

    /// Allocates an area; nil when the tier has no group with room.
    public mutating func allocate(bytes: Int64, tier t: Int, purpose: AreaPurpose, groups: [RAIDGroup]) -> PoolArea? {
        guard let g = placement(bytes: bytes, tier: t, groups: groups) else { return nil }
        let area = PoolArea(lun: nextLUN, tier: t, raidGroup: g, bytes: bytes, purpose: purpose)
        nextLUN += 1
        areas[area.lun] = area
        usedByGroup[g, default: 0] += bytes
        return area
    }

    /// Returns an area to the pool at once.
    public mutating func release(_ lun: Int) {
        guard let area = areas.removeValue(forKey: lun) else { return }
        usedByGroup[area.raidGroup, default: 0] -= area.bytes
    }

    mutating func relabel(_ lun: Int, as purpose: AreaPurpose) { areas[lun]?.purpose = purpose }

    /// Registers a RAID group into a tier (an approved expansion).
    mutating func add(raidGroup g: Int, toTier t: Int) { tiers[t].raidGroups.append(g) }
    mutating func addTier(name: String, raidGroup g: Int) -> Int {
        tiers.append(PoolTier(index: tiers.count, name: name, raidGroups: [g]))
        return tiers.count - 1
    }
}

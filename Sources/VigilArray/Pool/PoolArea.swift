/// What a pool area holds.
public enum AreaPurpose: String, Sendable, Codable, Equatable {
    case full, differential, incremental, mirror
}

/// An area carved from a pool RAID group to hold one backup (or a standing mirror).
public struct PoolArea: Sendable, Codable, Equatable {
    /// The area's LUN; pool areas are numbered from 1000 up, never reused within a run.
    public let lun: Int
    public let tier: Int
    public let raidGroup: Int
    public let bytes: Int64
    public var purpose: AreaPurpose
}

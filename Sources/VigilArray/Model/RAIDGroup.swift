/// What a RAID group is used for in the array.
public enum RAIDGroupRole: String, Sendable, Codable, Equatable {
    /// Holds original volumes (LUNs served to hosts).
    case data
    /// Registered into the backup pool; backup areas are carved from it.
    case pool
    /// Installed but unused: a candidate the operator may approve adding to the pool.
    case spare
}

/// A RAID group: disks of one type under one layout. Volumes and pool areas are carved from it.
public struct RAIDGroup: Sendable, Codable, Equatable {
    public let index: Int
    public let name: String
    public let layout: RAIDLayout
    public let diskType: DiskType
    public let diskSize: Int64
    public internal(set) var role: RAIDGroupRole
    /// Set while a member disk has failed and the group rebuilds.
    public internal(set) var degraded: Bool = false

    /// Usable capacity: data disks × disk size.
    public var capacity: Int64 { Int64(layout.dataDisks) * diskSize }
}

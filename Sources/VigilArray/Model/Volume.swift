/// An original volume (a LUN served to hosts) carved from a data RAID group.
public struct Volume: Sendable, Codable, Equatable {
    public let index: Int
    public let name: String
    /// The LUN number, which keys the volume's row of the performance table.
    public let lun: Int
    public let raidGroup: Int
    public let capacity: Int64
    /// Change-tracking unit in bytes (the bitmap granularity of the specification's Fig. 4).
    public let granule: Int64
    public let group: Int
    /// A file group (third embodiment): a virtual volume made of the extents of its files on real
    /// volumes; its change table counts only writes that land in those extents.
    public var isFileGroup = false

    /// Number of tracking granules covering the capacity.
    public var granules: Int { Int((capacity + granule - 1) / granule) }
}

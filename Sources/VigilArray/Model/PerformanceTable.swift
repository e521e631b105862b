/// One row of the performance table (the specification's Fig. 3): a LUN's layout, disk type,
/// capacity and streaming figures.
public struct PerformanceEntry: Sendable, Codable, Equatable {
    public var lun: Int
    public var name: String
    public var layout: RAIDLayout
    public var diskType: DiskType
    public var capacity: Int64
    public var readMBps: Double
    public var writeMBps: Double
    /// True when the figures come from the scenario (measured) rather than the model.
    public var overridden: Bool
    public var degraded: Bool
}

/// Measured figures that replace the model's for one LUN or RAID group.
struct MeasuredFigures: Sendable, Codable {
    var read: Double?
    var write: Double?
}

/// The performance management table: per-LUN read/write MB/s computed from the RAID layout and disk
/// type (see `RAIDLayout.throughput`), overridable per LUN, recomputed when a RAID group degrades or
/// recovers.
///
/// Rows exist for every original volume and for every RAID group of the array; a backup area carved
/// from a pool RAID group reads and writes at that group's row.
public struct PerformanceTable: Sendable, Codable {
    public private(set) var volumes: [PerformanceEntry] = []
    public private(set) var raidGroups: [PerformanceEntry] = []
    /// LUs remote arrays created for this array's backups, as their volume managers reported them.
    public internal(set) var remoteLUs: [Int: PerformanceEntry] = [:]
    var volumeOverrides: [Int: MeasuredFigures] = [:]
    var groupOverrides: [Int: MeasuredFigures] = [:]
    var diskFigures: [DiskType: DiskFigures] = [:]

    func figures(for type: DiskType) -> DiskFigures { diskFigures[type] ?? .defaults(for: type) }

    /// Computes a row for a RAID group or a volume on it, applying overrides.
    func entry(lun: Int, name: String, capacity: Int64, group: RAIDGroup,
               override: MeasuredFigures?) -> PerformanceEntry {
        let modelled = group.layout.throughput(disk: figures(for: group.diskType), degraded: group.degraded)
        var read = modelled.read, write = modelled.write
        var overridden = false
        if let o = override {
            // A measured figure is measured on the healthy group; a degraded group scales it the way
            // the model scales its own figures.
            let healthy = group.layout.throughput(disk: figures(for: group.diskType), degraded: false)
            if let r = o.read { read = r * modelled.read / healthy.read; overridden = true }
            if let w = o.write { write = w * modelled.write / healthy.write; overridden = true }
        }
        return PerformanceEntry(lun: lun, name: name, layout: group.layout, diskType: group.diskType,
                                capacity: capacity, readMBps: read, writeMBps: write,
                                overridden: overridden, degraded: group.degraded)
    }

    /// Rebuilds every row from the groups and volumes; returns the rows whose figures changed.
    @discardableResult
    mutating func rebuild(groups: [RAIDGroup], volumes vols: [Volume]) -> [PerformanceEntry] {
        let oldGroups = raidGroups, oldVolumes = volumes
        raidGroups = groups.map { g in
            entry(lun: 10_000 + g.index, name: g.name, capacity: g.capacity, group: g, override: groupOverrides[g.index])
        }
        volumes = vols.map { v in
            entry(lun: v.lun, name: v.name, capacity: v.capacity, group: groups[v.raidGroup], override: volumeOverrides[v.index])
        }
        var changed: [PerformanceEntry] = []
        for (i, e) in raidGroups.enumerated() where i >= oldGroups.count || oldGroups[i] != e { changed.append(e) }
        for (i, e) in volumes.enumerated() where i >= oldVolumes.count || oldVolumes[i] != e { changed.append(e) }
        return changed
    }
}

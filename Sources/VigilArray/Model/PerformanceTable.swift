/// One row of the performance table (the specification's Fig. 3): a LUN's layout, disk type,
/// capacity and streaming figures.
public struct PerformanceEntry: Sendable, Codable, Equatable {
    public var lun: Int
    public var name: String
    public var layout: RAIDLayout
    public var diskType: DiskType
    public var capacity: Int64
    /// The figures in force, which the planner and every estimate use: what restores measured once
    /// one has, else the model's (or the scenario's) figures.
    public var readMBps: Double
    public var writeMBps: Double
    /// True when the figures come from the scenario (measured) rather than the model.
    public var overridden: Bool
    public var degraded: Bool
    /// What the last copy (backup, merge, restore …) limited by this LUN got through it (the
    /// specification's "actual performance collected by monitoring"); nil until one has.
    public internal(set) var measuredReadMBps: Double? = nil
    public internal(set) var measuredWriteMBps: Double? = nil
    /// The modelled figures while a measured one is in force (optional so that stored tables
    /// from before measurements still load).
    var modelledRead: Double? = nil
    var modelledWrite: Double? = nil

    /// What the LUN can deliver by the model (or the scenario's figures, scaled when degraded):
    /// the capacity copies share in the bandwidth model.
    public var modelReadMBps: Double { modelledRead ?? readMBps }
    public var modelWriteMBps: Double { modelledWrite ?? writeMBps }

    /// Records a measured figure beside the model's (never above it: a copy cannot get more than
    /// the LUN delivers) and, when `inForce`, makes it the figure estimates use. Returns the
    /// measured figure it replaced.
    @discardableResult
    mutating func record(measured mbps: Double, read: Bool, inForce: Bool) -> Double? {
        read ? Self.record(mbps, inForce: inForce, measured: &measuredReadMBps, modelled: &modelledRead, figure: &readMBps)
            : Self.record(mbps, inForce: inForce, measured: &measuredWriteMBps, modelled: &modelledWrite, figure: &writeMBps)
    }

    /// One direction's three figures: what was measured, the model kept aside while a measured
    /// figure is in force, and the figure in force.
    private static func record(_ mbps: Double, inForce: Bool, measured: inout Double?, modelled: inout Double?,
                               figure: inout Double) -> Double? {
        let before = measured
        let model = modelled ?? figure
        measured = min(mbps, model)
        if inForce {
            modelled = model
            figure = min(mbps, model)
        }
        return before
    }

    /// Keeps the measured figures of `old` where the model's figures did not change (a degraded or
    /// repaired group measures afresh).
    func carryingMeasurements(from old: PerformanceEntry) -> PerformanceEntry {
        var e = self
        if old.modelReadMBps == modelReadMBps {
            e.measuredReadMBps = old.measuredReadMBps
            e.readMBps = old.readMBps
            e.modelledRead = old.modelledRead
        }
        if old.modelWriteMBps == modelWriteMBps {
            e.measuredWriteMBps = old.measuredWriteMBps
            e.writeMBps = old.writeMBps
            e.modelledWrite = old.modelledWrite
        }
        return e
    }
}

/// Measured figures that replace the model's for one LUN or RAID group.
struct MeasuredFigures: Sendable, Codable, Equatable {
    var read: Double?
    var write: Double?
}

/// The performance management table: per-LUN read/write MB/s computed from the RAID layout and disk
/// type (see `RAIDLayout.throughput`), overridable per LUN, recomputed when a RAID group degrades or
/// recovers.
///
/// Rows exist for every original volume and for every RAID group of the array; a backup area carved
/// from a pool RAID group reads and writes at that group's row.
public struct PerformanceTable: Sendable, Codable, Equatable {
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

    /// Records what a copy measured on a volume's row (`volume`) or a RAID group's; returns the row
    /// as it is now and the measured figure it had before.
    mutating func record(measured mbps: Double, volume: Int? = nil, raidGroup: Int? = nil, read: Bool, inForce: Bool)
        -> (entry: PerformanceEntry, before: Double?)? {
        if let v = volume, volumes.indices.contains(v) {
            let before = volumes[v].record(measured: mbps, read: read, inForce: inForce)
            return (volumes[v], before)
        }
        if let g = raidGroup, raidGroups.indices.contains(g) {
            let before = raidGroups[g].record(measured: mbps, read: read, inForce: inForce)
            return (raidGroups[g], before)
        }
        return nil
    }

    /// Rebuilds every row from the groups and volumes; returns the rows whose figures changed.
    @discardableResult
    mutating func rebuild(groups: [RAIDGroup], volumes vols: [Volume]) -> [PerformanceEntry] {
        let oldGroups = raidGroups, oldVolumes = volumes
        raidGroups = groups.map { g in
            let e = entry(lun: 10_000 + g.index, name: g.name, capacity: g.capacity, group: g, override: groupOverrides[g.index])
            return oldGroups.indices.contains(g.index) ? e.carryingMeasurements(from: oldGroups[g.index]) : e
        }
        volumes = vols.map { v in
            let e = entry(lun: v.lun, name: v.name, capacity: v.capacity, group: groups[v.raidGroup], override: volumeOverrides[v.index])
            return oldVolumes.indices.contains(v.index) ? e.carryingMeasurements(from: oldVolumes[v.index]) : e
        }
        var changed: [PerformanceEntry] = []
        for (i, e) in raidGroups.enumerated() where i >= oldGroups.count || oldGroups[i] != e { changed.append(e) }
        for (i, e) in volumes.enumerated() where i >= oldVolumes.count || oldVolumes[i] != e { changed.append(e) }
        return changed
    }
}

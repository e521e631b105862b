import Foundation
import VigilArray

/// The performance table (key `m`): one row per LUN — original volumes, the array's RAID groups
/// (data, pool and spare) and the LUs remote arrays created — with its layout, disk type, capacity,
/// read and write MB/s in force and where those figures come from, and beside them what the last
/// copy limited by the LUN measured (`Measured`, read/write, "-" until one has). A volume's row also says its group and
/// where that group's backups go. Only the rows on screen are formatted, so it scrolls as fast
/// through 10,000 volumes as through five.
public struct PerformanceView: Sendable, Equatable, ScrollingModal {
    public var scroll = ScrollPosition()

    static let boxWidth = 140
    /// Column titles.
    static let fixedRows = 1
    public static var keys: [ViewKey] { ScrollKeys.keys }

    public init() {}

    /// What one line of the table shows.
    enum Row: Equatable {
        case section(String)
        case volume(Int)
        case raidGroup(Int)
        case remoteLU(Int)
        case none
    }

    /// The rows, computed by position so that drawing a page never builds the whole table.
    struct Rows {
        let volumes: Int, groups: Int
        let remoteLUNs: [Int]

        init(_ table: PerformanceTable) {
            volumes = table.volumes.count
            groups = table.raidGroups.count
            remoteLUNs = table.remoteLUs.keys.sorted()
        }

        var count: Int { 3 + volumes + groups + max(1, remoteLUNs.count) }

        subscript(i: Int) -> Row {
            var k = i
            if k == 0 { return .section("Original volumes (\(volumes))") }
            k -= 1
            if k < volumes { return .volume(k) }
            k -= volumes
            if k == 0 { return .section("RAID groups (\(groups))") }
            k -= 1
            if k < groups { return .raidGroup(k) }
            k -= groups
            if k == 0 { return .section("Remote LUs (\(remoteLUNs.count))") }
            k -= 1
            return remoteLUNs.indices.contains(k) ? .remoteLU(remoteLUNs[k]) : .none
        }
    }

    func lineCount(model: ConsoleModel, width: Int) -> Int { Rows(model.snapshot.performance).count }

    mutating func handle(_ key: Key, model: ConsoleModel) -> ModalOutcome { handleScroll(key, model: model) }

    /// Where a row's figures come from: the model, the scenario's measured figures, either scaled
    /// for a degraded group, or the remote array's volume manager.
    public static func source(_ e: PerformanceEntry, remote: Bool = false) -> String {
        if remote { return "remote" }
        // A restore's measurement in force replaces the model's figure.
        if e.readMBps != e.modelReadMBps || e.writeMBps != e.modelWriteMBps { return e.degraded ? "measured, degraded" : "measured" }
        switch (e.overridden, e.degraded) {
        case (false, false): return "model"
        case (true, false): return "scenario"
        case (false, true): return "degraded"
        case (true, true): return "scenario, degraded"
        }
    }

    /// Where a group's backups go: the pool's tiers by name ("any tier" when the group prefers
    /// none) or a remote array. Short, since it shares the row with the figures.
    public static func destination(_ g: VolumeGroup, tiers: [ArraySnapshot.TierInfo], remotes: [ArraySnapshot.RemoteInfo]) -> String {
        if let r = g.destination { return "remote \(remotes.indices.contains(r) ? remotes[r].id : "#\(r)")" }
        func name(_ t: Int?) -> String { t.flatMap { tiers.indices.contains($0) ? tiers[$0].name : nil } ?? "any tier" }
        switch (g.fullTier, g.deltaTier) {
        case (nil, nil): return "any tier"
        case let (f, d) where f == d: return "tier \(name(f))"
        case let (f, d): return "full \(name(f)), delta \(name(d))"
        }
    }

    /// A remote LU is named "<remote>/LU<lun>"; its row shows the remote alone, since the LUN
    /// column already says which LU, and the narrower column leaves room for the figures at 80 columns.
    static func displayName(_ e: PerformanceEntry) -> String {
        let suffix = "/LU\(e.lun)"
        return e.name.hasSuffix(suffix) ? String(e.name.dropLast(suffix.count)) : e.name
    }

    /// What copies measured, read/write ("-" for a direction none has measured yet; blank if neither).
    static func measured(_ e: PerformanceEntry) -> String {
        guard e.measuredReadMBps != nil || e.measuredWriteMBps != nil else { return "" }
        return "\(e.measuredReadMBps.map(mbps) ?? "-")/\(e.measuredWriteMBps.map(mbps) ?? "-")"
    }

    static func mbps(_ v: Double) -> String { v >= 100 ? String(format: "%.0f", v) : String(format: "%.1f", v) }

    static func columns(nameWidth: Int, sourceWidth: Int, groupWidth: Int) -> [Format.Column] {
        [
            .init("LUN", width: 5, priority: 10, alignRight: true),
            .init("Name", width: nameWidth, minWidth: min(nameWidth, 12), priority: 10),
            .init("RAID/disk", width: 11, minWidth: 10, priority: 5),
            .init("Size", width: 8, priority: 7, alignRight: true),
            .init("Read", width: 5, priority: 9, alignRight: true),
            .init("Write", width: 5, priority: 9, alignRight: true),
            // The first to go on a narrow screen (whole): the figures in force come first.
            .init("Measured", width: 11, priority: 4, alignRight: true),
            .init("Source", width: sourceWidth, priority: 9),
            .init("Group", width: groupWidth, priority: 7),
            .init("Backup to", width: 26, minWidth: 8, priority: 6),
        ]
    }

    static func render(_ buf: inout ScreenBuffer, model: ConsoleModel, view: PerformanceView) {
        let snap = model.snapshot
        let table = snap.performance
        let rows = Rows(table)
        let luns = table.volumes.count + table.raidGroups.count + table.remoteLUs.count
        let (frame, first, _) = view.drawFrame(&buf, model: model, title: "Performance table · \(luns) LUNs · MB/s",
                                               keys: "↑↓ PgUp/PgDn scroll · Home/End · Esc close")
        let p = CellStyle(.prompt, reverse: true)
        let label = CellStyle(.promptBorder, bold: true)
        // Widths from cheap facts about every row, so they do not change while scrolling.
        func widest(_ entries: some Sequence<PerformanceEntry>, _ text: (PerformanceEntry) -> Int) -> Int {
            entries.reduce(0) { max($0, text($1)) }
        }
        let nameWidth = min(24, max(8, widest(table.volumes, \.name.count), widest(table.raidGroups, \.name.count),
                                    widest(table.remoteLUs.values) { displayName($0).count }))
        let sourceWidth = max(6, widest(table.volumes) { source($0).count }, widest(table.raidGroups) { source($0).count })
        let roles = raidGroupRoles(model)
        let groupWidth = min(16, max(5, snap.groups.reduce(0) { max($0, $1.name.count) }))
        let cols = columns(nameWidth: nameWidth, sourceWidth: sourceWidth, groupWidth: groupWidth)
        let fitted = Format.fitColumns(cols, available: frame.body.width)
        func line(_ cells: [String]) -> String {
            fitted.map { Format.fit(cells[$0.index], $0.width, alignRight: cols[$0.index].alignRight) }.joined(separator: " ")
        }
        buf.put(line(cols.map(\.title)), x: frame.body.x, y: frame.inner.y, style: label, maxWidth: frame.body.width)
        var destinations: [String: String] = [:]
        for g in snap.groups { destinations[g.name] = destination(g, tiers: snap.tiers, remotes: snap.remotes) }
        func cells(_ e: PerformanceEntry, source: String, group: String, backup: String) -> [String] {
            ["\(e.lun)", displayName(e), "\(e.layout) \(e.diskType.rawValue)", Format.bytes(e.capacity), mbps(e.readMBps), mbps(e.writeMBps),
             measured(e), source, group, backup]
        }
        for r in 0..<frame.body.height where first + r < rows.count {
            let y = frame.body.y + r
            switch rows[first + r] {
            case .section(let title):
                buf.put(title, x: frame.body.x, y: y, style: label, maxWidth: frame.body.width)
            case .volume(let i):
                let e = table.volumes[i]
                let group = snap.volumes.indices.contains(i) ? snap.volumes[i].group : ""
                buf.put(line(cells(e, source: source(e), group: group, backup: destinations[group] ?? "")), x: frame.body.x, y: y,
                        style: e.degraded ? CellStyle(.warning, bold: true) : p, maxWidth: frame.body.width)
            case .raidGroup(let i):
                let e = table.raidGroups[i]
                let role = roles.indices.contains(i) ? roles[i] : (use: "", tier: "")
                buf.put(line(cells(e, source: source(e), group: role.use, backup: role.tier)), x: frame.body.x, y: y,
                        style: e.degraded ? CellStyle(.warning, bold: true) : p, maxWidth: frame.body.width)
            case .remoteLU(let lun):
                guard let e = table.remoteLUs[lun] else { continue }
                buf.put(line(cells(e, source: source(e, remote: true), group: "", backup: "")), x: frame.body.x, y: y, style: p,
                        maxWidth: frame.body.width)
            case .none:
                buf.put("  none", x: frame.body.x, y: y, style: p, maxWidth: frame.body.width)
            }
        }
    }

    /// What each RAID group of the array is for, by index — data, pool or spare — and for a pool
    /// group the tier whose backups it holds.
    static func raidGroupRoles(_ model: ConsoleModel) -> [(use: String, tier: String)] {
        model.sim.raidGroups.map { g in
            switch g.role {
            case .data: return ("data", "")
            case .spare: return ("spare", "")
            case .pool: return ("pool", model.snapshot.tiers.first { $0.raidGroups.contains(g.name) }.map { "tier \($0.name)" } ?? "")
            }
        }
    }
}

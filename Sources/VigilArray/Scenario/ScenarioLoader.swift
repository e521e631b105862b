import Foundation
import TOMLKit

/// Reads a TOML scenario (format: `docs/scenarios.md`) into a `Scenario`, checking every value and
/// reference. The first problem is thrown as a `ScenarioError` naming file, line and key.
public enum ScenarioLoader {
    final class Context {
        let file: String
        let text: String
        /// Built only when an error needs a line number: on a good file it would be most of the
        /// load time.
        lazy var index = TOMLLineIndex(text: text)
        init(file: String, text: String) {
            self.file = file
            self.text = text
        }
        func error(_ path: String, _ message: String) -> ScenarioError {
            ScenarioError(file: file, line: index.line(of: path), path: path, message: message)
        }
    }

    /// Loads a scenario file.
    public static func load(path: String) throws -> Scenario {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: nil, path: "file", message: "cannot be read (does it exist?)", missingFile: true)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: nil, path: "file", message: "is not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Parses scenario text; `file` is used in error messages.
    public static func parse(_ text: String, file: String) throws -> Scenario {
        let root = try TOMLInput.parse(text, file: file)
        let ctx = Context(file: file, text: text)
        let top = TableReader(root, path: "", context: ctx)

        // [array]
        let array = try top.subtable("array", required: true)!
        let name = try array.name("name") ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        // The name is a folder of the state home (StateStore.defaultDirectory): it stays one folder.
        if array.has("name"), name.contains("/") || name.contains("\\") || name.hasPrefix(".") {
            throw array.fail("name", "\(TableReader.escaped(name)) cannot be used as the state folder's name: no '/', '\\' or leading '.'")
        }
        let seed = try array.int("seed", range: 0...Int.max).map(UInt64.init) ?? 1
        var start = SimTime(1_795_219_200)  // 2026-11-21T00:00:00Z
        if let s = try array.string("start", expected: "a UTC time like \"2026-11-21T00:00:00Z\"") {
            guard let t = SimTime.parse(s) else {
                throw array.fail("start", "\"\(s)\" is not a UTC time (try \"2026-11-21T00:00:00Z\"; years 1970 to 9999, days that exist)")
            }
            start = t
        }
        let tick = try array.duration("tick") ?? 60
        guard tick >= 1, tick <= 86_400 else { throw array.fail("tick", "must be between 1s and 1d") }
        let granule = try array.size("granule") ?? 65_536
        try checkGranule(granule, array, "granule")
        try array.finish()

        // [disk_types.X]
        var figures: [DiskType: DiskFigures] = [:]
        if let types = try top.subtable("disk_types") {
            for key in types.table.keys.sorted() {
                guard let type = DiskType.parse(key) else {
                    throw types.fail(key, "unknown disk type (expected one of: \(DiskType.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                let t = try types.subtable(key)!
                var f = DiskFigures.defaults(for: type)
                f.readMBps = try t.double("read_mbps", range: 0.001...1e6, expected: "MB/s of one disk") ?? f.readMBps
                f.writeMBps = try t.double("write_mbps", range: 0.001...1e6, expected: "MB/s of one disk") ?? f.writeMBps
                try t.finish()
                figures[type] = f
            }
        }

        // [[raid_groups]]
        var raidGroups: [Scenario.RAIDGroupSpec] = []
        for r in try top.tables("raid_groups", required: true) {
            let spec = try raidGroup(r)
            if raidGroups.contains(where: { $0.name == spec.name }) { throw r.fail("name", "\"\(spec.name)\" is defined twice") }
            raidGroups.append(spec)
        }
        try checkTotal(raidGroups, top, "raid_groups")

        // [pool] and [[pool.tiers]]
        let poolTable = try top.subtable("pool", required: true)!
        let poolName = try poolTable.name("name") ?? "pool"
        var tiers: [Scenario.TierSpec] = []
        var claimed: [String: String] = [:]  // raid group -> what uses it
        func claim(_ rg: String, by user: String, _ reader: TableReader, _ key: String) throws {
            guard raidGroups.contains(where: { $0.name == rg }) else {
                throw reader.fail(key, "\"\(rg)\" is not a RAID group defined in [[raid_groups]]")
            }
            if let other = claimed[rg], other != user { throw reader.fail(key, "\"\(rg)\" is already used by \(other)") }
            claimed[rg] = user
        }
        for t in try poolTable.tables("tiers", required: true) {
            let tierName = try t.name("name", required: true)!
            if tiers.contains(where: { $0.name == tierName }) { throw t.fail("name", "tier \"\(tierName)\" is defined twice") }
            let members = try t.stringArray("raid_groups", required: true)!
            if members.isEmpty { throw t.fail("raid_groups", "a tier needs at least one RAID group") }
            if let twice = members.first(where: { m in members.filter { $0 == m }.count > 1 }) {
                throw t.fail("raid_groups", "\"\(twice)\" is listed twice (a RAID group counts once in a tier)")
            }
            for m in members { try claim(m, by: "pool tier \(tierName)", t, "raid_groups") }
            try t.finish()
            tiers.append(.init(name: tierName, raidGroups: members))
        }
        if tiers.isEmpty { throw poolTable.fail("tiers", "the pool needs at least one [[pool.tiers]] table") }
        let spares = try poolTable.stringArray("spares") ?? []
        if let twice = spares.first(where: { m in spares.filter { $0 == m }.count > 1 }) {
            throw poolTable.fail("spares", "\"\(twice)\" is listed twice")
        }
        for s in spares { try claim(s, by: "pool spares", poolTable, "spares") }
        try poolTable.finish()

        // [[remote_arrays]] (second embodiment)
        var remotes: [Scenario.RemoteSpec] = []
        for r in try top.tables("remote_arrays") {
            let id = try r.name("id", required: true)!
            if remotes.contains(where: { $0.id == id }) { throw r.fail("id", "remote array \"\(id)\" is defined twice") }
            let canCopy = try r.bool("can_copy") ?? true
            var rgs: [Scenario.RAIDGroupSpec] = []
            for rg in try r.tables("raid_groups", required: true) {
                let spec = try raidGroup(rg)
                if rgs.contains(where: { $0.name == spec.name }) { throw rg.fail("name", "\"\(spec.name)\" is defined twice") }
                rgs.append(spec)
            }
            try checkTotal(rgs, r, "raid_groups")
            var lines: [TransferLine] = []
            for l in try r.tables("lines", required: true) {
                let mbps = try l.double("mbps", required: true, range: 0.001...1e6, expected: "the line's MB/s")!
                let latency = try l.string("latency", expected: "a latency like \"5ms\" or \"1s\"") ?? "0ms"
                guard let seconds = Self.latency(latency) else { throw l.fail("latency", "\"\(latency)\" is not a latency (try \"5ms\" or \"1s\")") }
                guard seconds <= 3_600 else { throw l.fail("latency", "\"\(latency)\" is more than 1h, the longest latency") }
                try l.finish()
                lines.append(TransferLine(mbps: mbps, latencySeconds: seconds))
            }
            try r.finish()
            remotes.append(.init(id: id, canCopy: canCopy, raidGroups: rgs, lines: lines))
        }

        // [[groups]]
        var groups: [Scenario.GroupSpec] = []
        for g in try top.tables("groups", required: true) {
            let spec = try group(g, tiers: tiers, remotes: remotes.map(\.id))
            if groups.contains(where: { $0.name == spec.name }) { throw g.fail("name", "group \"\(spec.name)\" is defined twice") }
            groups.append(spec)
        }

        // [[volumes]]
        var volumes: [Scenario.VolumeSpec] = []
        // Looked up by name, so that loading stays linear in the number of volumes.
        var volumeIndex: [String: Int] = [:]
        var carved: [String: Int64] = [:]
        for v in try top.tables("volumes", required: true) {
            let volName = try v.name("name", required: true)!
            if volumeIndex[volName] != nil { throw v.fail("name", "volume \"\(volName)\" is defined twice") }
            let rg = try v.string("raid_group", required: true)!
            guard let spec = raidGroups.first(where: { $0.name == rg }) else {
                throw v.fail("raid_group", "\"\(rg)\" is not a RAID group defined in [[raid_groups]]")
            }
            if let other = claimed[rg], !other.hasPrefix("volumes") {
                throw v.fail("raid_group", "\"\(rg)\" is used by \(other); volumes need a data RAID group")
            }
            claimed[rg] = "volumes"
            let capacity = try v.size("capacity", required: true)!
            let groupName = try v.string("group", required: true)!
            guard groups.contains(where: { $0.name == groupName }) else {
                throw v.fail("group", "\"\(groupName)\" is not a group defined in [[groups]]")
            }
            let volGranule = try v.size("granule")
            if let volGranule { try checkGranule(volGranule, v, "granule") }
            if (volGranule ?? granule) > capacity { throw v.fail("granule", "is larger than the volume") }
            let read = try v.double("read_mbps", range: 0.001...1e7, expected: "measured MB/s")
            let write = try v.double("write_mbps", range: 0.001...1e7, expected: "measured MB/s")
            try v.finish()
            // Disk sizes are bounded (1PB) and disks at most 64, so a group's capacity fits; the sum
            // of volumes is checked as it grows.
            let rgCapacity = Int64(spec.layout.dataDisks) * spec.diskSize
            let (sum, overflow) = carved[rg, default: 0].addingReportingOverflow(capacity)
            if overflow || sum > rgCapacity {
                throw v.fail("capacity", "volumes on \(rg) need \(overflow ? "more than 8 EiB" : ByteSize.format(sum)) but it holds \(ByteSize.format(rgCapacity))")
            }
            carved[rg] = sum
            volumeIndex[volName] = volumes.count
            volumes.append(.init(name: volName, raidGroup: rg, capacity: capacity, group: groupName,
                                 granule: volGranule, readMBps: read, writeMBps: write))
        }
        let groupsWithVolumes = Set(volumes.map(\.group))
        for (i, g) in groups.enumerated() where !groupsWithVolumes.contains(g.name) {
            throw ctx.error("groups[\(i)].name", "group \"\(g.name)\" has no volumes")
        }

        // [[workloads]]
        var workloads: [Scenario.WorkloadSpec] = []
        var withWorkload: Set<String> = []
        for w in try top.tables("workloads") {
            let vol = try w.string("volume", required: true)!
            guard let volumeAt = volumeIndex[vol] else {
                throw w.fail("volume", "\"\(vol)\" is not a volume defined in [[volumes]]")
            }
            if !withWorkload.insert(vol).inserted { throw w.fail("volume", "\"\(vol)\" already has a workload") }
            let rate = try w.rate("rate", required: true)!
            let io = try w.size("io_size") ?? 8_192
            let volume = volumes[volumeAt]
            if io > volume.capacity {
                throw w.fail("io_size", "\(ByteSize.format(io)) is larger than volume \(vol) (\(ByteSize.format(volume.capacity))); one write cannot be bigger than the volume")
            }
            let patternName = try w.string("pattern", expected: "\"uniform\", \"hotspot\" or \"sequential\"") ?? "uniform"
            let fraction = try w.double("hot_fraction", range: 0.000001...1, expected: "a fraction of the volume in (0, 1]")
            let share = try w.double("hot_share", range: 0...1, expected: "a share of the writes in [0, 1]")
            let pattern: WritePattern
            switch patternName {
            case "uniform": pattern = .uniform
            case "sequential": pattern = .sequential
            case "hotspot": pattern = .hotspot(fraction: fraction ?? 0.1, share: share ?? 0.9)
            default: throw w.fail("pattern", "\"\(patternName)\" is not a pattern (expected \"uniform\", \"hotspot\" or \"sequential\")")
            }
            if patternName != "hotspot", fraction != nil || share != nil {
                throw w.fail(fraction != nil ? "hot_fraction" : "hot_share", "only applies to pattern = \"hotspot\"")
            }
            let curve = try w.doubleArray("daily_curve", range: 0...100) ?? []
            if !curve.isEmpty, curve.count != 24 {
                throw w.fail("daily_curve", "has \(curve.count) values; it needs 24, one per hour (UTC)")
            }
            // The host cannot write faster than the volume's disks take it (at the curve's peak hour).
            let rgSpec = raidGroups.first { $0.name == volume.raidGroup }!
            let diskSpeed = volume.writeMBps ?? rgSpec.writeMBps
                ?? rgSpec.layout.throughput(disk: figures[rgSpec.diskType] ?? .defaults(for: rgSpec.diskType), degraded: false).write
            let peak = rate * (curve.max() ?? 1) / 1_000_000
            if peak > diskSpeed {
                let atPeak = curve.isEmpty ? "" : " at the daily curve's peak factor \(JSONValue.number(curve.max()!))"
                throw w.fail("rate", "writes \(String(format: "%.1f", peak)) MB/s\(atPeak), more than volume \(vol) takes (\(String(format: "%.1f", diskSpeed)) MB/s, the write speed of \(volume.raidGroup))")
            }
            try w.finish()
            workloads.append(.init(volume: vol, bytesPerSecond: rate, ioSize: io, pattern: pattern, dailyCurve: curve))
        }

        // [file_list] and [[file_groups]] (third embodiment)
        var fileList: [FileEntry] = []
        var fileListLines: [Int?] = []
        var fileListSource = "file list"
        if let fl = try top.subtable("file_list") {
            let relative = try fl.string("path", required: true, expected: "the CSV file's path, relative to the scenario")!
            try fl.finish()
            let base = URL(fileURLWithPath: file).deletingLastPathComponent()
            let path = relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw fl.missing("path", "\"\(relative)\" cannot be read (looked for \(path))")
            }
            guard let csv = String(data: data, encoding: .utf8) else {
                throw fl.fail("path", "\"\(relative)\" is not UTF-8 text (\(path))")
            }
            let parsed = try FileEntry.parseCSVLines(csv, file: path)
            fileList = parsed.map(\.entry)
            fileListLines = parsed.map(\.line)
            fileListSource = path
        }
        var fileGroups: [Scenario.GroupSpec] = []
        for g in try top.tables("file_groups") {
            let spec = try group(g, tiers: tiers, remotes: remotes.map(\.id))
            if fileGroups.contains(where: { $0.name == spec.name }) || groups.contains(where: { $0.name == spec.name }) {
                throw g.fail("name", "\"\(spec.name)\" is already a group name")
            }
            guard fileList.contains(where: { $0.group == spec.name }) else {
                throw g.fail("name", fileList.isEmpty ? "file groups need a [file_list] path = \"FILE.csv\"" : "no file of the file list belongs to \"\(spec.name)\"")
            }
            fileGroups.append(spec)
        }
        for (i, e) in fileList.enumerated() where !fileGroups.contains(where: { $0.name == e.group }) {
            throw ScenarioError(file: fileListSource, line: fileListLines[i], path: "group", message: "file \(e.file) belongs to \"\(e.group)\", which no [[file_groups]] table defines")
        }
        for (i, e) in fileList.enumerated() {
            guard let v = Int(e.lun).flatMap({ n in volumes.indices.contains(n) ? n : nil }) ?? volumes.firstIndex(where: { $0.name == e.lun }) else {
                throw ScenarioError(file: fileListSource, line: fileListLines[i], path: "lun", message: "file \(e.file): LUN \(e.lun) is not a volume (LUNs are 0…\(volumes.count - 1) in [[volumes]] order, or a volume name)")
            }
            guard let bytes = e.byteRange, bytes.end <= volumes[v].capacity else {
                throw ScenarioError(file: fileListSource, line: fileListLines[i], path: "blocks", message: "file \(e.file) runs past the end of \(volumes[v].name)")
            }
        }

        // [[events]]
        var events: [Scenario.ScriptedEvent] = []
        for e in try top.tables("events") {
            let at = try e.duration("at", required: true)!  // at most a century: start + at cannot overflow
            let action = try e.string("action", required: true, expected: "\"degrade\", \"repair\", \"backup\", \"restore\", \"line-down\" or \"line-up\"")!
            func rg() throws -> String {
                let n = try e.string("raid_group", required: true)!
                guard raidGroups.contains(where: { $0.name == n }) else { throw e.fail("raid_group", "\"\(n)\" is not a RAID group defined in [[raid_groups]]") }
                return n
            }
            func vol(_ key: String, required: Bool) throws -> String? {
                guard let n = try e.string(key, required: required) else { return nil }
                guard volumeIndex[n] != nil else { throw e.fail(key, "\"\(n)\" is not a volume defined in [[volumes]]") }
                return n
            }
            let kind: Scenario.ScriptedEvent.Action
            switch action {
            case "degrade": kind = .degrade(raidGroup: try rg())
            case "repair": kind = .repair(raidGroup: try rg())
            case "backup": kind = .backup(volume: try vol("volume", required: true)!)
            case "restore":
                let v = try vol("volume", required: true)!
                let gen = try e.int("generation", required: true, range: 1...Int(Int32.max))!
                kind = .restore(volume: v, generation: gen, target: try vol("target", required: false))
            case "line-down", "line-up":
                let r = try e.string("remote", required: true, expected: "a remote array's id")!
                guard let remote = remotes.first(where: { $0.id == r }) else { throw e.fail("remote", "\"\(r)\" is not a remote array") }
                let line = try e.int("line", range: 0...(max(0, remote.lines.count - 1))) ?? 0
                kind = .line(remote: r, line: line, up: action == "line-up")
            default:
                throw e.fail("action", "\"\(action)\" is not an action (expected \"degrade\", \"repair\", \"backup\", \"restore\", \"line-down\" or \"line-up\")")
            }
            try e.finish()
            events.append(.init(at: at, action: kind))
        }
        try top.finish()

        var scenario = Scenario(name: name, seed: seed, start: start, tick: tick, granule: granule, diskFigures: figures,
                                raidGroups: raidGroups, volumes: volumes, groups: groups, poolName: poolName, tiers: tiers,
                                spares: spares, workloads: workloads, events: events)
        scenario.fileGroups = fileGroups
        scenario.remotes = remotes
        scenario.fileList = fileList
        scenario.fileListSource = fileListSource
        return scenario
    }

    /// A file list and its groups' objectives sent at run time: a TOML file holding `[file_list]`
    /// and `[[file_groups]]` exactly as a scenario would. Tier and remote names are checked against
    /// the running array's; given its real volumes, so are each file's LUN and extent, at the CSV's
    /// line (the array would refuse them too, but without the line).
    public static func parseFileGroups(_ text: String, file: String, tiers: [String], remotes: [String],
                                       volumes: [(name: String, lun: Int, capacity: Int64)] = [])
        throws -> (entries: [FileEntry], groups: [Scenario.GroupSpec], source: String) {
        let root = try TOMLInput.parse(text, file: file)
        let top = TableReader(root, path: "", context: Context(file: file, text: text))
        let fl = try top.subtable("file_list", required: true)!
        let relative = try fl.string("path", required: true, expected: "the CSV file's path, relative to this file")!
        try fl.finish()
        let base = URL(fileURLWithPath: file).deletingLastPathComponent()
        let path = relative.hasPrefix("/") ? relative : base.appendingPathComponent(relative).path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fl.missing("path", "\"\(relative)\" cannot be read (looked for \(path))")
        }
        guard let csv = String(data: data, encoding: .utf8) else {
            throw fl.fail("path", "\"\(relative)\" is not UTF-8 text (\(path))")
        }
        let parsed = try FileEntry.parseCSVLines(csv, file: path)
        let entries = parsed.map(\.entry)
        let tierSpecs = tiers.map { Scenario.TierSpec(name: $0, raidGroups: []) }
        var specs: [Scenario.GroupSpec] = []
        for g in try top.tables("file_groups", required: true) {
            specs.append(try group(g, tiers: tierSpecs, remotes: remotes))
        }
        try top.finish()
        for (e, line) in parsed where !specs.contains(where: { $0.name == e.group }) {
            throw ScenarioError(file: path, line: line, path: "group", message: "file \(e.file) belongs to \"\(e.group)\", which no [[file_groups]] table defines")
        }
        if !volumes.isEmpty {
            for (e, line) in parsed {
                // As the array resolves it: a LUN number, else a volume name.
                guard let v = Int(e.lun).flatMap({ n in volumes.first { $0.lun == n } }) ?? volumes.first(where: { $0.name == e.lun }) else {
                    throw ScenarioError(file: path, line: line, path: "lun", message: "file \(e.file): LUN \(e.lun) is not a volume of the array")
                }
                guard let bytes = e.byteRange, bytes.end <= v.capacity else {
                    throw ScenarioError(file: path, line: line, path: "blocks", message: "file \(e.file) runs past the end of \(v.name)")
                }
            }
        }
        return (entries, specs, path)
    }

    /// A `[[raid_groups]]` table (also a remote array's).
    static func raidGroup(_ r: TableReader) throws -> Scenario.RAIDGroupSpec {
        let rgName = try r.name("name", required: true)!
        let layoutText = try r.string("layout", required: true, expected: "a layout like \"RAID1\", \"RAID10\", \"4D+1P\" or \"6D+2P\"")!
        let disks = try r.int("disks", range: 2...64)
        guard let layout = RAIDLayout.parse(layoutText, disks: disks) else {
            if layoutText.uppercased() == "RAID10" {
                throw r.fail("disks", "RAID10 needs an even disk count of 4 or more (e.g. disks = 8)")
            }
            throw r.fail("layout", "\"\(layoutText)\" is not a RAID layout (try \"RAID1\", \"RAID10\", \"4D+1P\" or \"6D+2P\")")
        }
        if let disks, disks != layout.diskCount {
            throw r.fail("disks", "\(layoutText) has \(layout.diskCount) disks, not \(disks)")
        }
        let typeText = try r.string("disk_type", required: true, expected: "a disk type")!
        guard let type = DiskType.parse(typeText) else {
            throw r.fail("disk_type", "\"\(typeText)\" is not a disk type (expected one of: \(DiskType.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        // At most 1PB a disk: with at most 64 disks a group's capacity cannot overflow.
        let size = try r.size("disk_size", required: true, max: (1_000_000_000_000_000, "1PB"))!
        let read = try r.double("read_mbps", range: 0.001...1e7, expected: "MB/s of the whole group")
        let write = try r.double("write_mbps", range: 0.001...1e7, expected: "MB/s of the whole group")
        try r.finish()
        return .init(name: rgName, layout: layout, diskType: type, diskSize: size, readMBps: read, writeMBps: write)
    }

    /// `"5ms"`, `"1s"`, `"0"`.
    static func latency(_ s: String) -> Double? {
        if s.hasSuffix("ms"), let v = Double(s.dropLast(2)), v.isFinite, v >= 0 { return v / 1_000 }
        if s.hasSuffix("s"), let v = Double(s.dropLast(1)), v.isFinite, v >= 0 { return v }
        if let v = Double(s), v == 0 { return 0 }
        return nil
    }

    /// A `[[groups]]` or `[[file_groups]]` table: a name and recovery objectives.
    static func group(_ g: TableReader, tiers: [Scenario.TierSpec], remotes: [String]) throws -> Scenario.GroupSpec {
        let groupName = try g.name("name", required: true)!
        var o = RecoveryObjectives()
        if let rpo = try g.subtable("rpo") {
            o.interval = try rpo.duration("interval", max: .max, longest: RecoveryObjectives.longestDuration)  // bounded by validate() below
            if let i = o.interval, i < 60 { throw rpo.fail("interval", "must be at least 1m") }
            if let h = try rpo.string("hour", expected: "a time of day like \"12:00\"") {
                guard let s = parseHour(h) else { throw rpo.fail("hour", "\"\(h)\" is not a time of day (try \"12:00\" or \"03:30\")") }
                o.hourOfDay = s
            }
            o.changedBytes = try rpo.size("changed")
            try rpo.finish()
        }
        o.generations = try g.int("generations", range: 1...1_000) ?? 7
        o.rto = try g.duration("rto", max: .max, longest: RecoveryObjectives.longestDuration)
        // The same bounds as a command: a scenario cannot set what the console would refuse. (The
        // granule bound needs the group's volumes and is checked when the array is built.)
        if let (field, problem) = o.validate() {
            if field == "rto" || field == "generations" { throw g.fail(field, problem) }
            throw g.fail("rpo.\(field)", problem)
        }
        let mirror = try g.bool("mirror") ?? true
        var retention = RetentionPolicy.merge
        if let r = try g.string("retention", expected: "\"merge\" or \"keep\"") {
            guard let p = RetentionPolicy(rawValue: r) else { throw g.fail("retention", "\"\(r)\" is not a retention policy (expected \"merge\" or \"keep\")") }
            retention = p
        }
        let delta = try g.string("tier")
        let full = try g.string("full_tier")
        for (key, t) in [("tier", delta), ("full_tier", full)] {
            if let t, !tiers.contains(where: { $0.name == t }) {
                throw g.fail(key, "\"\(t)\" is not a pool tier (defined: \(tiers.map(\.name).joined(separator: ", ")))")
            }
        }
        let switchSeconds = try g.duration("switch_time").map(Double.init) ?? 0
        let destination = try g.string("destination", expected: "a remote array's id")
        if let destination, !remotes.contains(destination) {
            throw g.fail("destination", "\"\(destination)\" is not a remote array (defined: \(remotes.isEmpty ? "none" : remotes.joined(separator: ", ")))")
        }
        try g.finish()
        return Scenario.GroupSpec(name: groupName, objectives: o, mirror: mirror, retention: retention,
                                  deltaTier: delta, fullTier: full, switchSeconds: switchSeconds, destination: destination)
    }

    /// The data capacity of all RAID groups, summed without overflow: at most 4 EiB.
    static func checkTotal(_ groups: [Scenario.RAIDGroupSpec], _ r: TableReader, _ key: String) throws {
        var total: Int64 = 0
        for g in groups {
            let (sum, overflow) = total.addingReportingOverflow(Int64(g.layout.dataDisks) * g.diskSize)
            guard !overflow, sum <= 1 << 62 else { throw r.fail(key, "the RAID groups hold more than 4 EiB in all, the largest array") }
            total = sum
        }
    }

    static func checkGranule(_ g: Int64, _ r: TableReader, _ key: String) throws {
        guard g >= 4_096, g & (g - 1) == 0 else {
            throw r.fail(key, "\(ByteSize.format(g)) is not a power of two of at least 4KiB (try \"64KiB\")")
        }
    }

    /// `"12:00"` → 43200.
    public static func parseHour(_ s: String) -> Int64? {
        let parts = s.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
              let h = Int64(parts[0]), let m = Int64(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 3_600 + m * 60
    }
}

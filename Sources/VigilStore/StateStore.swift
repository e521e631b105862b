import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import VigilArray

/// The array's durable state in one SQLite database per state directory (`state.sqlite`): the
/// scenario, the simulator's state, each volume's content segment by segment, the management
/// information region (one record per backup, its data in a region of its own), pool areas, change
/// tables, expansion requests and the console's command journal.
///
/// A checkpoint writes everything that changed in one transaction, so a crash leaves the state as
/// of the last checkpoint: a generation is complete in the catalog only together with its data,
/// a change table is reset only together with the generation that took its changes, and a pruned
/// record goes together with its area's release. Every blob carries a checksum, so a flipped byte
/// is reported, never returned as data.
public final class StateStore {
    public enum Mode { case writer, reader }

    public let directory: String
    public let mode: Mode
    let db: DatabasePool
    private let lock: WriterLock?
    /// Called at named points so tests can kill the process there (`VIGIL_CRASH_AT`).
    public var crashPoint: @Sendable (String) -> Void = { _ in }
    /// What the last checkpoint wrote, to write only what changed since.
    private var writtenRecords: [Int: RecordKey] = [:]
    private var writtenAreas: [Int: AreaKey] = [:]
    private var writtenCopies: [Int: String] = [:]
    private var primed = false
    /// Checkpoints are numbered; the number of the last one is also kept outside the database
    /// (`last-checkpoint`), so a database that lost committed transactions (its -wal deleted) is
    /// noticed instead of silently going back in time.
    private var sequence: Int64 = 0
    /// This state's id (StateStore+Guard.swift), written into `last-checkpoint` with the number.
    var stateID: String?

    struct AreaKey: Equatable {
        var tier: String
        var raidGroup: String
        var bytes: Int64
        var purpose: String
        init(_ a: AreaInfo) { tier = a.tier; raidGroup = a.raidGroup; bytes = a.bytes; purpose = a.purpose.rawValue }
        init(unknown: Void) { tier = ""; raidGroup = ""; bytes = -1; purpose = "" }
    }

    struct RecordKey: Equatable {
        var revision: Int
        var state: String
        var method: String
        var area: Int
        var parent: Int?
    }

    public var databasePath: String { directory + "/state.sqlite" }

    /// Opens (a writer creates) the state directory. A writer takes the directory's lock; a reader
    /// opens the database read-only and needs it to exist. A database that is not the one the
    /// directory's `last-checkpoint` names, or is behind it, is refused (StateStore+Guard.swift),
    /// unless a writer is `startingOver` (--fresh: `erase()` then binds the directory anew).
    public init(directory: String, mode: Mode, startingOver: Bool = false,
                crashPoint: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.directory = directory
        self.mode = mode
        self.crashPoint = crashPoint
        let fm = FileManager.default
        switch mode {
        case .writer:
            do {
                try Self.createPrivateDirectory(directory)  // 0700 (StateStore+Permissions.swift)
            } catch {
                throw StateStoreError("cannot create the state directory \(directory): \(error)")
            }
            lock = try WriterLock(directory: directory)
            try Self.guardMissingDatabase(directory: directory, startingOver: startingOver)  // StateStore+Guard.swift
            try Self.createDatabaseFile(directory + "/state.sqlite")  // 0600, and so its -wal and -shm
        case .reader:
            try Self.guardMissingDatabase(directory: directory, startingOver: false)  // StateStore+Guard.swift
            guard fm.fileExists(atPath: directory + "/state.sqlite") else {
                throw StateStoreError("no Vigil state in \(directory) (run `vigil simulate --state \(directory)` or the console first)")
            }
            lock = nil
        }
        var config = Configuration()
        config.readonly = mode == .reader
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            // WAL lets readers (vigil catalog list, vigil verify) read while the writer works;
            // synchronous=FULL syncs the WAL on every commit, so a commit that returned survives a
            // power cut — a backup reported complete is never lost, at the price of one fsync per
            // checkpoint.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA synchronous = FULL") }
        }
        do {
            // A reader of a directory it cannot write may need another way in (StateStore+Permissions.swift).
            let path = mode == .reader ? try Self.readerPath(directory: directory) : directory + "/state.sqlite"
            db = try DatabasePool(path: path, configuration: config)
        } catch let e as StateStoreError {
            throw e
        } catch {
            throw StateStoreError("\(directory)/state.sqlite cannot be opened as a database: \(error)")
        }
        let migrator = Self.migrator(crashPoint: crashPoint)
        let superseded: Bool
        do {
            superseded = try db.read { try migrator.hasBeenSuperseded($0) }
        } catch {
            throw StateStoreError("\(directory)/state.sqlite is not a Vigil state database (\(error))")
        }
        if superseded {
            throw StateStoreError("\(directory)/state.sqlite was written by a newer Vigil (schema \(try db.read { try migrator.appliedIdentifiers($0) }.sorted().last ?? "?")); this one knows up to \(Self.schemaVersions.last!) — upgrade Vigil, or start over with --fresh")
        }
        // Guard: is this the database the directory's last-checkpoint names? (StateStore+Guard.swift)
        let lastCheckpoint = readLastCheckpoint()
        try guardIdentity(lastCheckpoint, startingOver: startingOver)
        if mode == .writer {
            do { try migrator.migrate(db) } catch { throw StateStoreError("migrating \(directory)/state.sqlite failed: \(error)") }
            try bindIdentity(lastCheckpoint)
        } else {
            let applied = try db.read { try migrator.appliedIdentifiers($0) }
            guard applied == Set(Self.schemaVersions) else {
                throw StateStoreError("\(directory)/state.sqlite has schema \(applied.sorted()) but this Vigil needs \(Self.schemaVersions); open it once with a writer to migrate")
            }
        }
    }

    /// True when a checkpoint has been stored.
    public func hasState() throws -> Bool {
        try reading { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sim_state") ?? 0 } > 0
    }

    /// The scenario the state was made from (its name and TOML text).
    public func scenario() throws -> (name: String, path: String, text: String)? {
        try reading { db in
            let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta")
            var meta: [String: String] = [:]
            for r in rows { meta[try r.required("key", table: "meta")] = try r.required("value", table: "meta", key: "key") }
            guard let name = meta["scenario_name"], let text = meta["scenario_text"] else { return nil }
            return (name, meta["scenario_path"] ?? "", text)
        }
    }

    /// Records the scenario a new state is made from.
    public func saveScenario(name: String, path: String, text: String) throws {
        try db.write { db in
            for (k, v) in [("scenario_name", name), ("scenario_path", path), ("scenario_text", text)] {
                try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [k, v])
            }
        }
    }

    // MARK: Checkpoint

    /// Writes everything that changed since the last checkpoint in one transaction.
    public func checkpoint(_ sim: ArraySimulator) throws {
        precondition(mode == .writer, "a reader cannot write")
        if !primed { try primeCache() }
        let state = sim.exportState()
        let stateBlob = try JSONEncoder().encode(state)
        let gens = sim.allGenerations
        let areas = sim.allAreas
        var newRecords: [Int: RecordKey] = [:]
        try db.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO sim_state(id, seq, clock, state, checksum) VALUES (1, ?, ?, ?, ?)",
                           arguments: [sequence + 1, sim.now.seconds, stateBlob, Checksum.of(stateBlob)])
            // Live content: only the segments written since the last checkpoint.
            for v in sim.volumes.indices {
                let map = sim.trackers[v].content
                for seg in sim.takeDirtySegments(volume: v) {
                    let runs = map.segmentRuns(seg)
                    if runs.isEmpty {
                        try db.execute(sql: "DELETE FROM live_segment WHERE volume = ? AND seg = ?", arguments: [v, seg])
                    } else {
                        let blob = Data(RunCodec.pack(runs))
                        try db.execute(sql: "INSERT OR REPLACE INTO live_segment(volume, seg, runs, checksum) VALUES (?, ?, ?, ?)",
                                       arguments: [v, seg, blob, Checksum.of(blob)])
                    }
                }
            }
            // Records that are gone: the record first, then its area (the same transaction).
            let kept = Set(gens.map(\.generation.recordID))
            for id in writtenRecords.keys where !kept.contains(id) {
                try db.execute(sql: "DELETE FROM backup_record WHERE id = ?", arguments: [id])
                crashPoint("mid-prune-store")
            }
            for lun in writtenAreas.keys where areas[lun] == nil {
                try db.execute(sql: "DELETE FROM pool_area WHERE lun = ?", arguments: [lun])
            }
            for (lun, area) in areas where writtenAreas[lun] != AreaKey(area) {
                try db.execute(sql: "INSERT OR REPLACE INTO pool_area(lun, tier, raid_group, bytes, purpose) VALUES (?, ?, ?, ?, ?)",
                               arguments: [lun, area.tier, area.raidGroup, area.bytes, area.purpose.rawValue])
            }
            for (v, g) in gens {
                let key = RecordKey(revision: g.revision, state: g.state.rawValue, method: g.method.rawValue, area: g.area, parent: g.parent)
                newRecords[g.recordID] = key
                let previous = writtenRecords[g.recordID]
                if previous == key { continue }
                let tier = areas[g.area]?.tier ?? "-"
                // An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the delete
                // would cascade to the record's data.
                try db.execute(sql: """
                    INSERT INTO backup_record(id, volume, grp, generation, method, copy_function, trigger, parent, area,
                        tier, bytes, triggered_at, completed_at, digest, state, revision)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET method = excluded.method, copy_function = excluded.copy_function,
                        parent = excluded.parent, area = excluded.area, tier = excluded.tier, bytes = excluded.bytes,
                        completed_at = excluded.completed_at, state = excluded.state, revision = excluded.revision
                    """, arguments: [g.recordID, sim.volumes[v].name, sim.groups[sim.volumes[v].group].name, g.number,
                                     g.method.rawValue, g.copyFunction.rawValue, g.trigger.rawValue, g.parent, g.area, tier,
                                     g.bytes, g.triggeredAt.iso8601, g.completedAt?.iso8601, ContentDigest.hex(g.digest),
                                     g.state.rawValue, g.revision])
                if previous == nil || previous!.revision != g.revision {
                    try db.execute(sql: "DELETE FROM record_data WHERE record = ?", arguments: [g.recordID])
                    try Self.writeData(db, record: g.recordID, content: g.content)
                }
            }
            // Copy records (claims 7, 9): the record, and once complete the data it holds.
            // Local copies, and copies kept in remote arrays' own regions (with the array's ID).
            let all = sim.copies.map { ($0, String?.none) } + sim.remotes.flatMap { r in r.records.map { ($0, Optional(r.id)) } }
            let copies = Dictionary(uniqueKeysWithValues: all.map { ($0.0.id, $0.0) })
            for id in writtenCopies.keys where copies[id] == nil {
                try db.execute(sql: "DELETE FROM copy_record WHERE id = ?", arguments: [id])
            }
            for (c, array) in all where writtenCopies[c.id] != c.state.rawValue {
                try db.execute(sql: """
                    INSERT INTO copy_record(id, kind, source_record, source_volume, generation, method, destination_volume,
                        started_at, completed_at, digest, bytes, state, array) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET completed_at = excluded.completed_at, digest = excluded.digest, state = excluded.state
                    """, arguments: [c.id, c.kind.rawValue, c.sourceRecord, c.sourceVolume, c.generation, c.method,
                                     c.destinationVolume, c.startedAt.iso8601, c.completedAt?.iso8601,
                                     ContentDigest.hex(c.digest), c.bytes, c.state.rawValue, array])
                if c.state == .complete, let image = sim.copyImage(c.id) ?? sim.remoteImage(c.id) {
                    try db.execute(sql: "DELETE FROM copy_data WHERE record = ?", arguments: [c.id])
                    try Self.writeImage(db, table: "copy_data", record: c.id, map: image)
                }
            }
            try db.execute(sql: "DELETE FROM change_table")
            for v in sim.volumes.indices {
                let t = sim.trackers[v]
                for (kind, table) in [("since_last_backup", t.sinceLastBackup), ("since_last_full", t.sinceLastFull)] {
                    try db.execute(sql: "INSERT INTO change_table(volume, kind, opened_at, since_token, changed_bytes) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [sim.volumes[v].name, kind, table.openedAt.iso8601, Int64(bitPattern: table.sinceToken),
                                               Int64(table.changedGranules) * t.granule])
                }
            }
            try db.execute(sql: "DELETE FROM expansion_request")
            for r in sim.requests {
                try db.execute(sql: "INSERT INTO expansion_request(id, pool, raised_at, needed_bytes, free_bytes, state, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [r.id, r.pool, r.raisedAt.iso8601, r.neededBytes, r.freeBytes, r.state.rawValue, r.reason])
            }
            crashPoint("before-catalog-commit")
        }
        writtenRecords = newRecords
        writtenAreas = areas.mapValues(AreaKey.init)
        writtenCopies = Dictionary(uniqueKeysWithValues: (sim.copies + sim.remotes.flatMap(\.records)).map { ($0.id, $0.state.rawValue) })
        sequence += 1
        try recordSequence(sequence)
        crashPoint("after-catalog-commit")
    }

    static func writeData(_ db: Database, record: Int, content: GenerationContent) throws {
        switch content {
        case .delta(let runs):
            let blob = Data(RunCodec.pack(runs))
            try db.execute(sql: "INSERT INTO record_data(record, seg, runs, checksum) VALUES (?, -1, ?, ?)",
                           arguments: [record, blob, Checksum.of(blob)])
        case .image(let map):
            try writeImage(db, table: "record_data", record: record, map: map)
        }
    }

    /// Writes an image segment by segment. An empty image still gets a row (segment −2), so "no
    /// data" is never mistaken for "empty volume".
    static func writeImage(_ db: Database, table: String, record: Int, map: ContentMap) throws {
        let segs = map.nonEmptySegments
        if segs.isEmpty {
            try db.execute(sql: "INSERT INTO \(table)(record, seg, runs, checksum) VALUES (?, -2, ?, ?)",
                           arguments: [record, Data(), Checksum.of(Data())])
        }
        for seg in segs {
            let blob = Data(RunCodec.pack(map.segmentRuns(seg)))
            try db.execute(sql: "INSERT INTO \(table)(record, seg, runs, checksum) VALUES (?, ?, ?, ?)",
                           arguments: [record, seg, blob, Checksum.of(blob)])
        }
    }

    /// Learns what is already stored, so the next checkpoint writes only differences.
    private func primeCache() throws {
        try db.read { db in
            let t = "backup_record"
            for r in try Row.fetchAll(db, sql: "SELECT id, revision, state, method, area, parent FROM backup_record") {
                writtenRecords[try r.required("id", table: t)] = RecordKey(
                    revision: try r.required("revision", table: t, key: "id"), state: try r.required("state", table: t, key: "id"),
                    method: try r.required("method", table: t, key: "id"), area: try r.required("area", table: t, key: "id"),
                    parent: try r.optional("parent", table: t, key: "id"))
            }
        }
        sequence = try db.read { try Self.storedIdentity($0).sequence }
        writtenCopies = try db.read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT id, state FROM copy_record").map {
                (try $0.required("id", table: "copy_record") as Int, try $0.required("state", table: "copy_record", key: "id") as String)
            }, uniquingKeysWith: { a, _ in a })
        }
        // Areas are few; comparing against an empty cache rewrites them once.
        writtenAreas = [:]
        let stored: [Int] = try db.read { try Int.fetchAll($0, sql: "SELECT lun FROM pool_area") }
        for lun in stored { writtenAreas[lun] = AreaKey(unknown: ()) }
        primed = true
    }

    // `last-checkpoint` (sequencePath, recordSequence) and the check against it live in
    // StateStore+Guard.swift.

    // MARK: Load

    /// What a restart found half-done and how it was resolved.
    public struct Resumption: Sendable {
        public var clock: SimTime
        public var copiesInFlight: [String]
        public var restoresInFlight: Int
        public var report: [String]
    }

    /// Rebuilds the simulator from the last checkpoint. Every blob's checksum is checked first.
    public func load() throws -> (ArraySimulator, Resumption) {
        // Guard (StateStore+Guard.swift): last-checkpoint is read before the snapshot it is checked against.
        let lastCheckpoint = readLastCheckpoint()
        return try reading { db in
            try checkIdentity(db, lastCheckpoint)
            return try load(in: db)
        }
    }

    /// `load()` inside the caller's read transaction: everything it reads is one snapshot.
    func load(in db: Database) throws -> (ArraySimulator, Resumption) {
        let loaded: (SimulatorState, [ContentMap], [Int: GenerationContent], [Int: ContentMap], [Int: ContentMap]) = try { (db: Database) in
            guard let row = try Row.fetchOne(db, sql: "SELECT seq, state, checksum FROM sim_state WHERE id = 1") else {
                throw StateStoreError("\(databasePath) holds no checkpoint yet")
            }
            let blob: Data = try row.required("state", table: "sim_state")
            guard Checksum.of(blob) == (try row.required("checksum", table: "sim_state") as Int64) else {
                throw StateStoreError("\(databasePath): the simulator state fails its checksum (the file is damaged); run `vigil verify --state \(directory)`")
            }
            let state: SimulatorState
            do { state = try JSONDecoder().decode(SimulatorState.self, from: blob) } catch {
                throw StateStoreError("\(databasePath): the simulator state cannot be read: \(error)")
            }
            let volumes = state.volumeGranules
            var live: [[Int: [ContentRun]]] = Array(repeating: [:], count: volumes.count)
            for r in try Row.fetchAll(db, sql: "SELECT volume, seg, runs, checksum FROM live_segment") {
                let v: Int = try r.required("volume", table: "live_segment"), seg: Int = try r.required("seg", table: "live_segment", key: "volume")
                guard live.indices.contains(v) else { throw StateStoreError("\(databasePath): content stored for volume #\(v), which does not exist") }
                live[v][seg] = try Self.runs(r, what: "volume \(state.volumeName(v)) segment \(seg)")
            }
            let maps = try live.enumerated().map { v, segs in
                do { return try ContentMap(granules: volumes[v], segments: segs) } catch {
                    throw StateStoreError("\(databasePath): volume \(state.volumeName(v)) content is invalid: \(error)")
                }
            }
            var data: [Int: [Int: [ContentRun]]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT record, seg, runs, checksum FROM record_data") {
                let id: Int = try r.required("record", table: "record_data"), seg: Int = try r.required("seg", table: "record_data", key: "record")
                data[id, default: [:]][seg] = try Self.runs(r, what: "record \(id) data")
            }
            var contents: [Int: GenerationContent] = [:]
            for (id, segs) in data {
                if let delta = segs[-1] { contents[id] = .delta(delta); continue }
                guard let granules = state.granules(ofRecord: id) else { continue }
                var image = segs
                image[-2] = nil
                do { contents[id] = .image(try ContentMap(granules: granules, segments: image)) } catch {
                    throw StateStoreError("\(databasePath): record \(id) image is invalid: \(error)")
                }
            }
            var copySegs: [Int: [Int: [ContentRun]]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT record, seg, runs, checksum FROM copy_data") {
                let id: Int = try r.required("record", table: "copy_data"), seg: Int = try r.required("seg", table: "copy_data", key: "record")
                copySegs[id, default: [:]][seg] = try Self.runs(r, what: "copy record \(id) data")
            }
            var copyImages: [Int: ContentMap] = [:], remoteImages: [Int: ContentMap] = [:]
            let remoteRecords = state.remoteRecords
            for (id, segs) in copySegs {
                guard let c = state.copyList.first(where: { $0.id == id }) ?? remoteRecords.first(where: { $0.id == id }),
                      let v = state.volumeList.firstIndex(where: { $0.name == c.sourceVolume }) else { continue }
                var image = segs
                image[-2] = nil
                do {
                    let map = try ContentMap(granules: volumes[v], segments: image)
                    if remoteRecords.contains(where: { $0.id == id }) { remoteImages[id] = map } else { copyImages[id] = map }
                } catch {
                    throw StateStoreError("\(databasePath): copy record \(id) data is invalid: \(error)")
                }
            }
            return (state, maps, contents, copyImages, remoteImages)
        }(db)
        let sim: ArraySimulator
        do { sim = try ArraySimulator(restoring: loaded.0, live: loaded.1, data: loaded.2, copyImages: loaded.3, remoteImages: loaded.4) } catch {
            throw StateStoreError("\(databasePath): \(error)")
        }
        let snap = sim.snapshot()
        var report: [String] = []
        let copies = snap.inFlight.map { "\($0.volume) generation \($0.generation) (\($0.method.rawValue))" }
        if !copies.isEmpty { report.append("copies in flight at the checkpoint resume: \(copies.joined(separator: ", "))") }
        let restoring = snap.volumes.filter { $0.states.contains(.restoring) }.map(\.name)
        if !restoring.isEmpty { report.append("restores in flight resume: \(restoring.joined(separator: ", "))") }
        return (sim, Resumption(clock: sim.now, copiesInFlight: copies, restoresInFlight: restoring.count, report: report))
    }

    static func runs(_ r: Row, what: String) throws -> [ContentRun] {
        let blob: Data = try r.required("runs", of: what)
        guard Checksum.of(blob) == (try r.required("checksum", of: what) as Int64) else {
            throw StateStoreError("\(what) fails its checksum (the file is damaged)")
        }
        guard let runs = RunCodec.unpack([UInt8](blob)) else { throw StateStoreError("\(what) is not a whole number of runs") }
        return runs
    }

    // MARK: Reading the catalog

    /// The management-information records, oldest first, optionally of one volume or group.
    public func records(volume: String? = nil, group: String? = nil) throws -> [BackupRecord] {
        try reading { try records(in: $0, volume: volume, group: group) }
    }

    /// `records(volume:group:)` inside the caller's read transaction.
    func records(in db: Database, volume: String? = nil, group: String? = nil) throws -> [BackupRecord] {
        do {
            var sql = "SELECT * FROM backup_record"
            var conditions: [String] = []
            var args: [DatabaseValueConvertible?] = []
            if let volume { conditions.append("volume = ?"); args.append(volume) }
            if let group { conditions.append("grp = ?"); args.append(group) }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { r in
                let t = "backup_record"
                return BackupRecord(
                    id: try r.required("id", table: t), volume: try r.required("volume", table: t, key: "id"),
                    group: try r.required("grp", table: t, key: "id"), generation: try r.required("generation", table: t, key: "id"),
                    method: try r.required("method", table: t, key: "id"), copyFunction: try r.required("copy_function", table: t, key: "id"),
                    trigger: try r.required("trigger", table: t, key: "id"), parent: try r.optional("parent", table: t, key: "id"),
                    area: try r.required("area", table: t, key: "id"), tier: try r.required("tier", table: t, key: "id"),
                    bytes: try r.required("bytes", table: t, key: "id"), triggeredAt: try r.required("triggered_at", table: t, key: "id"),
                    completedAt: try r.optional("completed_at", table: t, key: "id"), digest: try r.required("digest", table: t, key: "id"),
                    state: try r.required("state", table: t, key: "id"))
            }
        }
    }

    /// Appends a console command to the journal (claims document: which copy function, source,
    /// destination, when).
    public func journal(simTime: SimTime, command: String, copyFunction: String?, source: String?, destination: String?,
                        result: String) throws {
        try db.write { db in
            try db.execute(sql: "INSERT INTO journal(wall_time, sim_time, command, copy_function, source, destination, result) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [ISO8601DateFormatter().string(from: Date()), simTime.iso8601, command, copyFunction, source, destination, result])
        }
    }

    /// The journal, oldest first.
    public func journalEntries() throws -> [(simTime: String, command: String, result: String)] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT id, sim_time, command, result FROM journal ORDER BY id").map {
                (try $0.required("sim_time", table: "journal", key: "id"), try $0.required("command", table: "journal", key: "id"),
                 try $0.required("result", table: "journal", key: "id"))
            }
        }
    }
}

extension SimulatorState {
    var volumeGranules: [Int] { volumeList.map(\.granules) }
    func volumeName(_ v: Int) -> String { volumeList.indices.contains(v) ? volumeList[v].name : "#\(v)" }
    func granules(ofRecord id: Int) -> Int? {
        for (v, rt) in runtimeGenerations.enumerated() where rt.contains(where: { $0.recordID == id }) { return volumeList[v].granules }
        return nil
    }
}

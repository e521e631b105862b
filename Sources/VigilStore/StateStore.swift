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
    /// Called inside each checkpoint's transaction just before it commits; a throw fails the
    /// checkpoint as a full disk would (rolled back, its segments retaken next time), so tests
    /// can inject a commit failure (`VIGIL_FAIL_COMMIT_IF`).
    public var faultPoint: @Sendable () throws -> Void = {}
    /// What the last committed checkpoint wrote, to write only what changed since.
    let written = WrittenState()
    /// Commits one at a time (the console commits off its UI thread).
    let commitLock = NSLock()
    /// The content log's bookkeeping, shared by `capture` and `commit` (under `contentLock`).
    private var content = ContentLogState()
    private let contentLock = NSLock()
    /// Checkpoints are numbered; the number of the last one is also kept outside the database
    /// (`last-checkpoint`), so a database that lost committed transactions (its -wal deleted) is
    /// noticed instead of silently going back in time.
    var sequence: Int64 = 0
    /// This state's id (StateStore+Guard.swift), written into `last-checkpoint` with the number.
    var stateID: String?



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

    /// Closes the database: after this nothing may read or write through the store. On a clean
    /// close SQLite checkpoints the WAL into the database and removes `state.sqlite-wal` and
    /// `-shm` (unless another process still has the database open). Closing twice does nothing.
    public func close() throws {
        // The readers go first: SQLite checkpoints and removes the WAL only when the connection
        // that closes last can write, and DatabasePool.close() closes the writer before its readers.
        db.releaseMemory()
        try db.close()
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
                try db.execute(sql: StoredTable.meta.replaceSQL, arguments: StoredTable.arguments([k, v]))
            }
        }
    }

    // `last-checkpoint` (sequencePath, recordSequence) and the check against it live in
    // StateStore+Guard.swift.

    /// What the next capture must do about the content: rewrite the base or not, and which
    /// segments differ from the stored base beyond the simulator's own dirty flags.
    func takeContentPlan() -> (rebase: Bool, pending: [Int: Set<Int>]) {
        contentLock.lock()
        defer { contentLock.unlock() }
        let rebase = content.mustRebase || !content.started || content.logBytes > max(Self.minimumLogBytes, content.baseBytes)
        content.started = true
        guard rebase else { return (false, [:]) }
        content.mustRebase = false
        let pending = content.pending
        content.pending = [:]
        return (true, pending)
    }

    /// A commit stored a log row of `bytes`, or (with `base`) a new base of that size.
    func contentLogged(bytes: Int, base: Int?) {
        contentLock.lock()
        defer { contentLock.unlock() }
        if let base { content.baseBytes = base; content.logBytes = 0 } else { content.logBytes += bytes }
    }

    /// A commit failed: the segments it would have written, and those its log row touched, differ
    /// from the stored base; the next capture rewrites the base with them.
    func failedContent(_ image: CheckpointImage) {
        contentLock.lock()
        defer { contentLock.unlock() }
        content.mustRebase = true
        for s in image.segments { content.pending[s.volume, default: []].insert(s.segment) }
        for (v, writes) in image.journal {
            for w in writes { content.pending[v, default: []].formUnion(ContentMap.segments(start: w.start, end: w.end)) }
        }
    }

    /// After a load: the log's size and the segments its replay changed (they differ from the base).
    func contentLoaded(logBytes: Int, baseBytes: Int, replayed: [Int: Set<Int>]) {
        contentLock.lock()
        defer { contentLock.unlock() }
        content = ContentLogState(started: true, mustRebase: false, logBytes: logBytes, baseBytes: baseBytes, pending: replayed)
    }

    /// The log is rewritten into the base once it outgrows the base or this, whichever is larger:
    /// a resume replays at most that much.
    static let minimumLogBytes = 4 << 20

    // MARK: Reading the catalog

    /// The management-information records, oldest first, optionally of one volume or group.
    public func records(volume: String? = nil, group: String? = nil) throws -> [BackupRecord] {
        try reading { try records(in: $0, volume: volume, group: group) }
    }

    /// `records(volume:group:)` inside the caller's read transaction.
    func records(in db: Database, volume: String? = nil, group: String? = nil) throws -> [BackupRecord] {
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

    /// Appends a console command to the journal (claims document: which copy function, source,
    /// destination, when).
    public func journal(simTime: SimTime, command: String, copyFunction: String?, source: String?, destination: String?,
                        result: String) throws {
        try db.write { db in
            let values: [DatabaseValueConvertible?] = [SimTime(Int64(Date().timeIntervalSince1970)).iso8601, simTime.iso8601, command,
                                                       copyFunction, source, destination, result]
            try db.execute(sql: StoredTable.journal.insertSQL, arguments: StoredTable.arguments(values))
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

/// close(2), out of reach of `StateStore.close()` inside the class.
func closeDescriptor(_ fd: Int32) {
    close(fd)
}

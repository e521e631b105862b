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
    /// Live segments a failed commit had taken, by volume: the next capture takes them again.
    private var retrySegments: [Int: Set<Int>] = [:]
    private let retryLock = NSLock()
    /// Checkpoints are numbered; the number of the last one is also kept outside the database
    /// (`last-checkpoint`), so a database that lost committed transactions (its -wal deleted) is
    /// noticed instead of silently going back in time.
    var sequence: Int64 = 0



    public var databasePath: String { directory + "/state.sqlite" }

    /// Opens (a writer creates) the state directory. A writer takes the directory's lock; a reader
    /// opens the database read-only and needs it to exist.
    public init(directory: String, mode: Mode, crashPoint: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.directory = directory
        self.mode = mode
        self.crashPoint = crashPoint
        let fm = FileManager.default
        switch mode {
        case .writer:
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StateStoreError("cannot create the state directory \(directory): \(error.localizedDescription)")
            }
            lock = try WriterLock(directory: directory)
        case .reader:
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
            db = try DatabasePool(path: directory + "/state.sqlite", configuration: config)
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
        if mode == .writer {
            do { try migrator.migrate(db) } catch { throw StateStoreError("migrating \(directory)/state.sqlite failed: \(error)") }
        } else {
            let applied = try db.read { try migrator.appliedIdentifiers($0) }
            guard applied == Set(Self.schemaVersions) else {
                if applied.isEmpty, let problem = sequenceProblem(stored: 0) { throw StateStoreError(problem) }
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
        try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sim_state") ?? 0 } > 0
    }

    /// The scenario the state was made from (its name and TOML text).
    public func scenario() throws -> (name: String, path: String, text: String)? {
        try db.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM meta")
            var meta: [String: String] = [:]
            for r in rows { meta[r["key"]] = r["value"] }
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

    var sequencePath: String { directory + "/last-checkpoint" }

    /// Writes the last checkpoint's number beside the database (replace by rename, then sync).
    func recordSequence(_ n: Int64) throws {
        let tmp = sequencePath + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw StateStoreError("cannot write \(tmp)") }
        let text = "\(n)\n"
        _ = text.withCString { write(fd, $0, strlen($0)) }
        fsync(fd)
        closeDescriptor(fd)
        guard rename(tmp, sequencePath) == 0 else { throw StateStoreError("cannot replace \(sequencePath)") }
    }

    /// A problem when the database holds an older checkpoint than the last one committed.
    func sequenceProblem(stored: Int64) -> String? {
        guard let text = try? String(contentsOfFile: sequencePath, encoding: .utf8),
              let expected = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        guard stored < expected else { return nil }
        return "\(databasePath) holds checkpoint \(stored) but checkpoint \(expected) was committed: committed transactions are missing (was state.sqlite-wal deleted?); the array is as it was \(expected - stored) checkpoint(s) earlier"
    }

    func takeRetrySegments() -> [Int: Set<Int>] {
        retryLock.lock()
        defer { retryLock.unlock() }
        let taken = retrySegments
        retrySegments = [:]
        return taken
    }

    func keepForRetry(_ segments: [(volume: Int, segment: Int, runs: [ContentRun])]) {
        retryLock.lock()
        defer { retryLock.unlock() }
        for s in segments { retrySegments[s.volume, default: []].insert(s.segment) }
    }

    // MARK: Reading the catalog

    /// The management-information records, oldest first, optionally of one volume or group.
    public func records(volume: String? = nil, group: String? = nil) throws -> [BackupRecord] {
        try db.read { db in
            var sql = "SELECT * FROM backup_record"
            var conditions: [String] = []
            var args: [DatabaseValueConvertible?] = []
            if let volume { conditions.append("volume = ?"); args.append(volume) }
            if let group { conditions.append("grp = ?"); args.append(group) }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { r in
                BackupRecord(id: r["id"], volume: r["volume"], group: r["grp"], generation: r["generation"], method: r["method"],
                             copyFunction: r["copy_function"], trigger: r["trigger"], parent: r["parent"], area: r["area"],
                             tier: r["tier"], bytes: r["bytes"], triggeredAt: r["triggered_at"], completedAt: r["completed_at"],
                             digest: r["digest"], state: r["state"])
            }
        }
    }

    /// Appends a console command to the journal (claims document: which copy function, source,
    /// destination, when).
    public func journal(simTime: SimTime, command: String, copyFunction: String?, source: String?, destination: String?,
                        result: String) throws {
        try db.write { db in
            let values: [DatabaseValueConvertible?] = [SimTime(Int64(Date().timeIntervalSince1970)).iso8601, simTime.iso8601, command,
                                                       copyFunction, source, destination, result]
            let columns = StoredTable.journal.columns
            try db.execute(sql: "INSERT INTO journal(\(columns.joined(separator: ", ")), checksum) VALUES (\(Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")))",
                           arguments: StoredTable.arguments(values))
        }
    }

    /// The journal, oldest first.
    public func journalEntries() throws -> [(simTime: String, command: String, result: String)] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT sim_time, command, result FROM journal ORDER BY id").map { ($0["sim_time"], $0["command"], $0["result"]) }
        }
    }
}

/// close(2), out of reach of `StateStore.close()` inside the class.
private func closeDescriptor(_ fd: Int32) {
    close(fd)
}

import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The state directory's guard: `last-checkpoint` says which database belongs in the directory and
/// how far it got, so a database that went back in time (its -wal deleted), was emptied, deleted,
/// or replaced by another state's is refused instead of being started over or read as sound.
///
/// A writer gives each state a random id (`meta.state_id`) when it creates it, and writes
/// `last-checkpoint` as "<checkpoint> <state id>" then and after every checkpoint (replace by
/// rename, then sync). Vigil before the id wrote "<checkpoint>" alone; that is still read, and a
/// writer adds the id the first time it opens such a state.
extension StateStore {
    /// What `last-checkpoint` says.
    enum LastCheckpoint: Equatable {
        case missing
        /// There, but not "<checkpoint>" or "<checkpoint> <state id>": what it holds instead.
        case garbled(String)
        case number(Int64, stateID: String?)
    }

    /// What the database says of itself: its last checkpoint's number (0: none) and its state id.
    struct StoredIdentity: Equatable {
        var sequence: Int64
        var stateID: String?
        /// False when there is no state.sqlite at all.
        var exists = true
    }

    var sequencePath: String { directory + "/last-checkpoint" }

    /// Reads `last-checkpoint`. Read it before the snapshot it is compared with: the writer writes it
    /// after its commit, so read first it is never ahead of a consistent database.
    func readLastCheckpoint() -> LastCheckpoint { Self.readLastCheckpoint(directory: directory) }

    static func readLastCheckpoint(directory: String) -> LastCheckpoint {
        let path = directory + "/last-checkpoint"
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        guard let data = FileManager.default.contents(atPath: path) else { return .garbled("it cannot be read") }
        return parseLastCheckpoint(String(decoding: data, as: UTF8.self))
    }

    static func parseLastCheckpoint(_ text: String) -> LastCheckpoint {
        let fields = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", omittingEmptySubsequences: false)
        func garbled() -> LastCheckpoint {
            let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
            let shown = trimmed.count > 40 ? String(trimmed.prefix(40)) + "…" : trimmed
            return .garbled("it holds \"" + shown.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined() + "\"")
        }
        guard (1...2).contains(fields.count), let n = Int64(fields[0]), n >= 0 else { return garbled() }
        if fields.count == 1 { return .number(n, stateID: nil) }
        let id = String(fields[1])
        guard isStateID(id) else { return garbled() }
        return .number(n, stateID: id)
    }

    /// A state id as `newStateID` makes them: a UUID in lower case.
    static func isStateID(_ s: String) -> Bool {
        s.count == 36 && UUID(uuidString: s) != nil && s == s.lowercased()
    }

    static func newStateID() -> String { UUID().uuidString.lowercased() }

    /// The database's checkpoint number and state id; a database without the tables yet (new, or
    /// not migrated) has neither.
    static func storedIdentity(_ db: Database) throws -> StoredIdentity {
        let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        var stored = StoredIdentity(sequence: 0, stateID: nil)
        if tables.contains("sim_state"), let r = try Row.fetchOne(db, sql: "SELECT id, seq FROM sim_state WHERE id = 1") {
            stored.sequence = try r.required("seq", table: "sim_state", key: "id")
        }
        // The table itself, not its key's index: a damaged index must not make the id look absent
        // (and the state look replaced).
        if tables.contains("meta") {
            for r in try Row.fetchAll(db, sql: "SELECT key, value FROM meta NOT INDEXED") where try r.required("key", table: "meta") == "state_id" {
                stored.stateID = try r.required("value", table: "meta", key: "key")
            }
        }
        return stored
    }

    /// What is wrong when the database is not the one `last-checkpoint` names, or is behind it; nil
    /// when they agree. The text says how to go on.
    func identityProblem(stored s: StoredIdentity, file: LastCheckpoint) -> String? {
        Self.identityProblem(directory: directory, stored: s, file: file)
    }

    static func identityProblem(directory: String, stored s: StoredIdentity, file: LastCheckpoint) -> String? {
        let sequencePath = directory + "/last-checkpoint"
        guard let what = identityMismatch(directory: directory, stored: s, file: file) else { return nil }
        var ways = "to start over, run the writer (`vigil simulate` or the console) with --fresh"
        if s.sequence > 0 {
            let line = "\(s.sequence)" + (s.stateID.map { " \($0)" } ?? "")
            ways += "; to keep state.sqlite as it is anyway, write \"\(line)\" into \(sequencePath)"
        }
        return "\(what). Nothing was changed: \(ways)"
    }

    static func identityMismatch(directory: String, stored s: StoredIdentity, file: LastCheckpoint) -> String? {
        let sequencePath = directory + "/last-checkpoint", databasePath = directory + "/state.sqlite"
        let ofState = s.stateID.map { " of state \($0)" } ?? ""
        switch file {
        case .garbled(let text):
            return "\(sequencePath) is damaged (\(text)); it should hold \"<checkpoint> <state id>\" and is what tells a rolled-back, emptied or replaced state.sqlite from the right one, so the state is not used"
        case .missing:
            if s.sequence == 0 { return nil }
            // Vigil before the state id wrote the file only after the first checkpoint's commit: a
            // state it made that was killed right then has checkpoint 1 and no file yet.
            if s.stateID == nil, s.sequence == 1 { return nil }
            return "\(sequencePath) is missing, but \(databasePath) holds checkpoint \(s.sequence)\(ofState): the file is written with the state and after every checkpoint, so it was deleted (or state.sqlite was brought in from elsewhere)"
        case .number(let n, let id):
            if !s.exists, n > 0 || id != nil {
                return "\(databasePath) is missing, but \(sequencePath) says checkpoint \(n)\(id.map { " of state \($0)" } ?? "") was committed: the database was deleted or moved"
            }
            if let id, let other = s.stateID, other != id {
                return "\(databasePath) belongs to state \(other) (checkpoint \(s.sequence)), but \(sequencePath) names state \(id) (checkpoint \(n)): the database was replaced by another state's"
            }
            // The same state, or one side has no id: an earlier Vigil's file or database, or a
            // database that lost the transaction that gave it its id (with its -wal).
            if s.sequence < n {
                if s.sequence == 0 {
                    return "\(databasePath) holds no checkpoint, but \(sequencePath) says checkpoint \(n)\(id.map { " of state \($0)" } ?? "") was committed: committed transactions are missing (was state.sqlite-wal deleted? or the database deleted, emptied or replaced?)"
                }
                return "\(databasePath) holds checkpoint \(s.sequence) but checkpoint \(n) was committed: committed transactions are missing (was state.sqlite-wal deleted?\(id != nil && s.stateID == nil ? " or the database replaced?" : "")); the array is as it was \(n - s.sequence) checkpoint(s) earlier"
            }
            if let id, s.stateID == nil, n > 0 {
                return "\(databasePath) (checkpoint \(s.sequence), a state without an id) is not the database of state \(id) that \(sequencePath) names (checkpoint \(n)): it was replaced"
            }
            return nil
        }
    }

    /// Throws the identity problem of the snapshot `db` reads, with `file` read before it.
    func checkIdentity(_ db: Database, _ file: LastCheckpoint) throws {
        if let problem = identityProblem(stored: try Self.storedIdentity(db), file: file) { throw StateStoreError(problem) }
    }

    /// A writer's check before it creates a missing state.sqlite: refused when last-checkpoint says
    /// a state was there (unless starting over), so a deleted database is not replaced by an empty one.
    static func guardMissingDatabase(directory: String, startingOver: Bool) throws {
        guard !startingOver, !FileManager.default.fileExists(atPath: directory + "/state.sqlite") else { return }
        let missing = StoredIdentity(sequence: 0, stateID: nil, exists: false)
        if let problem = identityProblem(directory: directory, stored: missing, file: readLastCheckpoint(directory: directory)) {
            throw StateStoreError(problem)
        }
    }

    /// The opening check (before any migration). A writer starting over (--fresh) is let through:
    /// `erase()` binds the directory to a new state.
    func guardIdentity(_ file: LastCheckpoint, startingOver: Bool) throws {
        let stored: StoredIdentity
        stored = try reading { try Self.storedIdentity($0) }
        if let problem = identityProblem(stored: stored, file: file), !(mode == .writer && startingOver) {
            throw StateStoreError(problem)
        }
    }

    /// A writer's binding after migration: gives the state an id if it has none, and writes
    /// `last-checkpoint` when it does not say this state's checkpoint yet. Skipped while a
    /// problem stands (only --fresh gets this far with one; its erase binds).
    func bindIdentity(_ file: LastCheckpoint) throws {
        var stored = try db.read { try Self.storedIdentity($0) }
        if identityProblem(stored: stored, file: file) != nil { return }
        if stored.stateID == nil {
            let id = Self.newStateID()
            try db.write { try $0.execute(sql: StoredTable.meta.replaceSQL, arguments: StoredTable.arguments(["state_id", id])) }
            stored.stateID = id
        }
        stateID = stored.stateID
        if file != .number(stored.sequence, stateID: stored.stateID) { try recordSequence(stored.sequence) }
    }

    /// Gives the (erased) state a new id and writes `last-checkpoint` for it; in the caller's write.
    func rebind(_ db: Database) throws -> String {
        let id = Self.newStateID()
        try db.execute(sql: StoredTable.meta.replaceSQL, arguments: StoredTable.arguments(["state_id", id]))
        return id
    }

    /// Writes the last checkpoint's number and the state's id beside the database (replace by
    /// rename, then sync), with the database file's mode.
    func recordSequence(_ n: Int64) throws {
        let tmp = sequencePath + ".tmp"
        let fd = Self.openPrivate(tmp, flags: O_WRONLY | O_TRUNC, mode: Self.stateFileMode(databasePath))
        guard fd >= 0 else { throw StateStoreError("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        let text = "\(n)" + (stateID.map { " \($0)" } ?? "") + "\n"
        let written = text.withCString { write(fd, $0, strlen($0)) }
        let synced = fsync(fd)
        closeDescriptor(fd)
        guard written == text.utf8.count, synced == 0 else { throw StateStoreError("cannot write \(tmp): \(String(cString: strerror(errno)))") }
        guard rename(tmp, sequencePath) == 0 else { throw StateStoreError("cannot replace \(sequencePath): \(String(cString: strerror(errno)))") }
    }
}

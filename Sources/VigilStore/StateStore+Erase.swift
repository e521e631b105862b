import GRDB

extension StateStore {
    /// Starts over: removes every stored row (the schema stays) in one transaction, gives the
    /// state a new id and writes `last-checkpoint` for it (so a database that was emptied or replaced
    /// is used again only this way: --fresh).
    public func erase() throws {
        let id: String = try db.write { db in
            for table in ["copy_data", "copy_record", "record_data", "image_segment", "image_overlay", "backup_record", "pool_area", "live_segment", "sim_state", "state_part", "volume_part", "content_log",
                          "expansion_request", "journal", "meta"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            return try rebind(db)
        }
        stateID = id
        try recordSequence(0)
    }

    /// How many records the state holds (for the --fresh confirmation).
    public func recordCount() throws -> Int {
        try reading { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM backup_record") ?? 0 }
    }

    /// The default state directory of an array: `$XDG_STATE_HOME/vigil/NAME` (or
    /// `~/.local/state/vigil/NAME`). NAME is always one folder inside it: a name with `/` or `\`, or
    /// starting with `.` (`..`, or a scenario file named `...toml`), is made safe — the loader
    /// already refuses such names, this keeps any other caller inside the state home too.
    public static func defaultDirectory(scenario name: String, environment env: [String: String]) -> String {
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? "/tmp") + "/.local/state")
        var folder = String(name.map { $0 == "/" || $0 == "\\" || $0.isNewline || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) ? "_" : $0 })
        if folder.isEmpty || folder.hasPrefix(".") { folder = "_" + folder }
        return "\(base)/vigil/\(folder)"
    }
}

extension StateStore {
    /// The copy records (claims 7 and 9), oldest first.
    public func copyRecords() throws -> [CopyRecordRow] {
        try reading { try copyRecords(in: $0) }
    }

    /// `copyRecords()` inside the caller's read transaction.
    func copyRecords(in db: Database) throws -> [CopyRecordRow] {
        try Row.fetchAll(db, sql: "SELECT * FROM copy_record ORDER BY id").map { r in
            let t = "copy_record"
            return CopyRecordRow(
                id: try r.required("id", table: t), array: try r.optional("array", table: t, key: "id"),
                kind: try r.required("kind", table: t, key: "id"), sourceRecord: try r.optional("source_record", table: t, key: "id"),
                sourceVolume: try r.required("source_volume", table: t, key: "id"), generation: try r.optional("generation", table: t, key: "id"),
                method: try r.required("method", table: t, key: "id"), volume: try r.required("destination_volume", table: t, key: "id"),
                startedAt: try r.required("started_at", table: t, key: "id"), completedAt: try r.optional("completed_at", table: t, key: "id"),
                digest: try r.required("digest", table: t, key: "id"), bytes: try r.required("bytes", table: t, key: "id"),
                state: try r.required("state", table: t, key: "id"))
        }
    }

    /// The generation records and the copy records as one snapshot shows them (`vigil catalog`):
    /// read apart, a writer's checkpoint between the two reads could show a record in neither or
    /// both lists.
    public func catalog(volume: String? = nil, group: String? = nil) throws -> (records: [BackupRecord], copies: [CopyRecordRow]) {
        try reading { db in (try records(in: db, volume: volume, group: group), try copyRecords(in: db)) }
    }
}

/// A copy record as the catalog lists it: associated with the volume that holds the copy.
public struct CopyRecordRow: Sendable, Codable, Equatable {
    public var id: Int
    /// The remote array whose management region holds the record (nil: this array's).
    public var array: String?
    public var kind: String
    public var sourceRecord: Int?
    public var sourceVolume: String
    public var generation: Int?
    public var method: String
    /// The volume the copy was made to, which the record is associated with.
    public var volume: String
    public var startedAt: String
    public var completedAt: String?
    public var digest: String
    public var bytes: Int64
    public var state: String

    enum CodingKeys: String, CodingKey {
        case id, array, kind, sourceRecord = "source_record", sourceVolume = "source_volume", generation, method, volume
        case startedAt = "started_at", completedAt = "completed_at", digest, bytes, state
    }
}

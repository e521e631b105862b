import GRDB

/// The tables of a state database and the columns each row's checksum covers (every column but the
/// checksum, in this order). One list, used by the writer, by `load` and by `verify`.
enum StoredTable: String, CaseIterable {
    case meta
    case simState = "sim_state"
    case statePart = "state_part"
    case volumePart = "volume_part"
    case liveSegment = "live_segment"
    case poolArea = "pool_area"
    case backupRecord = "backup_record"
    case recordData = "record_data"
    case imageSegment = "image_segment"
    case imageOverlay = "image_overlay"
    case contentLog = "content_log"
    case expansionRequest = "expansion_request"
    case copyRecord = "copy_record"
    case copyData = "copy_data"
    case journal

    var name: String { rawValue }

    var columns: [String] {
        switch self {
        case .meta: ["key", "value"]
        case .simState: ["id", "seq", "clock"]
        case .statePart: ["name", "blob"]
        case .volumePart: ["volume", "kind", "blob"]
        case .liveSegment: ["volume", "seg", "runs"]
        case .poolArea: ["lun", "tier", "raid_group", "bytes", "purpose"]
        case .backupRecord: ["id", "volume", "grp", "generation", "method", "copy_function", "trigger", "parent", "area", "tier",
                             "bytes", "triggered_at", "completed_at", "digest", "state", "revision", "image"]
        case .recordData, .copyData: ["record", "seg", "runs"]
        case .imageSegment: ["image", "seg", "runs"]
        case .imageOverlay: ["image", "seq", "runs"]
        case .contentLog: ["seq", "writes"]
        case .expansionRequest: ["id", "pool", "raised_at", "needed_bytes", "free_bytes", "state", "reason"]
        case .copyRecord: ["id", "kind", "source_record", "source_volume", "generation", "method", "destination_volume",
                           "started_at", "completed_at", "digest", "bytes", "state", "array"]
        case .journal: ["wall_time", "sim_time", "command", "copy_function", "source", "destination", "result"]
        }
    }

    /// `INSERT OR REPLACE` of a whole row with its checksum (the statement is cached per
    /// connection). Not for tables whose rows others refer to with ON DELETE CASCADE (a replace
    /// deletes first): `upsertSQL` for those.
    var replaceSQL: String { "INSERT OR REPLACE" + intoSQL }

    /// A plain `INSERT` of a whole row with its checksum (the journal's rows, numbered by SQLite).
    var insertSQL: String { "INSERT" + intoSQL }

    /// ` INTO table(columns…, checksum) VALUES (?, …)`.
    private var intoSQL: String {
        " INTO \(name)(\(columns.joined(separator: ", ")), checksum) VALUES (\(Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")))"
    }

    /// An upsert of a whole row with its checksum, keyed by `key`, that never deletes the row (so
    /// nothing cascades).
    func upsertSQL(key: [String]) -> String {
        let set = (columns.filter { !key.contains($0) } + ["checksum"]).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        return insertSQL + " ON CONFLICT(\(key.joined(separator: ", "))) DO UPDATE SET \(set)"
    }

    /// The row's values followed by their checksum, as statement arguments.
    static func arguments(_ values: [DatabaseValueConvertible?]) -> StatementArguments {
        let stored = values.map { $0?.databaseValue ?? .null }
        return StatementArguments(stored + [Checksum.ofRow(stored).databaseValue])
    }

    /// True when a fetched row (selected with `columns` then `checksum`) matches its checksum.
    func rowIsSound(_ row: Row) -> Bool {
        let values = columns.map { row[$0] as DatabaseValue }
        guard let stored = row["checksum"] as DatabaseValue?, case .int64(let sum) = stored.storage else { return false }
        return Checksum.ofRow(values) == sum
    }

    /// `SELECT` of the checksummed columns and the checksum.
    var selectSQL: String { "SELECT \(columns.joined(separator: ", ")), checksum FROM \(name)" }
}

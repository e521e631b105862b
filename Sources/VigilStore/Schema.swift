import Foundation
import GRDB
import VigilArray

extension StateStore {
    /// Every schema version this Vigil knows, oldest first. A database with one not listed was
    /// written by a newer Vigil and is refused.
    public static let schemaVersions = ["v1", "v2"]

    static func migrator(crashPoint: @escaping @Sendable (String) -> Void) -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                CREATE TABLE sim_state(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,
                    clock INTEGER NOT NULL, state BLOB NOT NULL, checksum INTEGER NOT NULL);
                CREATE TABLE live_segment(volume INTEGER NOT NULL, seg INTEGER NOT NULL, runs BLOB NOT NULL,
                    checksum INTEGER NOT NULL, PRIMARY KEY(volume, seg));
                CREATE TABLE pool_area(lun INTEGER PRIMARY KEY, tier TEXT NOT NULL, raid_group TEXT NOT NULL,
                    bytes INTEGER NOT NULL, purpose TEXT NOT NULL);
                """)
            // A crash here leaves no half-made schema: the migration's transaction rolls back.
            crashPoint("mid-migration")
            try db.execute(sql: """
                CREATE TABLE backup_record(id INTEGER PRIMARY KEY, volume TEXT NOT NULL, grp TEXT NOT NULL,
                    generation INTEGER NOT NULL, method TEXT NOT NULL, copy_function TEXT NOT NULL, trigger TEXT NOT NULL,
                    parent INTEGER, area INTEGER NOT NULL REFERENCES pool_area(lun) DEFERRABLE INITIALLY DEFERRED,
                    tier TEXT NOT NULL, bytes INTEGER NOT NULL, triggered_at TEXT NOT NULL, completed_at TEXT,
                    digest TEXT NOT NULL, state TEXT NOT NULL, revision INTEGER NOT NULL, UNIQUE(volume, generation));
                CREATE TABLE record_data(record INTEGER NOT NULL REFERENCES backup_record(id) ON DELETE CASCADE
                    DEFERRABLE INITIALLY DEFERRED, seg INTEGER NOT NULL, runs BLOB NOT NULL, checksum INTEGER NOT NULL,
                    PRIMARY KEY(record, seg));
                CREATE TABLE change_table(volume TEXT NOT NULL, kind TEXT NOT NULL, opened_at TEXT NOT NULL,
                    since_token INTEGER NOT NULL, changed_bytes INTEGER NOT NULL, PRIMARY KEY(volume, kind));
                CREATE TABLE expansion_request(id INTEGER PRIMARY KEY, pool TEXT NOT NULL, raised_at TEXT NOT NULL,
                    needed_bytes INTEGER NOT NULL, free_bytes INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT NOT NULL);
                CREATE TABLE copy_record(id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source_record INTEGER,
                    source_volume TEXT NOT NULL, generation INTEGER, method TEXT NOT NULL, destination_volume TEXT NOT NULL,
                    started_at TEXT NOT NULL, completed_at TEXT, digest TEXT NOT NULL, bytes INTEGER NOT NULL,
                    state TEXT NOT NULL, array TEXT);
                CREATE TABLE copy_data(record INTEGER NOT NULL REFERENCES copy_record(id) ON DELETE CASCADE
                    DEFERRABLE INITIALLY DEFERRED, seg INTEGER NOT NULL, runs BLOB NOT NULL, checksum INTEGER NOT NULL,
                    PRIMARY KEY(record, seg));
                CREATE TABLE journal(id INTEGER PRIMARY KEY AUTOINCREMENT, wall_time TEXT NOT NULL, sim_time TEXT NOT NULL,
                    command TEXT NOT NULL, copy_function TEXT, source TEXT, destination TEXT, result TEXT NOT NULL);
                """)
        }
        // v2: checkpoints write the parts of the state that changed (`state_part`, `volume_part`)
        // instead of one blob of everything; the volumes' content is a base (`live_segment`) plus
        // the host writes since it was written (`content_log`); every row of every table carries a
        // checksum over all its columns.
        m.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE TABLE state_part(name TEXT PRIMARY KEY NOT NULL, blob BLOB NOT NULL, checksum INTEGER NOT NULL);
                CREATE TABLE volume_part(volume INTEGER NOT NULL, kind TEXT NOT NULL, blob BLOB NOT NULL,
                    checksum INTEGER NOT NULL, PRIMARY KEY(volume, kind));
                CREATE TABLE image_segment(image INTEGER NOT NULL, seg INTEGER NOT NULL, runs BLOB NOT NULL,
                    checksum INTEGER NOT NULL, PRIMARY KEY(image, seg));
                CREATE TABLE image_overlay(image INTEGER NOT NULL, seq INTEGER NOT NULL, runs BLOB NOT NULL,
                    checksum INTEGER NOT NULL, PRIMARY KEY(image, seq));
                CREATE TABLE content_log(seq INTEGER PRIMARY KEY, writes BLOB NOT NULL, checksum INTEGER NOT NULL);
                CREATE TABLE sim_state_v2(id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,
                    clock INTEGER NOT NULL, checksum INTEGER NOT NULL);
                """)
            // The change tables are in each volume's activity part (as they always were in the
            // state); the table that repeated them, rewritten at every checkpoint, goes.
            try db.execute(sql: "DROP TABLE change_table")
            // A full's image moves to `image_segment`, under an image number the record names
            // (`backup_record.image`): when a merge makes another generation the full, that
            // generation takes the image over and only the segments the merge changed are
            // rewritten, instead of the whole image under a new record.
            try db.execute(sql: """
                ALTER TABLE backup_record ADD COLUMN image INTEGER;
                INSERT INTO image_segment(image, seg, runs, checksum) SELECT record, seg, runs, checksum FROM record_data WHERE seg != -1;
                DELETE FROM record_data WHERE seg != -1;
                UPDATE backup_record SET image = id WHERE id IN (SELECT DISTINCT image FROM image_segment);
                """)
            for table in ["meta", "pool_area", "backup_record", "expansion_request", "copy_record", "journal"] {
                try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN checksum INTEGER NOT NULL DEFAULT 0")
            }
            try convertVersion1State(db)
            try db.execute(sql: "DROP TABLE sim_state; ALTER TABLE sim_state_v2 RENAME TO sim_state")
            crashPoint("mid-migration-v2")
            try resealRows(db)
        }
        return m
    }

    /// Cuts a version 1 state (one JSON blob of everything) into its parts.
    private static func convertVersion1State(_ db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, clock, state, checksum FROM sim_state WHERE id = 1") else { return }
        guard let seq = try row.optional("seq", table: "sim_state") as Int64?, let clock = try row.optional("clock", table: "sim_state") as Int64?,
              let blob = try row.optional("state", table: "sim_state") as Data?,
              let sum = try row.optional("checksum", table: "sim_state") as Int64?, Checksum.of(blob) == sum else {
            throw StateStoreError("the stored simulator state (schema v1) is damaged; it cannot be converted to v2")
        }
        let state: SimulatorState
        do { state = try JSONDecoder().decode(SimulatorState.self, from: blob) } catch {
            throw StateStoreError("the stored simulator state (schema v1) cannot be read: \(error)")
        }
        try writeParts(db, state.parts, over: nil)
        try db.execute(sql: StoredTable.simState.replaceSQL.replacingOccurrences(of: "sim_state", with: "sim_state_v2"),
                       arguments: StoredTable.arguments([1, seq, clock]))
    }

    /// Gives every row of a version 1 database its v2 checksum. A blob that failed its v1 checksum
    /// keeps failing (its new checksum is made wrong on purpose), so the upgrade never blesses damage.
    private static func resealRows(_ db: Database) throws {
        for table in [StoredTable.meta, .poolArea, .backupRecord, .expansionRequest, .copyRecord, .journal,
                      .liveSegment, .recordData, .imageSegment, .copyData] {
            let blobs = [.liveSegment, .recordData, .imageSegment, .copyData].contains(table)
            let rows = try Row.fetchAll(db, sql: "SELECT rowid AS stored_rowid, \(table.columns.joined(separator: ", ")), checksum FROM \(table.name)")
            for r in rows {
                let values = table.columns.map { r[$0] as DatabaseValue }
                var sum = Checksum.ofRow(values)
                if blobs {
                    let old: Int64? = try r.optional("checksum", table: table.name)
                    let blob: Data? = try r.optional("runs", table: table.name)
                    if blob.map(Checksum.of) != old { sum ^= 1 }
                }
                try db.execute(sql: "UPDATE \(table.name) SET checksum = ? WHERE rowid = ?", arguments: [sum, try r.optional("stored_rowid", table: table.name) as Int64?])
            }
        }
    }
}

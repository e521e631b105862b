import GRDB

extension StateStore {
    /// Every schema version this Vigil knows, oldest first. A database with one not listed was
    /// written by a newer Vigil and is refused.
    public static let schemaVersions = ["v1"]

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
        return m
    }
}

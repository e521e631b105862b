import GRDB

extension StateStore {
    /// Starts over: removes every stored row (the schema stays) in one transaction.
    public func erase() throws {
        try db.write { db in
            for table in ["record_data", "backup_record", "pool_area", "live_segment", "sim_state", "change_table",
                          "expansion_request", "journal", "meta"] {
                try db.execute(sql: "DELETE FROM \(table)")
            }
        }
    }

    /// How many records the state holds (for the --fresh confirmation).
    public func recordCount() throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM backup_record") ?? 0 }
    }

    /// The default state directory of an array: `$XDG_STATE_HOME/vigil/NAME` (or
    /// `~/.local/state/vigil/NAME`).
    public static func defaultDirectory(scenario name: String, environment env: [String: String]) -> String {
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? "/tmp") + "/.local/state")
        return "\(base)/vigil/\(name)"
    }
}

import Foundation
import GRDB

/// Reading a stored column without trusting the file. GRDB's `row["c"] as T` stops the process
/// when the value is NULL or of another type, and a damaged file gives both: a page cut short
/// reads back as zeros, and a record of zeros is a row whose every column is NULL. These read the
/// value or throw a `StateStoreError` that names the table, the row and the column.
extension Row {
    /// The value of `column`, which must be there: NULL, a missing column or a value of another type
    /// is damage. `key` names the columns that identify the row in the message (e.g. "id" or
    /// "record, seg").
    func required<T: DatabaseValueConvertible>(_ column: String, table: String, key: String? = nil, as _: T.Type = T.self) throws -> T {
        try required(column, of: place(table: table, key: key))
    }

    /// The value of a column that may be NULL; a missing column or a value of another type is damage.
    func optional<T: DatabaseValueConvertible>(_ column: String, table: String, key: String? = nil, as _: T.Type = T.self) throws -> T? {
        try optional(column, of: place(table: table, key: key))
    }

    /// As `required(_:table:key:)`, with the row said in the caller's words ("record 12 data").
    func required<T: DatabaseValueConvertible>(_ column: String, of place: @autoclosure () -> String, as _: T.Type = T.self) throws -> T {
        guard let value = try optional(column, of: place(), as: T.self) else {
            throw Self.damage(column, place: place(), holds: "NULL", expected: T.self)
        }
        return value
    }

    /// As `optional(_:table:key:)`, with the row said in the caller's words.
    func optional<T: DatabaseValueConvertible>(_ column: String, of place: @autoclosure () -> String, as _: T.Type = T.self) throws -> T? {
        guard hasColumn(column) else { throw Self.damage(column, place: place(), holds: nil, expected: T.self) }
        let stored: DatabaseValue = self[column]
        if stored.isNull { return nil }
        guard let value = T.fromDatabaseValue(stored) else {
            throw Self.damage(column, place: place(), holds: Self.describe(stored), expected: T.self)
        }
        return value
    }

    /// "table backup_record row id 17": the key's values as stored, whatever they are.
    func place(table: String, key: String?) -> String {
        guard let key else { return "table \(table)" }
        let parts = key.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return "table \(table) row " + parts.map { k in "\(k) \(hasColumn(k) ? Self.describe(self[k] as DatabaseValue) : "?")" }.joined(separator: ", ")
    }

    static func damage<T>(_ column: String, place: String, holds: String?, expected: T.Type) -> StateStoreError {
        let what = holds.map { "holds \($0) where \(kind(T.self)) belongs" } ?? "is missing"
        return StateStoreError("state.sqlite is damaged: \(place), column \(column) \(what)")
    }

    static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let n): return "\(n)"
        case .double(let d): return "\(d)"
        case .string(let s): return "\"\(s.count > 24 ? String(s.prefix(24)) + "…" : s)\""
        case .blob(let d): return "a blob of \(d.count) bytes"
        }
    }

    static func kind<T>(_ type: T.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is String.Type: return "text"
        case is Data.Type: return "a blob"
        case is Double.Type: return "a number"
        default: return "a \(T.self)"
        }
    }
}

extension StateStore {
    /// `db.read` for the public readers: SQLite's own word that the file is damaged (or unreadable)
    /// becomes a `StateStoreError` naming the file, which the tools report with exit 65.
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try db.read(body) } catch let e as DatabaseError {
            switch e.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: throw StateStoreError("\(databasePath) is damaged: \(e.message ?? "\(e)")")
            default: throw StateStoreError("\(databasePath) cannot be read: \(e)")
            }
        }
    }
}

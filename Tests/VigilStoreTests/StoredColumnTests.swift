import Foundation
import GRDB
import Testing
@testable import VigilArray
@testable import VigilStore

/// A damaged file gives NULLs and values of the wrong type where the schema promises otherwise: a
/// page cut short reads back as zeros, and a record of zeros is a row of NULLs. Every read of a
/// stored column reports that as damage, naming the table, row and column; none stops the process
/// (GRDB's `row["c"] as T` would: a trap here ends the whole test run).
@Suite(.serialized) struct StoredColumnTests {
    @Test func requiredNamesTheTableTheRowAndTheColumn() throws {
        let queue = try DatabaseQueue()
        let row = try queue.read { try Row.fetchOne($0, sql: "SELECT 17 AS id, NULL AS state, 'x' AS seq, X'FF' AS name, 7 AS blob")! }
        #expect(try row.required("id", table: "t") as Int == 17)
        #expect(try row.optional("state", table: "t", key: "id") as String? == nil)
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { _ = try row.required("state", table: "backup_record", key: "id") as String }
            == "state.sqlite is damaged: table backup_record row id 17, column state holds NULL where text belongs")
        #expect(message { _ = try row.required("seq", table: "sim_state") as Int64 }
            == "state.sqlite is damaged: table sim_state, column seq holds \"x\" where an integer belongs")
        #expect(message { _ = try row.optional("seq", table: "sim_state") as Int64? }
            == "state.sqlite is damaged: table sim_state, column seq holds \"x\" where an integer belongs")
        #expect(message { _ = try row.required("name", table: "meta") as String }
            == "state.sqlite is damaged: table meta, column name holds a blob of 1 bytes where text belongs")
        #expect(message { _ = try row.required("blob", table: "live_segment", key: "id, seq") as Data }
            == "state.sqlite is damaged: table live_segment row id 17, seq \"x\", column blob holds 7 where a blob belongs")
        #expect(message { _ = try row.required("missing", of: "record 3 data") as Data }
            == "state.sqlite is damaged: record 3 data, column missing is missing")
    }

    /// What reads a column, and what it must say when the column is damaged.
    enum Reader: String, CaseIterable {
        case load, records, copyRecords, scenario, journal, verify, checkpoint
    }

    struct Damage: CustomStringConvertible {
        var table: String
        var column: String
        var value: DatabaseValue
        var reader: Reader
        /// The message names the table (the blob readers name the row in their own words).
        var namesTable = true
        var description: String { "\(table).\(column) = \(value) via \(reader)" }
    }

    static let null = DatabaseValue.null
    static let text = "garbage".databaseValue
    static let badUTF8 = Data([0xFF, 0xFE]).databaseValue
    static let number = 7.databaseValue

    static let damages: [Damage] = [
        Damage(table: "sim_state", column: "seq", value: null, reader: .load),
        Damage(table: "sim_state", column: "seq", value: text, reader: .load),
        Damage(table: "state_part", column: "blob", value: null, reader: .load),
        Damage(table: "state_part", column: "blob", value: number, reader: .load),
        Damage(table: "sim_state", column: "checksum", value: text, reader: .load),
        Damage(table: "sim_state", column: "seq", value: null, reader: .checkpoint),
        Damage(table: "live_segment", column: "volume", value: null, reader: .load),
        Damage(table: "live_segment", column: "seg", value: text, reader: .load),
        Damage(table: "live_segment", column: "runs", value: null, reader: .load, namesTable: false),
        Damage(table: "live_segment", column: "checksum", value: null, reader: .load, namesTable: false),
        Damage(table: "record_data", column: "record", value: null, reader: .load),
        Damage(table: "record_data", column: "seg", value: null, reader: .load),
        Damage(table: "record_data", column: "runs", value: number, reader: .load, namesTable: false),
        Damage(table: "record_data", column: "record", value: null, reader: .verify),
        Damage(table: "meta", column: "key", value: null, reader: .scenario),
        Damage(table: "meta", column: "value", value: badUTF8, reader: .scenario),
        Damage(table: "pool_area", column: "purpose", value: null, reader: .verify),
        Damage(table: "journal", column: "command", value: null, reader: .journal),
        Damage(table: "journal", column: "sim_time", value: badUTF8, reader: .journal),
        Damage(table: "copy_record", column: "kind", value: null, reader: .copyRecords),
        Damage(table: "copy_record", column: "bytes", value: text, reader: .copyRecords),
        Damage(table: "copy_record", column: "generation", value: text, reader: .copyRecords),
        Damage(table: "copy_record", column: "state", value: null, reader: .checkpoint),
        Damage(table: "backup_record", column: "revision", value: null, reader: .checkpoint),
        Damage(table: "backup_record", column: "parent", value: text, reader: .checkpoint),
        Damage(table: "backup_record", column: "parent", value: text, reader: .records),
        Damage(table: "backup_record", column: "completed_at", value: badUTF8, reader: .records),
        Damage(table: "backup_record", column: "state", value: null, reader: .verify),
    ] + ["volume", "grp", "generation", "method", "copy_function", "trigger", "area", "tier", "bytes", "triggered_at", "digest", "state"]
        .map { Damage(table: "backup_record", column: $0, value: null, reader: .records) }

    /// One stored state with a journal entry and a copy record, damaged one column at a time in copies.
    final class Base: @unchecked Sendable {
        let dir = StoreFixtures.tempDir("columns")
        init() throws {
            let sim = try StoreFixtures.stored(dir, hours: 6)
            let store = try StateStore(directory: dir, mode: .writer)
            let source = sim.generations(of: "db-01").first { $0.state == .complete }!
            _ = sim.apply(.copyRecord(id: source.recordID, toVolume: "log-01"))
            try store.checkpoint(sim)
            try store.journal(simTime: sim.now, command: "backup db-01", copyFunction: "backup", source: "db-01", destination: nil, result: "done")
            try store.saveScenario(name: "quickstart", path: StoreFixtures.quickstart, text: "")
        }
        deinit { try? FileManager.default.removeItem(atPath: dir) }
    }
    static let base = Result { try Base() }

    @Test(arguments: damages)
    func aDamagedColumnIsReportedNotTrappedOn(_ damage: Damage) throws {
        let copy = try StoreFixtures.copy(try Self.base.get().dir)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        // Loosen the table (its NOT NULLs out of the schema) so the value can be stored at all.
        let t = damage.table
        try StoreFixtures.sql(copy) { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = replace(sql, 'NOT NULL', '') WHERE type = 'table' AND name = ?", arguments: [t])
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try StoreFixtures.sql(copy) { db in
            let target = t == "meta" ? "WHERE key = 'scenario_name'" : "WHERE rowid = (SELECT min(rowid) FROM \(t))"
            try db.execute(sql: "UPDATE \(t) SET \(damage.column) = ? \(target)", arguments: [damage.value])
            #expect(db.changesCount == 1)
        }
        let said: String
        do {
            switch damage.reader {
            case .load: _ = try StateStore(directory: copy, mode: .reader).load()
            case .records: _ = try StateStore(directory: copy, mode: .reader).records()
            case .copyRecords: _ = try StateStore(directory: copy, mode: .reader).catalog()
            case .scenario: _ = try StateStore(directory: copy, mode: .reader).scenario()
            case .journal: _ = try StateStore(directory: copy, mode: .reader).journalEntries()
            case .verify:
                let problems = try StateStore(directory: copy, mode: .reader).verify().problems
                guard let problem = problems.first(where: { $0.contains("damaged") }) else {
                    Issue.record("verify did not report the damage: \(problems)")
                    return
                }
                throw StateStoreError(problem)
            case .checkpoint:
                let store = try StateStore(directory: copy, mode: .writer)
                let (sim, _) = try store.load()
                sim.run(until: sim.now + 600)
                try store.checkpoint(sim)
            }
            Issue.record("\(damage): read without a word")
            return
        } catch let e as StateStoreError {
            said = e.description
        }
        #expect(said.contains("damaged"), "\(said)")
        // Rows with a checksum (schema v2) are refused by it before any column is read; `load`
        // names a column in its own words ("TABLE: the column C is empty or of the wrong type").
        if said.contains("checksum") { return }
        #expect(said.contains("column \(damage.column) "), "\(said)")
        if damage.namesTable { #expect(said.contains("table \(damage.table)") || said.contains("\(damage.table): the column"), "\(said)") }
    }

    /// Every page of a state with its last 1000 bytes zeroed (what a file cut short reads as),
    /// and the file cut short itself: each reader and the writer either work or report damage.
    @Test func pagesCutShortAreReportedNotTrappedOn() throws {
        let dir = StoreFixtures.tempDir("pages")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StoreFixtures.stored(dir, hours: 4)
        let original = try Data(contentsOf: URL(fileURLWithPath: dir + "/state.sqlite"))
        let pageSize = 4_096
        let pages = original.count / pageSize
        var damaged: [(String, Data)] = [("cut short by 1000 bytes", original.prefix(original.count - 1_000))]
        // The tables' own pages come first; past them, every fifth page.
        for page in Array(0..<min(pages, 30)) + Array(stride(from: 30, to: pages, by: 5)) {
            var data = original
            data.replaceSubrange((page + 1) * pageSize - 1_000 ..< (page + 1) * pageSize, with: Data(count: 1_000))
            damaged.append(("page \(page + 1) zeroed at its end", data))
        }
        var reported = 0
        for (what, data) in damaged {
            let copy = try StoreFixtures.copy(dir)
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try data.write(to: URL(fileURLWithPath: copy + "/state.sqlite"))
            var problems: [String] = []
            do {
                let reader = try StateStore(directory: copy, mode: .reader)
                problems += reader.verify().problems
                for read in [{ _ = try reader.load() }, { _ = try reader.catalog() }, { _ = try reader.scenario() }, { _ = try reader.journalEntries() }] as [() throws -> Void] {
                    do { try read() } catch let e as StateStoreError { problems.append(e.description) }
                }
            } catch let e as StateStoreError {
                problems.append(e.description)
            }
            do {
                let writer = try StateStore(directory: copy, mode: .writer)
                let (sim, _) = try writer.load()
                sim.run(until: sim.now + 600)
                try writer.checkpoint(sim)
            } catch {
                problems.append("\(error)")  // the tools say "checkpoint failed" and exit 65
            }
            if !problems.isEmpty { reported += 1 }
            if what.hasPrefix("cut short") { #expect(!problems.isEmpty, "\(what): read as sound") }
        }
        #expect(reported > damaged.count / 2, "only \(reported) of \(damaged.count) damaged files were reported")
    }
}

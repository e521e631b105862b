import Foundation
import GRDB
import Testing
@testable import VigilArray
@testable import VigilStore

/// The durable state: round trips, refusals, and corruption that must be reported, never returned.
@Suite(.serialized) struct StateStoreTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "vigil-store-\(UUID().uuidString)"
        return dir
    }

    /// The default state folder stays inside the state home whatever the name (issue 9).
    @Test(arguments: [("quickstart", "quickstart"), ("../../../elsewhere/x", "_.._.._.._elsewhere_x"), ("..", "_.."), ("", "_"), (".hidden", "_.hidden"), ("a\u{1B}b", "a_b")])
    func defaultDirectoryIsConfinedToTheStateHome(name: String, folder: String) {
        #expect(StateStore.defaultDirectory(scenario: name, environment: ["XDG_STATE_HOME": "/s"]) == "/s/vigil/\(folder)")
    }

    /// A quickstart array run for `hours` and checkpointed into `dir`.
    func stored(_ dir: String, hours: Int64 = 8) throws -> ArraySimulator {
        try StoreFixtures.stored(dir, hours: hours)
    }

    @Test func checkpointLoadAndCarryOn() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = try stored(dir)
        let (loaded, resumption) = try StateStore(directory: dir, mode: .reader).load()
        #expect(resumption.clock == original.now)
        #expect(loaded.allGenerations.map(\.generation.recordID) == original.allGenerations.map(\.generation.recordID))
        var a: [String] = [], b: [String] = []
        original.onEvent = { a.append($0.jsonLine) }
        loaded.onEvent = { b.append($0.jsonLine) }
        original.run(until: original.now + 6 * 3_600)
        loaded.run(until: loaded.now + 6 * 3_600)
        #expect(!a.isEmpty && a == b)
        let reader = try StateStore(directory: dir, mode: .reader)
        let (problems, verified) = reader.verify()
        #expect(problems.isEmpty, "\(problems)")
        #expect(verified > 10)
        #expect(try reader.records().filter { $0.state == "complete" }.count == verified)
    }

    @Test func aSecondWriterIsRefusedButReadersAreWelcome() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try StateStore(directory: dir, mode: .writer)
        #expect(throws: StateStoreError.self) { try StateStore(directory: dir, mode: .writer) }
        do {
            _ = try StateStore(directory: dir, mode: .writer)
        } catch let e as StateStoreError {
            #expect(e.description.contains("in use by another Vigil writer (pid \(getpid()))"))
        }
        _ = try StateStore(directory: dir, mode: .reader)
        withExtendedLifetime(writer) {}
    }

    @Test func aNewerSchemaIsRefused() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let store = try StateStore(directory: dir, mode: .writer)
            try store.db.write { try $0.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v9-from-the-future')") }
        }
        do {
            _ = try StateStore(directory: dir, mode: .writer)
            Issue.record("a newer schema was accepted")
        } catch let e as StateStoreError {
            #expect(e.description.contains("was written by a newer Vigil"))
        }
    }

    @Test func aFlippedByteInStoredDataIsReportedNotReturned() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try stored(dir)
        // Flip one byte inside one generation's stored runs.
        do {
            let store = try StateStore(directory: dir, mode: .writer)
            try store.db.write { db in
                let row = try Row.fetchOne(db, sql: "SELECT record, seg, runs FROM record_data WHERE length(runs) > 0 LIMIT 1")!
                var bytes = [UInt8]((row["runs"] as Data))
                bytes[bytes.count / 2] ^= 0x40
                try db.execute(sql: "UPDATE record_data SET runs = ? WHERE record = ? AND seg = ?",
                               arguments: [Data(bytes), row["record"] as Int, row["seg"] as Int])
            }
        }
        let reader = try StateStore(directory: dir, mode: .reader)
        #expect(throws: StateStoreError.self) { try reader.load() }
        let (problems, _) = reader.verify()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("fails its checksum") == true, "\(problems)")
    }

    @Test func aFlippedByteInTheFileIsReported() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try stored(dir)
        let path = dir + "/state.sqlite"
        // Flip bytes in the middle of the file (a data page), outside SQLite's knowledge.
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        for k in stride(from: data.count / 2, to: data.count / 2 + 4_096, by: 97) { data[k] ^= 0xFF }
        try data.write(to: URL(fileURLWithPath: path))
        do {
            let reader = try StateStore(directory: dir, mode: .reader)
            let (problems, _) = reader.verify()
            #expect(!problems.isEmpty, "a damaged file verified clean")
        } catch let e as StateStoreError {
            #expect(!e.description.isEmpty)  // refusing to open it is a report too
        }
    }

    @Test func aTruncatedDatabaseIsReported() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try stored(dir)
        let path = dir + "/state.sqlite"
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size / 3))
        try handle.close()
        do {
            let reader = try StateStore(directory: dir, mode: .reader)
            let (problems, _) = reader.verify()
            #expect(!problems.isEmpty, "a truncated file verified clean")
        } catch let e as StateStoreError {
            #expect(!e.description.isEmpty)
        }
    }

    @Test func aDeletedWALIsNoticed() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Keep the writer open so its last transactions are still only in the -wal file, then
        // copy the directory without the -wal, as if it had been deleted after a crash.
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: Self.root.appendingPathComponent("demo/quickstart.toml").path))
        let store = try StateStore(directory: dir, mode: .writer)
        sim.start()
        try store.checkpoint(sim)
        for _ in 0..<4 {
            sim.run(until: sim.now + 3_600)
            try store.checkpoint(sim)
        }
        let copy = tempDir()
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for f in ["state.sqlite", "last-checkpoint"] {
            try FileManager.default.copyItem(atPath: "\(dir)/\(f)", toPath: "\(copy)/\(f)")
        }
        withExtendedLifetime(store) {}
        // Whether the copy lost every transaction (the schema too) or only the latest ones, the
        // loss is reported as such, never served as the current state.
        do {
            let reader = try StateStore(directory: copy, mode: .reader)
            let problems = reader.verify().problems
            #expect(problems.contains { $0.contains("was state.sqlite-wal deleted?") }, "\(problems)")
        } catch let e as StateStoreError {
            #expect(e.description.contains("was state.sqlite-wal deleted?"), "\(e)")
        }
    }

    @Test func copyRecordsAndTheirDataAreStored() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sim = try stored(dir, hours: 6)
        let store = try StateStore(directory: dir, mode: .writer)
        let source = sim.generations(of: "db-01").first { $0.number == 3 }!
        #expect(sim.apply(.hostBackup(source: "db-02", destination: "fs-02", method: .snapshot)).isSuccess)
        #expect(sim.apply(.copyRecord(id: source.recordID, toVolume: "log-01")).isSuccess)
        try store.checkpoint(sim)
        while sim.copies.contains(where: { $0.state == .copying }) { sim.run(until: sim.now + 60) }
        try store.checkpoint(sim)
        let reader = try StateStore(directory: dir, mode: .reader)
        let rows = try reader.copyRecords()
        #expect(rows.map(\.kind) == ["snapshot", "generation-copy"])
        #expect(rows[1].sourceRecord == source.recordID && rows[1].digest == String(format: "%016llx", source.digest))
        let (loaded, _) = try reader.load()
        #expect(loaded.copies == sim.copies)
        #expect(loaded.copies.allSatisfy { loaded.verifyCopy($0.id) })
        #expect(reader.verify().problems.isEmpty)
        withExtendedLifetime(store) {}
    }

    @Test func journalKeepsTheConsolesCommands() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try StateStore(directory: dir, mode: .writer)
        try store.journal(simTime: SimTime(0), command: "backup db-01", copyFunction: "backup", source: "db-01", destination: nil, result: "done")
        try store.journal(simTime: SimTime(60), command: "restore db-01 generation 2", copyFunction: "restore", source: "db-01 gen 2",
                          destination: "db-01", result: "refused: still copying")
        let entries = try StateStore(directory: dir, mode: .reader).journalEntries()
        #expect(entries.map(\.command) == ["backup db-01", "restore db-01 generation 2"])
        #expect(entries[1].result == "refused: still copying")
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

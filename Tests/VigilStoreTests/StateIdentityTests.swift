import Foundation
import GRDB
import Testing
@testable import VigilArray
@testable import VigilStore

/// The directory's `last-checkpoint` names the database that belongs there and how far it got: an
/// emptied, deleted, new or foreign database, or a damaged or deleted file, is refused (not
/// started over, not verified as sound) until the operator says --fresh.
@Suite(.serialized) struct StateIdentityTests {
    /// Opening `dir` as `mode` fails, saying `words`.
    func refused(_ dir: String, _ mode: StateStore.Mode, saying words: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let store = try StateStore(directory: dir, mode: mode)
            if mode == .reader { _ = try store.load() }
            Issue.record("\(mode) opened \(dir)", sourceLocation: sourceLocation)
        } catch let e as StateStoreError {
            for w in words { #expect(e.description.contains(w), "\(e)", sourceLocation: sourceLocation) }
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func aNewStateIsBoundBeforeItsFirstCheckpoint() throws {
        let dir = StoreFixtures.tempDir("identity")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try StateStore(directory: dir, mode: .writer)
        let id = try #require(store.stateID)
        #expect(StateStore.isStateID(id))
        #expect(StoreFixtures.lastCheckpoint(dir) == "0 \(id)")
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: StoreFixtures.quickstart))
        sim.start()
        try store.checkpoint(sim)
        try store.checkpoint(sim)
        #expect(StoreFixtures.lastCheckpoint(dir) == "2 \(id)")
        // Opened again, the same state.
        withExtendedLifetime(store) {}
    }

    @Test(arguments: ["emptied", "deleted", "new empty file", "another state's"])
    func aReplacedDatabaseIsRefusedUntilFresh(_ how: String) throws {
        let dir = StoreFixtures.tempDir("identity")
        let other = StoreFixtures.tempDir("other")
        defer { for d in [dir, other] { try? FileManager.default.removeItem(atPath: d) } }
        try StoreFixtures.stored(dir, hours: 3)
        let file = try #require(StoreFixtures.lastCheckpoint(dir))
        let db = dir + "/state.sqlite"
        switch how {
        case "emptied":
            try StoreFixtures.sql(dir) { db in
                for t in ["record_data", "backup_record", "pool_area", "live_segment", "sim_state", "state_part", "volume_part", "content_log", "expansion_request", "meta"] {
                    try db.execute(sql: "DELETE FROM \(t)")
                }
            }
        case "deleted":
            try FileManager.default.removeItem(atPath: db)
        case "new empty file":
            try FileManager.default.removeItem(atPath: db)
            FileManager.default.createFile(atPath: db, contents: nil)
        default:
            try StoreFixtures.stored(other, hours: 1)
            try FileManager.default.removeItem(atPath: db)
            try FileManager.default.copyItem(atPath: other + "/state.sqlite", toPath: db)
        }
        let words = how == "another state's" ? ["another state's", "--fresh"] : ["checkpoint 4", "--fresh"]
        refused(dir, .writer, saying: words)
        refused(dir, .reader, saying: words)
        if how == "deleted" { #expect(!FileManager.default.fileExists(atPath: db), "a refused writer made a new database") }
        #expect(StoreFixtures.lastCheckpoint(dir) == file, "a refused writer changed last-checkpoint")
        // --fresh: the writer opens, erase binds the directory to a new state.
        let store = try StateStore(directory: dir, mode: .writer, startingOver: true)
        try store.erase()
        let id = try #require(store.stateID)
        #expect(StoreFixtures.lastCheckpoint(dir) == "0 \(id)")
        #expect(!file.hasSuffix(id))
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: StoreFixtures.quickstart))
        sim.start()
        try store.checkpoint(sim)
        #expect(try StateStore(directory: dir, mode: .reader).verify().problems.isEmpty)
    }

    @Test func aDamagedOrDeletedLastCheckpointIsReported() throws {
        let dir = StoreFixtures.tempDir("identity")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StoreFixtures.stored(dir, hours: 2)
        let file = try #require(StoreFixtures.lastCheckpoint(dir))
        for garbage in ["garbage\n", "", "3 not-an-id\n", "-1\n", "\0\0\0\0"] {
            try garbage.write(toFile: dir + "/last-checkpoint", atomically: true, encoding: .utf8)
            refused(dir, .writer, saying: ["last-checkpoint is damaged", "write \"\(file)\" into"])
            refused(dir, .reader, saying: ["last-checkpoint is damaged"])
            #expect(try StateStore(directory: dir, mode: .writer, startingOver: true).stateID == nil)
        }
        try FileManager.default.removeItem(atPath: dir + "/last-checkpoint")
        refused(dir, .writer, saying: ["last-checkpoint is missing", "holds checkpoint 3 of state"])
        refused(dir, .reader, saying: ["last-checkpoint is missing"])
        // The operator's way to keep the database: write the line the message gives.
        try (file + "\n").write(toFile: dir + "/last-checkpoint", atomically: true, encoding: .utf8)
        _ = try StateStore(directory: dir, mode: .writer).load()
    }

    /// A state made before the id: "<seq>" alone and no id in the database. Read as it is; a writer
    /// gives it an id. Checkpoint 1 without the file is the earlier Vigil's crash window, not damage.
    @Test func aStateWithoutAnIdIsReadAndBound() throws {
        let dir = StoreFixtures.tempDir("identity")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try StoreFixtures.stored(dir, hours: 2)
        try StoreFixtures.sql(dir) { try $0.execute(sql: "DELETE FROM meta WHERE key = 'state_id'") }
        try "3\n".write(toFile: dir + "/last-checkpoint", atomically: true, encoding: .utf8)
        _ = try StateStore(directory: dir, mode: .reader).load()
        #expect(StoreFixtures.lastCheckpoint(dir) == "3")
        let writer = try StateStore(directory: dir, mode: .writer)
        let id = try #require(writer.stateID)
        #expect(StoreFixtures.lastCheckpoint(dir) == "3 \(id)")
        _ = try writer.load()
        withExtendedLifetime(writer) {}

        let s = StateStore.StoredIdentity(sequence: 1, stateID: nil)
        #expect(StateStore.identityMismatch(directory: dir, stored: s, file: .missing) == nil)
        #expect(StateStore.identityMismatch(directory: dir, stored: .init(sequence: 2, stateID: nil), file: .missing) != nil)
        #expect(StateStore.identityMismatch(directory: dir, stored: .init(sequence: 1, stateID: id), file: .missing) != nil)
        #expect(StateStore.identityMismatch(directory: dir, stored: .init(sequence: 0, stateID: id), file: .missing) == nil)
        // A database ahead of the file by a checkpoint: killed between its commit and the file.
        #expect(StateStore.identityMismatch(directory: dir, stored: .init(sequence: 8, stateID: id), file: .number(7, stateID: id)) == nil)
        #expect(StateStore.identityMismatch(directory: dir, stored: .init(sequence: 8, stateID: id), file: .number(7, stateID: nil)) == nil)
        #expect(StateStore.identityMismatch(directory: dir, stored: .init(sequence: 0, stateID: nil), file: .number(0, stateID: id)) == nil)
    }

    @Test func lastCheckpointParses() {
        let id = "0f8fad5b-d9cb-469f-a165-70867728950e"
        #expect(StateStore.parseLastCheckpoint("213\n") == .number(213, stateID: nil))
        #expect(StateStore.parseLastCheckpoint("213 \(id)\n") == .number(213, stateID: id))
        #expect(StateStore.parseLastCheckpoint("0 \(id)") == .number(0, stateID: id))
        for bad in ["", "\n", "x", "213 x", "213  \(id)", "213 \(id.uppercased())", "213 \(id) 4", "-3", "2.5", "99999999999999999999"] {
            guard case .garbled = StateStore.parseLastCheckpoint(bad) else { Issue.record("\(bad.debugDescription) parsed"); continue }
        }
    }
}

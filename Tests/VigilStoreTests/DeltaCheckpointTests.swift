import Foundation
import GRDB
import Testing
@testable import VigilArray
@testable import VigilStore

/// Checkpoints that write what changed (issue 11): the parts, the content log, the images a merge
/// takes over, and the migration from the one-blob schema.
@Suite(.serialized) struct DeltaCheckpointTests {
    static let root = StateStoreTests.root

    func tempDir() -> String { NSTemporaryDirectory() + "vigil-delta-\(UUID().uuidString)" }

    func quickstart() throws -> ArraySimulator {
        try ArraySimulator(scenario: ScenarioLoader.load(path: Self.root.appendingPathComponent("demo/quickstart.toml").path))
    }

    func count(_ dir: String, _ sql: String) throws -> Int {
        try DatabaseQueue(path: dir + "/state.sqlite").read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }

    /// Same scenario and seed: a run checkpointed every hour and resumed from its store at every
    /// second checkpoint gives the events of one uninterrupted run, byte for byte.
    @Test func resumingFromDeltasGivesTheUninterruptedRun() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let straight = try quickstart()
        straight.expansionPolicy = .auto
        var expected: [String] = []
        straight.onEvent = { expected.append($0.jsonLine) }
        straight.start()
        straight.run(until: straight.now + 30 * 3_600)

        var got: [String] = []
        var sim = try quickstart()
        sim.expansionPolicy = .auto
        sim.onEvent = { got.append($0.jsonLine) }
        sim.start()
        var store: StateStore? = try StateStore(directory: dir, mode: .writer)
        try store?.checkpoint(sim)
        for hour in 1...30 {
            sim.run(until: sim.now + 3_600)
            try store?.checkpoint(sim)
            if hour % 2 == 0 {
                store = nil  // gives the writer lock back, as a process that ends does
                let reopened = try StateStore(directory: dir, mode: .writer)
                sim = try reopened.load().0
                sim.expansionPolicy = .auto
                sim.onEvent = { got.append($0.jsonLine) }
                store = reopened
            }
        }
        #expect(got == expected)
        #expect(try StateStore(directory: dir, mode: .reader).verify().problems.isEmpty)
    }

    /// A checkpoint with nothing new writes no part again; one after an hour of writes appends one
    /// content-log row and rewrites no content segment.
    @Test func aCheckpointWritesOnlyWhatChanged() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sim = try quickstart()
        sim.start()
        let store = try StateStore(directory: dir, mode: .writer)
        try store.checkpoint(sim)
        sim.run(until: sim.now + 3_600)
        try store.checkpoint(sim)
        let logRows = try count(dir, "SELECT COUNT(*) FROM content_log")
        let before = try DatabaseQueue(path: dir + "/state.sqlite").read { db in
            try Row.fetchAll(db, sql: "SELECT name, checksum FROM state_part ORDER BY name").map { "\($0["name"] as String):\($0["checksum"] as Int64)" }
        }
        try store.checkpoint(sim)  // nothing happened since
        let after = try DatabaseQueue(path: dir + "/state.sqlite").read { db in
            try Row.fetchAll(db, sql: "SELECT name, checksum FROM state_part ORDER BY name").map { "\($0["name"] as String):\($0["checksum"] as Int64)" }
        }
        #expect(before == after)
        #expect(logRows == 1)
        #expect(try count(dir, "SELECT COUNT(*) FROM content_log") == 1, "an empty journal appends no row")
        #expect(try count(dir, "SELECT COUNT(*) FROM volume_part") == 2 * sim.volumes.count)
    }

    /// The log codec gives back what it was given, and refuses (never traps on) bytes cut anywhere.
    @Test func contentLogRoundTripsAndRefusesDamage() throws {
        let journal: [(volume: Int, writes: [ContentRun])] = [
            (0, [ContentRun(start: 0, end: 10, token: 1), ContentRun(start: 5, end: 6, token: 2), ContentRun(start: 1 << 40, end: (1 << 40) + 3, token: 900)]),
            (7, [ContentRun(start: 65_535, end: 65_537, token: UInt64.max)]),
        ]
        let bytes = ContentLogCodec.encode(journal)
        let back = try #require(ContentLogCodec.decode(bytes))
        #expect(back.map(\.volume) == [0, 7])
        #expect(back.map(\.writes) == journal.map(\.writes))
        for cut in 0..<bytes.count {
            _ = ContentLogCodec.decode(Array(bytes.prefix(cut)))
        }
        #expect(ContentLogCodec.decode([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]) == nil)
    }

    /// A state written by schema v1 (one JSON blob; `Fixtures/v1-quickstart-3h`, made by Vigil at
    /// 96bde86 with `simulate --scenario demo/quickstart.toml --for 3h --approve-expansions auto`)
    /// migrates: it verifies, and running on gives the events of a run that never stopped.
    @Test func aVersion1StateMigrates() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fixture = Self.root.appendingPathComponent("Tests/VigilStoreTests/Fixtures/v1-quickstart-3h").path
        for f in ["state.sqlite", "last-checkpoint"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + f, toPath: dir + "/" + f)
        }
        let store = try StateStore(directory: dir, mode: .writer)
        var (sim, _) = try store.load()
        let straight = try quickstart()
        straight.expansionPolicy = .auto
        straight.start()
        straight.run(until: sim.now)
        var a: [String] = [], b: [String] = []
        straight.onEvent = { a.append($0.jsonLine) }
        sim.expansionPolicy = .auto
        sim.onEvent = { b.append($0.jsonLine) }
        straight.run(until: straight.now + 5 * 3_600)
        sim.run(until: sim.now + 5 * 3_600)
        #expect(!a.isEmpty && a == b)
        try store.checkpoint(sim)
        #expect(try count(dir, "SELECT COUNT(*) FROM grdb_migrations") == 2)
        (sim, _) = try StateStore(directory: dir, mode: .reader).load()
        #expect(sim.now == straight.now)
        #expect(try StateStore(directory: dir, mode: .reader).verify().problems.isEmpty)
    }

    /// An overlay row is the runs a merge changed: laid over the stored runs they give exactly the
    /// new runs (checked against `ContentMap` itself over random writes; seeded, so repeatable).
    @Test func anOverlayRebuildsTheMergedRuns() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<200 {
            var map = ContentMap(granules: 4_096)
            var token: UInt64 = 0
            for _ in 0..<Int(random.next() % 40) {
                let s = Int(random.next() % 4_000)
                token += 1
                map.write(start: s, end: s + 1 + Int(random.next() % 200), token: token)
            }
            let old = map.segmentRuns(0)
            for _ in 0..<Int(random.next() % 20) {
                let s = Int(random.next() % 4_000)
                token += 1
                map.write(start: s, end: s + 1 + Int(random.next() % 300), token: token)
            }
            let new = map.segmentRuns(0)
            #expect(StoredImage.laid(old, StoredImage.unmatched(new, in: old)) == new)
        }
    }
}

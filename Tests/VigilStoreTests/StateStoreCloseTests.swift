import Foundation
import Testing
@testable import VigilArray
@testable import VigilStore

/// Closing the store, and a checkpoint that fails: what the console's way out and its disk-full
/// handling rely on.
@Suite(.serialized) struct StateStoreCloseTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func tempDir() -> String { NSTemporaryDirectory() + "vigil-close-\(UUID().uuidString)" }

    func quickstart() throws -> ArraySimulator {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: Self.root.appendingPathComponent("demo/quickstart.toml").path))
        sim.start()
        return sim
    }

    /// A clean close checkpoints the WAL into the database and removes -wal and -shm, also after
    /// the store read through its reader connections; closing twice is harmless.
    @Test func closeLeavesNoWAL() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sim = try quickstart()
        let store = try StateStore(directory: dir, mode: .writer)
        var saved = sim.now
        for _ in 0..<4 {
            try store.checkpoint(sim)
            saved = sim.now
            sim.run(until: sim.now + 3_600)
        }
        _ = try store.records()
        _ = try store.journalEntries()
        #expect(FileManager.default.fileExists(atPath: dir + "/state.sqlite-wal"))
        try store.close()
        #expect(!FileManager.default.fileExists(atPath: dir + "/state.sqlite-wal"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/state.sqlite-shm"))
        try store.close()
        let reader = try StateStore(directory: dir, mode: .reader)
        #expect(try reader.load().0.now == saved)
        #expect(reader.verify().problems.isEmpty)
    }

    /// A commit that fails (the fault hook throws, as a full disk would) leaves the last good
    /// checkpoint; the next one after the fault stores everything, the segments the failed one had
    /// taken included.
    @Test func aFailedCommitKeepsTheLastCheckpointAndTheNextStoresAll() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let sim = try quickstart()
        let store = try StateStore(directory: dir, mode: .writer)
        try store.checkpoint(sim)
        sim.run(until: sim.now + 2 * 3_600)
        let saved = sim.now
        try store.checkpoint(sim)
        final class Fault: @unchecked Sendable { var on = true }
        let fault = Fault()
        store.faultPoint = { if fault.on { throw StateStoreError("database or disk is full (test)") } }
        sim.run(until: sim.now + 3_600)
        #expect(throws: StateStoreError.self) { try store.commit(store.capture(sim)) }
        #expect(try StateStore(directory: dir, mode: .reader).load().0.now == saved)
        // More writes, then the fault is gone: the next image carries the failed one's segments too.
        sim.run(until: sim.now + 600)
        fault.on = false
        try store.commit(store.capture(sim))
        try store.close()
        let (loaded, _) = try StateStore(directory: dir, mode: .reader).load()
        #expect(loaded.now == sim.now)
        #expect(loaded.volumes.indices.allSatisfy { loaded.trackers[$0].content.digest == sim.trackers[$0].content.digest })
        #expect(try StateStore(directory: dir, mode: .reader).verify().problems.isEmpty)
    }
}

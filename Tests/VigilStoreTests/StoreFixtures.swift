import Foundation
import GRDB
@testable import VigilArray
@testable import VigilStore

/// States to damage: made, copied and poked at with SQL behind the store's back.
enum StoreFixtures {
    static let quickstart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("demo/quickstart.toml").path

    static func tempDir(_ tag: String = "store") -> String {
        NSTemporaryDirectory() + "vigil-\(tag)-\(UUID().uuidString)"
    }

    /// A quickstart array run for `hours` and checkpointed hourly into `dir` (the writer closed after).
    @discardableResult
    static func stored(_ dir: String, hours: Int64 = 6) throws -> ArraySimulator {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: quickstart))
        let store = try StateStore(directory: dir, mode: .writer)
        sim.start()
        try store.checkpoint(sim)
        for _ in 0..<hours {
            sim.run(until: sim.now + 3_600)
            try store.checkpoint(sim)
        }
        return sim
    }

    /// A copy of the state directory `dir` (its files, as they are).
    static func copy(_ dir: String) throws -> String {
        let copy = tempDir("copy")
        try FileManager.default.copyItem(atPath: dir, toPath: copy)
        return copy
    }

    /// Runs SQL on the state's database directly (no store, no guard).
    static func sql(_ dir: String, _ body: (Database) throws -> Void) throws {
        var config = Configuration()
        config.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: dir + "/state.sqlite", configuration: config)
        try queue.writeWithoutTransaction { db in try body(db) }
        try queue.close()
    }

    static func lastCheckpoint(_ dir: String) -> String? {
        (try? String(contentsOfFile: dir + "/last-checkpoint", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func mode(_ path: String) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue
    }
}

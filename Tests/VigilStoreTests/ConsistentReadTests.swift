import Foundation
import Testing
@testable import VigilArray
@testable import VigilStore

/// Readers see one snapshot: `vigil verify` and `vigil catalog` run while a writer commits.
@Suite(.serialized) struct ConsistentReadTests {
    static let quickstart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("demo/quickstart.toml").path

    /// The writer's side: the array and its store, checkpointing on a thread of their own.
    final class Writer: @unchecked Sendable {
        let sim: ArraySimulator
        let store: StateStore
        let lock = NSLock()
        var stop = false
        var checkpoints = 0
        var failure: String?

        init(directory: String) throws {
            sim = try ArraySimulator(scenario: ScenarioLoader.load(path: ConsistentReadTests.quickstart))
            sim.expansionPolicy = .auto
            store = try StateStore(directory: directory, mode: .writer)
            sim.start()
            try store.checkpoint(sim)
            for _ in 0..<6 {
                sim.run(until: sim.now + 3_600)
                try store.checkpoint(sim)
            }
        }

        var stopped: Bool { lock.withLock { stop } }

        func run() {
            while !stopped {
                sim.run(until: sim.now + 600)
                do { try store.checkpoint(sim) } catch {
                    lock.withLock { failure = "\(error)" }
                    return
                }
                lock.withLock { checkpoints += 1 }
            }
        }
    }

    /// Every verify run while the writer checkpoints (records pruned, areas allocated and released
    /// between one read and the next) finds the state sound.
    @Test func verifyWhileAWriterCommitsFindsNothing() throws {
        let dir = NSTemporaryDirectory() + "vigil-consistent-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try Writer(directory: dir)
        let thread = Thread { writer.run() }
        thread.start()
        let reader = try StateStore(directory: dir, mode: .reader)
        var problems: [String] = []
        var runs = 0
        let deadline = Date().addingTimeInterval(15)
        while runs < 30, Date() < deadline {
            problems += reader.verify().problems
            runs += 1
        }
        writer.lock.withLock { writer.stop = true }
        while !thread.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        let (checkpoints, failure) = writer.lock.withLock { (writer.checkpoints, writer.failure) }
        #expect(failure == nil)
        #expect(checkpoints > 5, "the writer barely ran: \(checkpoints) checkpoints during \(runs) verifies")
        #expect(problems.isEmpty, "\(problems.count) problems in \(runs) verifies over \(checkpoints) checkpoints: \(problems.prefix(5))")
    }
}

import Foundation
import Testing
@testable import VigilArray
@testable import VigilConsole

/// How the console shows a trigger that found nothing changed (issue 10, fault 5): a dim log line,
/// a decision detail without candidates, the answer to a manual backup, and the history's lag.
@Suite struct UnchangedTriggerConsoleTests {
    /// One 1 GiB volume with no workload, backed up hourly; its initial full (1 GiB at 20 MB/s,
    /// 54 s) is generation 1 at 00:00:54.
    static func console() throws -> (ConsoleRunner, MemoryBackend) {
        let mib: Int64 = 1_048_576
        let scenario = Scenario(
            name: "idle", seed: 1, tick: 60, granule: mib,
            raidGroups: [
                .init(name: "rg-data", layout: .parity(data: 4, parity: 1), diskType: .sas, diskSize: 100_000_000_000,
                      readMBps: 1_000, writeMBps: 1_000),
                .init(name: "rg-pool", layout: .parity(data: 4, parity: 1), diskType: .ata, diskSize: 1_000_000_000_000,
                      readMBps: 20, writeMBps: 20),
            ],
            volumes: [.init(name: "vol", raidGroup: "rg-data", capacity: 1_024 * mib, group: "g")],
            groups: [.init(name: "g", objectives: RecoveryObjectives(interval: 3_600, generations: 3), mirror: false,
                           fullTier: "pool")],
            tiers: [.init(name: "pool", raidGroups: ["rg-pool"])])
        let sim = try ArraySimulator(scenario: scenario)
        sim.start()
        let model = ConsoleModel(simulator: sim, themes: [.builtinDefault], glyphs: .unicode, clock: SimulationClock(speed: 60))
        let backend = MemoryBackend(width: 100, height: 30, colorDepth: .palette256)
        let runner = ConsoleRunner(model: model, backend: backend)
        // 65 wall seconds at ×60: 01:05, after the 01:00 trigger.
        model.advance(wallSeconds: 65)
        runner.drawFrame()
        return (runner, backend)
    }

    @Test func anUnchangedTriggerReadsAsNoBackup() throws {
        let (runner, backend) = try Self.console()
        let model = runner.model
        let line = try #require(model.log.last { $0.decided != nil })
        #expect(line.text == "vol NO BACKUP: nothing changed since generation 1: no generation taken; generation 1 holds this point in time")
        #expect(line.role == .dim)
        #expect(backend.frame.text.contains("next: none — nothing changed since gen 1"))
        runner.step([ConsoleFixtures.key(.enter)])
        guard case .decision(let view) = model.modal else {
            Issue.record("decision detail not open: \(String(describing: model.modal))")
            return
        }
        #expect(view.decided.decision.unchangedSince == 1 && view.decided.trigger == .interval)
        let screen = backend.frame.text
        #expect(screen.contains("Decision · vol · nothing changed"))
        #expect(screen.contains("Chosen: NO BACKUP · nothing changed since generation 1"))
        #expect(!screen.contains("Candidates weighed"))
        runner.step([ConsoleFixtures.key(.escape)])
        // The history counts the lag from the 01:00 trigger the initial full covers: 5 min, not 1h4m.
        runner.step(ConsoleFixtures.keys("h"))
        #expect(backend.frame.text.contains("lag now 5m · 1 kept"))
        #expect(backend.frame.text.contains("gen 1 still holds 01:00: nothing changed since"))
        runner.step([ConsoleFixtures.key(.escape)])
    }

    @Test func aManualBackupOfAnUnchangedVolumeIsAnsweredAtOnce() throws {
        let (runner, _) = try Self.console()
        let model = runner.model
        runner.step(ConsoleFixtures.keys("b"))
        #expect(model.banner?.text == "backup vol: done — nothing changed since generation 1, no generation taken")
        #expect(model.sim.generations(of: "vol").count == 1)
        // Nothing is left waiting for a copy: a later backup of the volume is not announced as this one.
        #expect(model.awaiting.isEmpty && model.manualBackupsDecided.isEmpty)
    }
}

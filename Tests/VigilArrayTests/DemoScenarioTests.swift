import Foundation
import Testing
@testable import VigilArray

/// The shipped scenarios do what the README promises.
@Suite struct DemoScenarioTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func demo(_ name: String) -> String { root.appendingPathComponent("demo/\(name)").path }

    @Test func quickstartShowsEveryMethodAndAnExpansionRequestOnTheFirstDay() throws {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: Self.demo("quickstart.toml")))
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + 86_400)
        #expect(Set(log.decisions.map(\.method)) == Set(BackupMethod.allCases))
        let requested = log.events.contains { if case .poolExpansionRequested = $0.kind { return true } else { return false } }
        #expect(requested)
        #expect(sim.groups.count == 3)
        #expect(sim.pool.tiers.map(\.name) == ["fc", "ata"])
        #expect(sim.spareGroups.count == 1)
        #expect(sim.verifyAllKeptGenerations().failed == 0)
    }

    @Test func referenceIs64VolumesOf1TiBInEightGroups() throws {
        let s = try ScenarioLoader.load(path: Self.demo("reference.toml"))
        #expect(s.volumes.count == 64)
        #expect(s.volumes.allSatisfy { $0.capacity == 1 << 40 })
        #expect(s.groups.count == 8)
        #expect(s.workloads.count == 64)
        #expect(Set(s.workloads.map { "\($0.pattern)".prefix(4) }).count == 3)
    }

    /// The same scenario and seed give the same stream; another seed gives another.
    @Test func quickstartStreamDependsOnlyOnTheSeed() throws {
        func stream(seed: UInt64) throws -> String {
            var scenario = try ScenarioLoader.load(path: Self.demo("quickstart.toml"))
            scenario.seed = seed
            let sim = try ArraySimulator(scenario: scenario)
            let log = EventLog(sim)
            sim.start()
            sim.run(until: sim.startTime + 6 * 3_600)
            return log.jsonl
        }
        let a = try stream(seed: 42), b = try stream(seed: 42), c = try stream(seed: 43)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func jsonlDecisionCarriesTheDocumentedFields() throws {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: Self.demo("quickstart.toml")))
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + 2 * 3_600)
        let decided = try #require(log.events.first { $0.name == "backup.decided" })
        let line = decided.jsonLine
        for key in ["\"time\":\"2026-11-21T01:00:00Z\"", "\"event\":\"backup.decided\"", "\"volume\":", "\"group\":",
                    "\"trigger\":\"interval\"", "\"method\":", "\"candidates\":[{\"method\":", "\"bytes\":", "\"mbps\":",
                    "\"estimate_s\":", "\"fits\":", "\"rto_s\":1200"] {
            #expect(line.contains(key), "\(key) missing from \(line)")
        }
    }
}

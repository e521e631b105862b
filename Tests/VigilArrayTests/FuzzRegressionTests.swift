import Foundation
import Testing
@testable import VigilArray

/// Every input that once crashed a fuzz target (`Fuzz/regressions/<target>/`, see scripts/fuzz.sh)
/// is replayed the way the target feeds it: it must end in an answer (a value, or an error that
/// says where), never a trap, an abort or a hang.
@Suite struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func inputs(_ target: String) -> [(name: String, text: String)] {
        let dir = root.appendingPathComponent("Fuzz/regressions/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.filter { !$0.hasPrefix(".") }.sorted() ?? []
        return names.compactMap { name in
            (try? Data(contentsOf: dir.appendingPathComponent(name))).map { (name, String(decoding: $0, as: UTF8.self)) }
        }
    }

    @Test func scenarioInputsThatOnceCrashed() throws {
        let inputs = Self.inputs("FuzzScenario")
        #expect(!inputs.isEmpty, "the regression corpus is in the checkout")
        for (name, text) in inputs {
            do {
                let sim = try ArraySimulator(scenario: ScenarioLoader.parse(text, file: name))
                sim.start()
                sim.run(until: sim.now + 600)
            } catch let e as ScenarioError {
                // The answer must say where: the file and what is wrong.
                #expect(e.description.hasPrefix(name), "\(name): \(e.description)")
            }
        }
    }

    @Test func fileListInputsThatOnceCrashed() throws {
        for (name, text) in Self.inputs("FuzzFileList") {
            guard let entries = try? FileEntry.parseCSV(text, file: name), !entries.isEmpty else { continue }
            let sim = try ArraySimulator(scenario: Scenario(
                name: "fuzz", seed: 1, tick: 60, granule: 65_536,
                raidGroups: [.init(name: "rg-data", layout: .parity(data: 4, parity: 1), diskType: .sas, diskSize: 100_000_000_000),
                             .init(name: "rg-pool", layout: .parity(data: 4, parity: 1), diskType: .ata, diskSize: 1_000_000_000_000)],
                volumes: [.init(name: "v0", raidGroup: "rg-data", capacity: 10 * 1_073_741_824, group: "g"),
                          .init(name: "v1", raidGroup: "rg-data", capacity: 10 * 1_073_741_824, group: "g")],
                groups: [.init(name: "g", objectives: RecoveryObjectives(interval: 3_600, generations: 3))],
                tiers: [.init(name: "ata", raidGroups: ["rg-pool"])]))
            sim.start()
            let groups = Set(entries.map(\.group)).sorted().map { Scenario.GroupSpec(name: $0, objectives: RecoveryObjectives(interval: 3_600, generations: 3)) }
            _ = sim.apply(.loadFileList(entries: entries, groups: groups, source: name))
            sim.run(until: sim.now + 600)
        }
    }

    @Test func valueInputsThatOnceCrashed() {
        for (_, text) in Self.inputs("FuzzValues") {
            _ = SimDuration.parse(text).map(SimDuration.format)
            _ = SimTime.parse(text)?.iso8601
            _ = ByteSize.parse(text).map(ByteSize.format)
            _ = ScenarioLoader.parseHour(text)
            _ = RAIDLayout.parse(text, disks: nil)
        }
    }
}

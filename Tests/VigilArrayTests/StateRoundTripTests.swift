import Foundation
import Testing
@testable import VigilArray

/// The simulator's state survives a trip through bytes: restored and run on, it emits exactly what
/// the original emits.
@Suite struct StateRoundTripTests {
    /// Encodes state and content to bytes and back, as a store would.
    /// `transform` edits the stored state's bytes (to stand for a state stored by an older version).
    static func roundTrip(_ sim: ArraySimulator, transform: (Data) throws -> Data = { $0 }) throws -> ArraySimulator {
        let state = try JSONDecoder().decode(SimulatorState.self, from: transform(JSONEncoder().encode(sim.exportState())))
        let live = try sim.volumes.indices.map { v -> ContentMap in
            let map = sim.trackers[v].content
            let segs = Dictionary(uniqueKeysWithValues: map.nonEmptySegments.map { ($0, RunCodec.unpack(RunCodec.pack(map.segmentRuns($0)))!) })
            return try ContentMap(granules: map.granules, segments: segs)
        }
        var data: [Int: GenerationContent] = [:]
        for (_, g) in sim.allGenerations {
            switch g.content {
            case .delta(let runs): data[g.recordID] = .delta(RunCodec.unpack(RunCodec.pack(runs))!)
            case .image(let m):
                let segs = Dictionary(uniqueKeysWithValues: m.nonEmptySegments.map { ($0, m.segmentRuns($0)) })
                data[g.recordID] = .image(try ContentMap(granules: m.granules, segments: segs))
            }
        }
        return try ArraySimulator(restoring: state, live: live, data: data)
    }

    /// Property: for the quickstart and 20 random arrays, stopping at a random moment, storing and
    /// restoring, then running on gives the same event stream as running straight through.
    @Test func restoredSimulatorContinuesIdentically() throws {
        var scenarios = [try ScenarioLoader.load(path: DemoScenarioTests.demo("quickstart.toml"))]
        scenarios += (UInt64(500)..<520).map { PropertyTests.randomScenario(seed: $0) }
        var compared = 0
        for (i, scenario) in scenarios.enumerated() {
            let straight = try ArraySimulator(scenario: scenario)
            straight.expansionPolicy = .auto
            let straightLog = EventLog(straight)
            straight.start()
            let split = SimTime(scenario.start.seconds + 3_600 + Int64(i) * 4_111)
            straight.run(until: split)
            let cut = straightLog.events.count
            let restored = try Self.roundTrip(straight)
            restored.expansionPolicy = .auto
            let restoredLog = EventLog(restored)
            let end = scenario.start + 2 * 86_400
            straight.run(until: end)
            restored.run(until: end)
            let after = straightLog.events[cut...].map(\.jsonLine)
            if !after.isEmpty { compared += 1 }
            #expect(restoredLog.events.map(\.jsonLine) == Array(after), "scenario \(scenario.name)")
            #expect(restored.verifyAllKeptGenerations().failed == 0)
        }
        // Some random arrays are quiet after the cut (slow writers, daily triggers); most are not.
        #expect(compared >= 12, "only \(compared) scenarios had events after the cut")
    }

    /// Shortage episodes are stored: a quickstart array stored at 16:30, with log-01's backup and
    /// both mirrors short, carries on without reporting them again. A state stored before episodes
    /// and a request's tier figures existed still loads.
    @Test func shortageEpisodesSurviveAStoreAndOlderStatesLoad() throws {
        let scenario = try ScenarioLoader.load(path: DemoScenarioTests.demo("quickstart.toml"))
        let straight = try ArraySimulator(scenario: scenario)
        let straightLog = EventLog(straight)
        straight.start()
        straight.run(until: scenario.start + 16 * 3_600 + 1_800)
        let cut = straightLog.events.count
        let pools = straight.poolManagement
        #expect(pools.shortageOpen(volume: 4, need: .backup) && pools.shortageOpen(volume: 0, need: .mirror) && pools.shortageOpen(volume: 1, need: .mirror))
        let restored = try Self.roundTrip(straight)
        let restoredLog = EventLog(restored)
        straight.run(until: scenario.start + 86_400)
        restored.run(until: scenario.start + 86_400)
        #expect(restoredLog.events.map(\.jsonLine) == straightLog.events[cut...].map(\.jsonLine))
        // The same state without the fields this change added.
        let older = try Self.roundTrip(straight) { data in
            var state = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let runtime = try #require(state["runtime"] as? [[String: Any]])
            state["runtime"] = runtime.map { var r = $0; r["shortages"] = nil; return r }
            let requests = try #require(state["requests"] as? [[String: Any]])
            #expect(requests.first?["largestFreeBytes"] != nil)
            state["requests"] = requests.map { var r = $0; r["tier"] = nil; r["largestFreeBytes"] = nil; return r }
            return try JSONSerialization.data(withJSONObject: state)
        }
        // Request #1 was raised at 11:01 for fs-01's 13.2 GiB of changed data (no longer log-01's
        // 300 GiB full at 13:19: with shared bandwidth and merges that take time the pool fills at
        // 11:00), and keeps the figures it was raised with.
        #expect(older.requests.first?.tier == nil && older.requests.first?.neededBytes == 14_161_936_384)
    }

    @Test func corruptStoredContentIsRefused() {
        #expect(RunCodec.unpack([1, 2, 3]) == nil)
        let bad = [ContentRun(start: 10, end: 5, token: 1)]
        #expect(throws: ContentMapError.self) { try ContentMap(granules: 100, segments: [0: bad]) }
        let overlapping = [ContentRun(start: 0, end: 10, token: 1), ContentRun(start: 5, end: 12, token: 2)]
        #expect(throws: ContentMapError.self) { try ContentMap(granules: 100, segments: [0: overlapping]) }
    }

    /// A stored state whose copies in flight point at things that do not exist — a volume, a RAID
    /// group, a stage past the flow's end — is refused with the reason (exit 65 from the store),
    /// never run into an index trap. Quickstart at 00:10 has its five initial copies in flight.
    @Test func copiesInFlightThatPointNowhereAreRefused() throws {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: DemoScenarioTests.demo("quickstart.toml")))
        sim.start()
        sim.run(until: sim.startTime + 600)
        func refusal(_ edit: @escaping (inout [String: Any]) -> Void) throws -> String? {
            do {
                _ = try Self.roundTrip(sim) { data in
                    var json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
                    edit(&json)
                    return try JSONSerialization.data(withJSONObject: json)
                }
                return nil
            } catch let e as StateError {
                return e.description
            }
        }
        // The first initial copy's volume index set to 99.
        let badVolume = try refusal { json in
            var flows = json["copyFlows"] as! [String: Any]
            var entries = flows["entries"] as! [[String: Any]]
            entries[0]["purpose"] = ["initialCopy": ["volume": 99]]
            flows["entries"] = entries
            json["copyFlows"] = flows
        }
        #expect(badVolume?.hasPrefix("copy 1 belongs to volume 99") == true)
        // The model's first flow at stage 7 of its 1.
        let badStage = try refusal { json in
            var flows = json["copyFlows"] as! [String: Any]
            var model = flows["model"] as! [String: Any]
            var list = model["flows"] as! [[String: Any]]
            list[0]["stage"] = 7
            model["flows"] = list
            flows["model"] = model
            json["copyFlows"] = flows
        }
        #expect(badStage?.hasPrefix("copy 1 is at stage 7") == true)
        // The untouched state loads.
        #expect(try refusal { _ in } == nil)
    }
}

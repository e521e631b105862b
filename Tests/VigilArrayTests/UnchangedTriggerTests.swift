import Foundation
import Testing
@testable import VigilArray

/// Issue 10, fault 5: a trigger that finds nothing changed since the newest generation takes no
/// generation (it would copy nothing and push a real one out of retention); the decision says so
/// and the newest generation covers the trigger's instant, so the RPO counts as met.
@Suite struct UnchangedTriggerTests {
    static let mib = TestScenarios.mib
    static let hour: Int64 = 3_600

    /// One 1 GiB volume in 1 MiB granules with no workload, backed up every hour, keeping
    /// `generations`; one pool tier read 20 / write 20 MB/s. The initial full copies
    /// 1,073,741,824 B at min(volume read 1,000, area write 20) MB/s = 53.7 s → 54 s: generation 1
    /// is taken at 00:00:54.
    static func idle(generations: Int = 3, rto: Int64? = nil, mirror: Bool = false,
                     retention: RetentionPolicy = .merge) -> Scenario {
        Scenario(
            name: "idle", seed: 1, tick: 60, granule: mib,
            raidGroups: [
                .init(name: "rg-data", layout: .parity(data: 4, parity: 1), diskType: .sas, diskSize: 100_000_000_000,
                      readMBps: 1_000, writeMBps: 1_000),
                .init(name: "rg-pool", layout: .parity(data: 4, parity: 1), diskType: .ata, diskSize: 1_000_000_000_000,
                      readMBps: 20, writeMBps: 20),
            ],
            volumes: [.init(name: "vol", raidGroup: "rg-data", capacity: 1_024 * mib, group: "g")],
            groups: [.init(name: "g", objectives: RecoveryObjectives(interval: hour, generations: generations, rto: rto),
                           mirror: mirror, retention: retention, fullTier: "pool")],
            tiers: [.init(name: "pool", raidGroups: ["rg-pool"])])
    }

    static func decided(_ log: EventLog) -> [(time: SimTime, trigger: TriggerKind, decision: BackupDecision)] {
        log.events.compactMap {
            if case let .backupDecided(_, _, trigger, _, d) = $0.kind { (time: $0.time, trigger: trigger, decision: d) } else { nil }
        }
    }

    @Test func anIdleVolumeKeepsItsInitialFullAndMeetsItsRPO() throws {
        let sim = try ArraySimulator(scenario: Self.idle(generations: 3))
        let log = EventLog(sim)
        sim.start()
        let t0 = sim.startTime
        sim.run(until: t0 + 10 * Self.hour + 1_800)
        // Triggers at 01:00 … 10:00: ten, each finding nothing written since generation 1 (00:00:54).
        let decisions = Self.decided(log)
        #expect(decisions.map(\.time) == (1...10).map { t0 + Int64($0) * Self.hour })
        #expect(decisions.allSatisfy { $0.decision.unchangedSince == 1 && !$0.decision.takesGeneration })
        #expect(decisions.allSatisfy { $0.decision.candidates.isEmpty && $0.decision.areaBytes == 0 })
        #expect(decisions.first?.decision.reason
            == "nothing changed since generation 1: no generation taken; generation 1 holds this point in time")
        // No generation, no area, no retention: the initial full is all there is.
        let gens = sim.generations(of: "vol")
        #expect(gens.map(\.number) == [1] && gens[0].triggeredAt == t0 + 54)
        #expect(sim.pool.areas.count == 1)
        // The one copy started is the initial full's.
        #expect(log.events.filter { if case .backupStarted = $0.kind { true } else { false } }.count == 1)
        #expect(!log.events.contains { e in
            switch e.kind {
            case .generationInvalidated, .generationMerged, .generationKept: true
            default: false
            }
        })
        // Lag at 10:30: 10:30 − 10:00 = 30 min, not 10:30 − 00:00:54 = 10 h 29 min 6 s.
        #expect(sim.rpoLag(volume: 0) == 1_800)
        let snap = sim.snapshot().volumes[0]
        #expect(snap.rpoLagSeconds == 1_800)
        #expect(snap.coveredSince?.generation == 1 && snap.coveredSince?.time == t0 + 10 * Self.hour)
        #expect(snap.unchangedTriggers == 10)
        #expect(snap.compliance.rpo?.level == .ok)
        #expect(sim.compliance.breaches.isEmpty)
        // Worst lag: 01:00 − 00:00:54 = 3,546 s, then 3,600 s at each trigger after; 1,800 s now.
        #expect(sim.runtime[0].maxRPOLag == 3_600)
        let summary = SimulationSummary(sim)
        #expect(summary.groups[0].backups == [.incremental: 0, .differential: 0, .full: 0])
        #expect(summary.groups[0].unchangedTriggers == 10 && summary.groups[0].worstRPOLag == 3_600)
        #expect(summary.groups[0].keptGenerations == 1)
        #expect(summary.text.contains("10 triggers found nothing changed and took no generation (g 10)"))
    }

    @Test func onlyTheTriggersThatFindWritesTakeGenerations() throws {
        let sim = try ArraySimulator(scenario: Self.idle(generations: 3))
        let log = EventLog(sim)
        sim.start()
        let t0 = sim.startTime
        // Writes only between 02:00 and 03:00: granules 0..<100 at 02:10, 50..<150 at 02:40.
        sim.run(until: t0 + 2 * Self.hour + 600)
        sim.write(volume: 0, start: 0, end: 100)
        sim.run(until: t0 + 2 * Self.hour + 2_400)
        sim.write(volume: 0, start: 50, end: 150)
        sim.run(until: t0 + 10 * Self.hour + 1_800)
        let decisions = Self.decided(log)
        #expect(decisions.count == 10)
        // 01:00 and 02:00 find nothing since generation 1; 03:00 takes generation 2; 04:00 … 10:00
        // find nothing since generation 2.
        #expect(decisions.map(\.decision.unchangedSince) == [1, 1, nil] + Array(repeating: 2, count: 7))
        #expect(decisions[2].decision.method == .incremental && decisions[2].time == t0 + 3 * Self.hour)
        let gens = sim.generations(of: "vol")
        #expect(gens.map(\.number) == [1, 2])
        // Generation 2 holds the union 0..<150: 150 MiB = 157,286,400 B, copied at 20 MB/s in
        // 7.86 s → 8 s.
        #expect(gens[1].method == .incremental && gens[1].bytes == 150 * Self.mib)
        #expect(gens[1].triggeredAt == t0 + 3 * Self.hour && gens[1].completedAt == t0 + 3 * Self.hour + 8)
        #expect(sim.rpoLag(volume: 0) == 1_800)
        #expect(sim.verifyAllKeptGenerations().failed == 0)
        let summary = SimulationSummary(sim).groups[0]
        #expect(summary.backups[.incremental] == 1 && summary.unchangedTriggers == 9)
        // The backup.decided line says so on the wire.
        let line = try #require(log.events.first { if case .backupDecided = $0.kind { true } else { false } }).jsonLine
        #expect(line.contains("\"method\":\"none\",\"copy_function\":\"none\""))
        #expect(line.contains("\"candidates\":[],\"waits_for_space\":false,\"nothing_changed_since\":1,\"reason\":\"nothing changed"))
    }

    @Test func aNewestGenerationDeletedTakesItsCoverageWithIt() throws {
        let sim = try ArraySimulator(scenario: Self.idle(generations: 3))
        sim.start()
        let t0 = sim.startTime
        sim.run(until: t0 + 2 * Self.hour + 600)
        sim.write(volume: 0, start: 0, end: 10)
        sim.run(until: t0 + 5 * Self.hour + 1_800)
        // Generation 2 (03:00) covers 05:00; deleting it leaves generation 1, whose coverage ended
        // at 02:00 when generation 2 was taken: the lag counts from 00:00:54 again.
        let newest = try #require(sim.generations(of: "vol").last)
        #expect(newest.number == 2 && sim.rpoLag(volume: 0) == 1_800)
        #expect(refusal(sim.apply(.deleteRecord(id: newest.recordID))) == nil)
        #expect(sim.rpoLag(volume: 0) == 5 * Self.hour + 1_800 - 54)
    }

    @Test func aForcedFullIsTakenEvenWithNothingChanged() throws {
        // `keep` with 2 generations: full 1 and incremental 2 fill the limit and 1 is their base,
        // so retention needs a new base and the next trigger is a full although nothing changed.
        let sim = try ArraySimulator(scenario: Self.idle(generations: 2, retention: .keep))
        let log = EventLog(sim)
        sim.start()
        let t0 = sim.startTime
        sim.run(until: t0 + 1_800)
        sim.write(volume: 0, start: 0, end: 10)
        sim.run(until: t0 + 2 * Self.hour)
        let decisions = Self.decided(log)
        #expect(decisions.count == 2)
        #expect(decisions[0].decision.method == .incremental && decisions[0].decision.takesGeneration)
        #expect(decisions[1].decision.method == .full && decisions[1].decision.takesGeneration)
        #expect(decisions[1].decision.reason.hasPrefix("full required: retention keeps 2 generations"))
        #expect(sim.generations(of: "vol").map(\.method).last == .full)
    }

    @Test func aStandingMirrorIsNotSplitWhenNothingChanged() throws {
        let sim = try ArraySimulator(scenario: Self.idle(generations: 3, rto: 60, mirror: true))
        let log = EventLog(sim)
        sim.start()
        let t0 = sim.startTime
        // 700 MiB = 734,003,200 B written at 00:30: the 01:00 incremental restores in
        // 734,003,200 / 20e6 = 36.7 s ≤ 60 s. The re-mirror (1 GiB at 20 MB/s, 54 s) is in sync by then.
        sim.run(until: t0 + 1_800)
        sim.write(volume: 0, start: 0, end: 700)
        sim.run(until: t0 + 5_400)
        #expect(sim.generations(of: "vol").map(\.method) == [.full, .incremental])
        // RTO 30 s: the chain's 36.7 s is over it, so a trigger that had anything to copy would
        // find incremental and differential over the RTO and split the mirror for a full.
        let tighter = RecoveryObjectives(interval: Self.hour, generations: 3, rto: 30)
        #expect(refusal(sim.apply(.setObjectives(group: "g", objectives: tighter))) == nil)
        sim.run(until: t0 + 2 * Self.hour + 60)
        #expect(Self.decided(log).last?.decision.unchangedSince == 2)
        #expect(sim.generations(of: "vol").map(\.number) == [1, 2])
        #expect(sim.copyProgram[volume: 0].mirror != .none)
        // One granule written, and the 03:00 trigger splits the mirror: incremental and differential
        // 701 MiB = 735,051,776 B restore in 36.75 s > 30 s; the full restores by switching, 0 s.
        sim.write(volume: 0, start: 0, end: 1)
        sim.run(until: t0 + 3 * Self.hour)
        #expect(Self.decided(log).last?.decision.copyFunction == .mirrorSplit)
        #expect(sim.generations(of: "vol").map(\.number) == [1, 2, 3])
    }

    @Test func aManualBackupOfAnUnchangedVolumeTakesNothing() throws {
        let sim = try ArraySimulator(scenario: Self.idle(generations: 3))
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + 600)
        #expect(refusal(sim.apply(.backupNow(volume: "vol"))) == nil)
        #expect(Self.decided(log).last?.decision.unchangedSince == 1)
        #expect(sim.generations(of: "vol").count == 1)
        #expect(sim.rpoLag(volume: 0) == 0)
    }

    @Test func theCoveredPointSurvivesAStoredState() throws {
        let sim = try ArraySimulator(scenario: Self.idle(generations: 3))
        sim.start()
        sim.run(until: sim.startTime + 3 * Self.hour + 1_200)
        let restored = try StateRoundTripTests.roundTrip(sim)
        #expect(restored.rpoLag(volume: 0) == 1_200 && restored.runtime[0].unchangedTriggers == 3)
        // A state stored before the covered point was kept loads; the lag then counts from the
        // generation's own point in time (00:00:54) until the next trigger.
        let old = try StateRoundTripTests.roundTrip(sim) { data in
            var object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
            var runtime = try #require(object["runtime"] as? [[String: Any]])
            #expect(runtime[0].removeValue(forKey: "recoveryPoint") != nil)
            #expect(runtime[0].removeValue(forKey: "unchangedTriggers") != nil)
            object["runtime"] = runtime
            return try JSONSerialization.data(withJSONObject: object)
        }
        #expect(old.rpoLag(volume: 0) == 3 * Self.hour + 1_200 - 54)
        old.run(until: old.startTime + 4 * Self.hour)
        #expect(old.rpoLag(volume: 0) == 0 && old.runtime[0].unchangedTriggers == 1)
    }
}

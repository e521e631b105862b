import Foundation
import Testing
@testable import VigilArray

/// The array's Fig. 7 flow step by step, with writes placed by hand (1 MiB granules, pool tiers
/// pinned to 20 and 100 MB/s by overrides).
@Suite struct EngineTests {
    let mib = TestScenarios.mib

    func started(_ scenario: Scenario) throws -> (ArraySimulator, EventLog) { try TestScenarios.started(scenario) }

    func settle(_ sim: ArraySimulator) { TestScenarios.settle(sim) }

    func backup(_ sim: ArraySimulator, _ log: EventLog) -> BackupDecision {
        let before = log.decisions.count
        sim.apply(.backupNow(volume: "vol"))
        settle(sim)
        #expect(log.decisions.count == before + 1)
        return log.decisions.last!
    }

    /// Seconds to restore `granules` MiB at `mbps`.
    func secs(_ granules: Int64, _ mbps: Double) -> Double { Double(granules * mib) / (mbps * 1e6) }

    @Test func initialFullIsAnInitialCopyOfTheWholeVolume() throws {
        let (sim, log) = try started(TestScenarios.planning(rto: 3_000))
        let gens = sim.generations(of: "vol")
        #expect(gens.count == 1)
        #expect(gens[0].method == .full && gens[0].copyFunction == .initialCopy)
        // 200 GiB at min(volume read 1,000, slow write 20) MB/s, rounded up to the second.
        let expected = Int64((Double(200 * 1_024 * mib) / 20e6).rounded(.up))
        let completed = log.events.compactMap { e -> Int64? in
            if case .backupCompleted(_, _, 1, _, _, let s, _, _) = e.kind { return s } else { return nil }
        }
        #expect(completed == [expected])
    }

    @Test func incrementalWhileTheChainFitsThenDifferentialThenFull() throws {
        let (sim, log) = try started(TestScenarios.planning(rto: 3_000))
        // 30,000 MiB changed: 31.46 GB / 20 MB/s = 1,572.9 s ≤ 3,000 → incremental.
        sim.write(volume: 0, start: 0, end: 30_000)
        var d = backup(sim, log)
        #expect(d.method == .incremental)
        #expect(abs(d.candidates[0].estimateSeconds - secs(30_000, 20)) < 1e-6)

        // The same region again: chain 2 × 1,572.9 = 3,145.7 s > 3,000; the differential is the union
        // since the full, still 30,000 MiB = 1,572.9 s → differential.
        sim.write(volume: 0, start: 0, end: 30_000)
        d = backup(sim, log)
        #expect(d.method == .differential)
        #expect(abs(d.candidates[0].estimateSeconds - secs(60_000, 20)) < 1e-6)
        #expect(abs(d.candidates[1].estimateSeconds - secs(30_000, 20)) < 1e-6)

        // 60,000 MiB elsewhere: chain = differential 30,000 + 60,000 = 4,718.6 s > 3,000; the
        // differential is now 90,000 MiB = 4,718.6 s > 3,000 → full (no mirror: synthetic).
        sim.write(volume: 0, start: 100_000, end: 160_000)
        d = backup(sim, log)
        #expect(d.method == .full)
        #expect(d.copyFunction == .syntheticFull)
        #expect(abs(d.candidates[0].estimateSeconds - secs(90_000, 20)) < 1e-6)
        #expect(abs(d.candidates[1].estimateSeconds - secs(90_000, 20)) < 1e-6)

        // After the full, the tables restart: a small change is an incremental again.
        sim.write(volume: 0, start: 0, end: 1_000)
        #expect(backup(sim, log).method == .incremental)
        #expect(sim.verifyAllKeptGenerations().failed == 0)
    }

    @Test func reallocationOnAFasterTierChangesTheOutcome() throws {
        // Full on the slow tier, written at 100 MB/s; deltas go to the slow tier (read 20) first.
        let slowOnly = TestScenarios.planning(rto: 3_000, slowWrite: 100)
        let withFast = TestScenarios.planning(rto: 3_000, fastTier: true, slowWrite: 100)
        var outcomes: [BackupMethod] = []
        for scenario in [slowOnly, withFast] {
            let (sim, log) = try started(scenario)
            sim.write(volume: 0, start: 0, end: 30_000)
            #expect(backup(sim, log).method == .incremental)
            sim.write(volume: 0, start: 40_000, end: 70_000)
            let d = backup(sim, log)
            // Slow: 1,572.9 + 1,572.9 = 3,145.7 s > 3,000. Fast: 1,572.9 + 314.6 = 1,887.4 s ≤ 3,000.
            #expect(abs(d.candidates[0].estimateSeconds - 2 * secs(30_000, 20)) < 1e-6)
            if scenario.tiers.count == 2 {
                #expect(abs(d.candidates[1].estimateSeconds - (secs(30_000, 20) + secs(30_000, 100))) < 1e-6)
                #expect(d.destination == .poolTier(1))
            }
            outcomes.append(d.method)
        }
        // Without the fast tier the differential (60,000 MiB = 3,145.7 s) does not fit either.
        #expect(outcomes == [.full, .incremental])
    }

    @Test func aDegradedRAIDGroupChangesTheOutcome() throws {
        let (sim, log) = try started(TestScenarios.planning(rto: 3_000))
        sim.write(volume: 0, start: 0, end: 30_000)
        // Healthy: 1,572.9 s ≤ 3,000 → incremental would be chosen. Degrade the pool group first:
        // a parity group reads at half speed (10 MB/s) and writes at 0.7 × 20 = 14 MB/s; the
        // piece now restores at min(14, 10) = 10 MB/s: 3,145.7 s > 3,000, and so does the
        // differential → full.
        sim.apply(.degrade(raidGroup: "rg-slow"))
        let changed = log.events.contains {
            if case .performanceChanged(_, "rg-slow", 10, let w, _) = $0.kind { return abs(w - 14) < 1e-9 } else { return false }
        }
        #expect(changed)
        let d = backup(sim, log)
        #expect(abs(d.candidates[0].estimateSeconds - secs(30_000, 10)) < 1e-6)
        #expect(d.method == .full)

        // Repaired: the same change is an incremental again.
        sim.apply(.repair(raidGroup: "rg-slow"))
        sim.write(volume: 0, start: 0, end: 30_000)
        #expect(backup(sim, log).method == .incremental)
    }

    @Test func mirrorSplitIsInstantAndRemirrors() throws {
        let (sim, log) = try started(TestScenarios.planning(rto: 60, mirror: true))
        // Let the re-mirror of the initial full finish, then force a full with an RTO of one minute.
        sim.run(until: sim.now + 86_400)
        sim.write(volume: 0, start: 0, end: 30_000)
        let d = backup(sim, log)
        #expect(d.method == .full && d.copyFunction == .mirrorSplit)
        #expect(log.events.contains { if case .mirrorSyncStarted = $0.kind { return true } else { return false } })
    }

    @Test func writesDuringACopyBelongToTheNextGeneration() throws {
        let (sim, log) = try started(TestScenarios.planning(rto: 3_000))
        sim.write(volume: 0, start: 0, end: 30_000)
        sim.apply(.backupNow(volume: "vol"))
        // The copy takes 1,573 s; a write lands in the middle of it.
        sim.run(until: sim.now + 100)
        sim.write(volume: 0, start: 50_000, end: 50_010)
        settle(sim)
        #expect(sim.trackers[0].incrementalBytes == 10 * mib)
        #expect(sim.verifyAllKeptGenerations().failed == 0)
        _ = log
    }

    @Test func poolExpansionRequestHoldsTheBackupUntilApproved() throws {
        // The slow tier holds 4 TB: the 215 GB initial full fits; a 1 TB volume's synthetic fulls do not.
        var scenario = TestScenarios.planning(rto: 60)
        scenario.raidGroups.append(.init(name: "rg-spare", layout: .parity(data: 4, parity: 1), diskType: .sata,
                                         diskSize: 1_000_000_000_000))
        scenario.spares = ["rg-spare"]
        let (sim, log) = try started(scenario)
        // Fill the pool with synthetic fulls until one cannot be placed: 1,500 MiB restores in 79 s
        // at 20 MB/s, over the RTO of 60 s, so every backup is a full.
        for i in 0..<40 {
            sim.write(volume: 0, start: i * 2_000, end: i * 2_000 + 1_500)
            sim.apply(.backupNow(volume: "vol"))
            settle(sim)
            if !sim.snapshot().prompts.isEmpty { break }
        }
        let prompt = try #require(sim.snapshot().prompts.first)
        #expect(prompt.waitingVolumes == [0])
        #expect(sim.snapshot().volumes[0].states.contains(.waitingForPool))
        // Waiting is visible and nothing is dropped while nobody answers.
        sim.run(until: sim.now + 7_200)
        #expect(sim.snapshot().volumes[0].states.contains(.waitingForPool))
        #expect(refusal(sim.apply(.approveExpansion(request: prompt.id, raidGroup: "rg-data"))) == "rg-data is not a spare RAID group (it is data)")
        #expect(refusal(sim.apply(.approveExpansion(request: prompt.id, raidGroup: "rg-spare"))) == nil)
        settle(sim)
        #expect(!sim.snapshot().volumes[0].states.contains(.waitingForPool))
        #expect(sim.snapshot().tiers.count == 2)
        #expect(log.events.contains { if case .poolExpansionApproved = $0.kind { return true } else { return false } })
    }

    @Test func restorePlanRunsAndVerifies() throws {
        let (sim, log) = try started(TestScenarios.planning(rto: 3_000))
        sim.write(volume: 0, start: 0, end: 30_000)
        _ = backup(sim, log)
        let plan = try sim.planRestore(volume: "vol", generation: 2).get()
        #expect(plan.base == 1)
        #expect(plan.pieces.map(\.generation) == [2])
        #expect(abs(plan.estimateSeconds - secs(30_000, 20)) < 1e-6)
        let digestBefore = sim.trackers[0].content.digest
        sim.write(volume: 0, start: 0, end: 10)  // the volume moves on, then is restored
        #expect(refusal(sim.apply(.restore(volume: "vol", generation: 2, target: nil))) == nil)
        sim.run(until: sim.now + 2_000)
        let verified = log.events.contains { if case .restoreVerified(_, 2, _, true, _, _) = $0.kind { return true } else { return false } }
        #expect(verified)
        #expect(sim.trackers[0].content.recomputedDigest() == digestBefore)
        // The chain no longer describes the volume: the next backup is a full.
        sim.write(volume: 0, start: 0, end: 10)
        #expect(backup(sim, log).method == .full)
        #expect(refusal(sim.apply(.restore(volume: "vol", generation: 99, target: nil))) == "vol keeps no generation 99 (kept: 1, 2, 3)")
    }

    @Test func verificationCatchesALostPiece() throws {
        let (sim, log) = try started(TestScenarios.planning(rto: 3_000))
        sim.write(volume: 0, start: 0, end: 100)
        _ = backup(sim, log)
        sim.write(volume: 0, start: 50, end: 150)
        _ = backup(sim, log)
        // Drop the content of generation 2: generation 3 no longer rebuilds the volume as it was.
        sim.catalog.attach(.delta([]), volume: 0, at: 1)
        #expect(sim.verify(0, 3).ok == false)
        #expect(sim.verify(0, 1).ok == true)
    }
}

/// Restores to another volume, snapshots and scripted events, on the small file scenario.
@Suite struct ArrayOperationTests {
    func loaded(_ extra: String = "") throws -> (ArraySimulator, EventLog) {
        let sim = try ArraySimulator(scenario: ScenarioLoader.parse(TestScenarios.validTOML + "\n" + extra, file: "t.toml"))
        let log = EventLog(sim)
        sim.start()
        return (sim, log)
    }

    @Test func restoreToAnotherVolumeVerifiesAndForcesItsNextFull() throws {
        let (sim, log) = try loaded()
        sim.run(until: sim.startTime + 3 * 3_600 + 600)
        let kept = sim.generations(of: "v1").map(\.number)
        #expect(kept.count >= 3)
        // The larger volume can take v1's image; the smaller one cannot take v2's.
        #expect(refusal(sim.apply(.restore(volume: "v2", generation: 1, target: "v1"))) == "v1 (100 GiB) is smaller than v2 (200 GiB)")
        let plan = try sim.planRestore(volume: "v1", generation: kept.last!, target: "v2").get()
        #expect(plan.baseCopySeconds > 0)
        #expect(plan.pieces.map(\.generation) == Array(kept.dropFirst()).suffix(plan.pieces.count))
        _ = sim.startRestore(plan)
        sim.run(until: sim.now + 7_200)
        let verified = log.events.contains {
            if case .restoreVerified("v1", _, "v2", true, _, _) = $0.kind { return true } else { return false }
        }
        #expect(verified)
        #expect(sim.trackers[1].content.recomputedDigest() == sim.generations(of: "v1").last { $0.number == kept.last! }!.digest)
        // v2's chain no longer describes it: its next backup (the trigger that waited for the
        // restore) is a full, and says why.
        let done = try #require(log.events.firstIndex { $0.name == "restore.completed" })
        let next = try #require(log.events[done...].first {
            if case .backupDecided("v2", _, _, _, _) = $0.kind { return true } else { return false }
        })
        guard case .backupDecided(_, _, _, _, let d) = next.kind else { return }
        #expect(d.method == .full)
        #expect(d.reason.hasPrefix("full required: restored from v1 generation \(kept.last!)"))
    }

    @Test func snapshotDescribesVolumesTiersAndTriggers() throws {
        let (sim, _) = try loaded()
        sim.run(until: sim.startTime + 30 * 60)
        let snap = sim.snapshot()
        #expect(snap.time.iso8601 == "2026-11-21T00:30:00Z")
        #expect(snap.volumes.map(\.name) == ["v1", "v2"])
        #expect(snap.volumes[0].nextTrigger == .at(SimTime.parse("2026-11-21T01:00:00Z")!, .interval))
        #expect(snap.volumes[0].incrementalBytes > 0)
        #expect(snap.volumes[1].incrementalBytes == 0)  // no workload
        #expect(snap.tiers.map(\.name) == ["sata"])
        #expect(snap.tiers[0].capacity == 12_000_000_000_000)
        #expect(snap.tiers[0].readMBps == 720)  // 6 SATA data disks × 120
        #expect(snap.spares.map(\.name) == ["rg-spare"])
        #expect(snap.volumes[0].generations.map(\.method) == [.full])
        #expect(snap.volumes[0].layout == .parity(data: 4, parity: 1))
    }

    @Test func scriptedEventsRunAtTheirTime() throws {
        let (sim, log) = try loaded("""
        [[events]]
        at = "2h"
        action = "degrade"
        raid_group = "rg-pool"

        [[events]]
        at = "3h"
        action = "repair"
        raid_group = "rg-pool"
        """)
        sim.run(until: sim.startTime + 4 * 3_600)
        let raid = log.events.filter {
            switch $0.kind { case .raidDegraded, .raidRepaired: true; default: false }
        }.map { "\($0.time.iso8601) \($0.name)" }
        #expect(raid == ["2026-11-21T02:00:00Z raid.degraded", "2026-11-21T03:00:00Z raid.repaired"])
        let perf = log.events.filter { $0.name == "performance.changed" }.map(\.textLine)
        #expect(perf.first == "2026-11-21T02:00:00Z  LUN 10001 rg-pool: read 360 MB/s, write 315 MB/s (rg-pool degraded)")
    }

    @Test func objectivesChangeReschedulesTriggers() throws {
        let (sim, log) = try loaded()
        sim.run(until: sim.startTime + 600)
        let bad = RecoveryObjectives(interval: 30, generations: 5, rto: 600)
        #expect(refusal(sim.apply(.setObjectives(group: "db", objectives: bad))) == "interval must be at least 1m")
        #expect(refusal(sim.apply(.setObjectives(group: "db", objectives: RecoveryObjectives(interval: 900, generations: 5, rto: 600)))) == nil)
        sim.run(until: sim.startTime + 3_600)
        let triggers = log.events.filter { if case .triggerFired("v1", _, .interval) = $0.kind { return true } else { return false } }
            .map(\.time.iso8601)
        // Every 15 minutes from the last firing (the start, 00:00), not from the change at 00:10;
        // the old 01:00 trigger is dropped, not doubled.
        #expect(triggers == ["2026-11-21T00:15:00Z", "2026-11-21T00:30:00Z", "2026-11-21T00:45:00Z", "2026-11-21T01:00:00Z"])
    }

    @Test func objectivesOutsideTheBoundsAreRefusedWithTheBound() throws {
        let (sim, _) = try loaded()
        let before = sim.groups[0].objectives
        // The volumes of the file use the default 64 KiB granule.
        #expect(refusal(sim.apply(.setObjectives(group: "db", objectives: RecoveryObjectives(changedBytes: 4_096, rto: 600))))
                == "changed must be at least one granule (64 KiB)")
        #expect(refusal(sim.apply(.setObjectives(group: "db", objectives: RecoveryObjectives(interval: 4_015_020 * 86_400))))
                == "interval must be at most 3650d")
        #expect(refusal(sim.apply(.setObjectives(group: "db", objectives: RecoveryObjectives(interval: 3_600, rto: 0))))
                == "rto must be at least 1s")
        #expect(sim.groups[0].objectives == before)
        #expect(refusal(sim.apply(.setObjectives(group: "db", objectives: RecoveryObjectives(changedBytes: 65_536, rto: 600)))) == nil)
    }

    @Test func aScenarioCannotSetATriggerBelowItsGranule() {
        let text = TestScenarios.validTOML.replacingOccurrences(of: "rpo = { interval = \"1h\" }", with: "rpo = { changed = \"32KiB\" }")
        // The scenario is named "t"; the granule bound needs the volumes, so the array reports it.
        #expect(throws: ScenarioError(file: "t", line: nil, path: "groups[0].rpo.changed", message: "must be at least one granule (64 KiB)")) {
            try ArraySimulator(scenario: ScenarioLoader.parse(text, file: "t.toml"))
        }
    }

    @Test func heatStripShowsWhereTheVolumeChanged() {
        var m = ContentMap(granules: 1_000)
        m.write(start: 0, end: 100, token: 5)
        m.write(start: 950, end: 1_000, token: 6)
        let heat = m.heat(newerThan: 0, buckets: 10)
        #expect(heat == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0.5])
        #expect(m.heat(newerThan: 5, buckets: 10) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5])
    }
}

/// Changing objectives keeps the triggers that did not change, on the quickstart (group oltp, db-01
/// and db-02, every 1h from 2026-11-21T00:00Z).
@Suite struct TriggerScheduleTests {
    let start = SimTime.parse("2026-11-21T00:00:00Z")!

    func quickstart() throws -> (ArraySimulator, EventLog) {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: DemoScenarioTests.demo("quickstart.toml")))
        let log = EventLog(sim)
        // Approve pool expansions at once, so that no backup waits for space after 14:00.
        sim.expansionPolicy = .auto
        sim.start()
        return (sim, log)
    }

    func at(_ hhmm: String) -> SimTime { SimTime.parse("2026-11-21T\(hhmm):00Z")! }

    /// When oltp's interval trigger fired (the work came due), read from db-01's trigger or wait events.
    func intervalFirings(_ log: EventLog) -> [String] {
        log.events.compactMap { e -> String? in
            switch e.kind {
            case .triggerFired("db-01", _, .interval), .backupWaiting("db-01", _, _): String(e.time.iso8601.dropFirst(11).prefix(5))
            default: nil
            }
        }
    }

    func set(_ sim: ArraySimulator, interval: Int64? = 3_600, hour: Int64? = nil, rto: Int64? = 1_200) {
        let o = RecoveryObjectives(interval: interval, hourOfDay: hour, generations: 8, rto: rto)
        #expect(refusal(sim.apply(.setObjectives(group: "oltp", objectives: o))) == nil)
    }

    func hourFirings(_ log: EventLog) -> [String] {
        log.events.compactMap { e -> String? in
            if case .triggerFired("db-01", _, .hour) = e.kind { return String(e.time.iso8601.dropFirst(11).prefix(5)) }
            return nil
        }
    }

    @Test func changingOnlyTheRTOKeepsTheNextBackup() throws {
        let (sim, log) = try quickstart()
        sim.run(until: at("00:37"))
        set(sim, rto: 600)
        // The case: db-01's next backup stays at 01:00 (it moved to 01:37).
        #expect(sim.snapshot().volumes[0].nextTrigger == .at(at("01:00"), .interval))
        sim.run(until: at("02:30"))
        #expect(intervalFirings(log) == ["01:00", "02:00"])
    }

    @Test func aChangedIntervalCountsFromTheLastFiring() throws {
        let (sim, log) = try quickstart()
        sim.run(until: at("02:20"))
        let before = intervalFirings(log).count
        set(sim, interval: 1_800)  // last fired 02:00: next 02:30, not 02:50
        #expect(sim.snapshot().volumes[0].nextTrigger == .at(at("02:30"), .interval))
        sim.run(until: at("02:40"))
        set(sim, interval: 900)  // last fired 02:30: next 02:45
        sim.run(until: at("03:10"))
        set(sim, interval: 7_200)  // last fired 03:00: next 05:00
        #expect(sim.snapshot().volumes[0].nextTrigger == .at(at("05:00"), .interval))
        sim.run(until: at("03:20"))
        set(sim, interval: 600)  // last fired 03:00 (05:00 − 2h); 03:10 has passed: now, 03:20
        #expect(sim.snapshot().volumes[0].nextTrigger == .at(at("03:20"), .interval))
        sim.run(until: at("03:45"))
        #expect(Array(intervalFirings(log).dropFirst(before)) == ["02:30", "02:45", "03:00", "03:20", "03:30", "03:40"])
    }

    @Test func intervalAndHourTriggersKeepEachOthersSchedule() throws {
        let (sim, log) = try quickstart()
        sim.run(until: at("00:37"))
        set(sim, hour: 12 * 3_600)  // the interval is unchanged: 01:00 stays
        #expect(sim.time.next[0].interval == at("01:00") && sim.time.next[0].hour == at("12:00"))
        sim.run(until: at("05:00"))
        set(sim, interval: 7_200, hour: 12 * 3_600)  // fired at 05:00: next 07:00; 12:00 stays
        #expect(sim.time.next[0].interval == at("07:00") && sim.time.next[0].hour == at("12:00"))
        sim.run(until: at("12:30"))
        set(sim, interval: 7_200, hour: 18 * 3_600)  // the interval is unchanged: 13:00 stays
        #expect(sim.time.next[0].interval == at("13:00") && sim.time.next[0].hour == at("18:00"))
        sim.run(until: at("18:30"))
        #expect(hourFirings(log) == ["12:00", "18:00"])
        #expect(intervalFirings(log) == ["01:00", "02:00", "03:00", "04:00", "05:00", "07:00", "09:00", "11:00", "13:00", "15:00", "17:00"])
    }

    @Test func aStateStoredBeforeHourEpochsStillFiresItsHourTrigger() throws {
        let (sim, _) = try quickstart()
        sim.run(until: at("00:37"))
        // Change both: both epochs become 1, as the one shared epoch was before.
        set(sim, interval: 1_800, hour: 12 * 3_600)
        let dropped = try StateRoundTripTests.roundTrip(sim) { data in
            var object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(object.removeValue(forKey: "hourTriggerEpoch") != nil)
            return try JSONSerialization.data(withJSONObject: object)
        }
        let kept = try StateRoundTripTests.roundTrip(sim)
        let droppedLog = EventLog(dropped), keptLog = EventLog(kept)
        dropped.run(until: at("12:30"))
        kept.run(until: at("12:30"))
        #expect(hourFirings(droppedLog) == ["12:00"])
        #expect(droppedLog.jsonl == keptLog.jsonl)
    }
}

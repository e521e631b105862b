import Testing
@testable import VigilArray

/// The one restore estimate (issue 10, fault 3): the planner, restore plans, the RTO exposure that
/// compliance judges, the snapshot that the console and `status` read, destinations and the
/// RTO-derived trigger all give the same seconds for the same chain, the group's switch time
/// counted once in every one of them. MB = 10^6 bytes; the test arrays track 1 MiB granules.
@Suite struct RestoreEstimateTests {
    let mib = TestScenarios.mib
    let gb: Int64 = 1_000_000_000

    func started(_ scenario: Scenario) throws -> (ArraySimulator, EventLog) { try TestScenarios.started(scenario) }

    func settle(_ sim: ArraySimulator) { TestScenarios.settle(sim) }

    func backup(_ sim: ArraySimulator, _ log: EventLog) -> BackupDecision? {
        sim.apply(.backupNow(volume: "vol"))
        settle(sim)
        return log.decisions.last
    }

    /// The planning array (one 200 GiB volume, a slow tier read 20 / write 20 MB/s holding the
    /// full) with a switch time.
    func planning(rto: Int64, switchSeconds: Double, fastTier: Bool = false, slowWrite: Double = 20) -> Scenario {
        var s = TestScenarios.planning(rto: rto, fastTier: fastTier, slowWrite: slowWrite)
        s.groups[0].switchSeconds = switchSeconds
        return s
    }

    /// The newest complete generation's restore plan in place.
    func newestPlan(_ sim: ArraySimulator) throws -> RestorePlan {
        let newest = try #require(sim.generations(of: "vol").last(where: { $0.state == .complete }))
        return try sim.planRestore(volume: "vol", generation: newest.number).get()
    }

    // (a) The case: a chain whose estimate, switch included, is exactly the RTO.
    @Test func aChainAcceptedAtExactlyItsRTOIsPlannedForRestoreAtTheSameSeconds() throws {
        // 78,125 MiB = 81,920,000,000 bytes at min(full write 20, slow read 20) = 20 MB/s:
        // 81.92e9 / 20e6 = 4,096 s of copying, + 44 s switch = 4,140 s = the RTO.
        let (sim, log) = try started(planning(rto: 4_140, switchSeconds: 44))
        sim.write(volume: 0, start: 0, end: 78_125)
        let d = try #require(backup(sim, log))
        #expect(d.method == .incremental)
        #expect(d.candidates[0].estimateSeconds == 4_140)   // the old planner said 4,096
        #expect(d.candidates[0].mbps == 20)                  // the copying rate, the switch left out
        let plan = try newestPlan(sim)
        #expect(plan.estimateSeconds == 4_140)
        #expect(plan.switchSeconds == 44)
        #expect(plan.pieces.map(\.seconds) == [4_096])
        // Compliance judges the same figure: at the bound, not over it.
        #expect(sim.rtoExposure(0) == 4_140)
        #expect(sim.snapshot().volumes[0].restoreEstimate == 4_140)
        #expect(sim.snapshot().volumes[0].compliance[.rto]?.level != .breached)
        #expect(!log.events.contains { if case .objectiveBreached = $0.kind { return true } else { return false } })
    }

    @Test func aChainOneSecondOverItsRTOIsNotAccepted() throws {
        // The same 4,140 s against an RTO of 4,139: the old planner accepted the incremental at
        // 4,096 s and compliance then found the chain 1 s over. Now the incremental (4,140 s) and the
        // differential (the same 78,125 MiB: 4,140 s) are over, and a synthetic full restores in
        // the switch time, 44 s.
        let (sim, log) = try started(planning(rto: 4_139, switchSeconds: 44))
        sim.write(volume: 0, start: 0, end: 78_125)
        let d = try #require(backup(sim, log))
        #expect(d.candidates.map(\.method) == [.incremental, .differential, .full])
        #expect(d.candidates.map(\.estimateSeconds) == [4_140, 4_140, 44])
        #expect(d.method == .full && d.copyFunction == .syntheticFull)
        #expect(try newestPlan(sim).estimateSeconds == 44)
        #expect(sim.rtoExposure(0) == 44)
    }

    // (b) A full restores in the switch time.
    @Test func aFullsEstimateIsTheSwitchTime() throws {
        #expect(RestoreEstimate(pieces: [], fullWriteMBps: 100, switchSeconds: 30).seconds == 30)
        #expect(RestoreEstimate(pieces: [], fullWriteMBps: 0, switchSeconds: 0).seconds == 0)
        // The planner's full candidate, forced: 30 s.
        let d = BackupPlanner().decide(.init(
            rto: 600, incrementalBytes: gb, differentialBytes: gb, chain: [], fullWriteMBps: 100,
            tiers: [TierOffer(destination: .poolTier(0), name: "t", readMBps: 20, writeMBps: 20, largestFree: 10_000 * gb)],
            volumeCapacity: 100 * gb, mirrorReady: true, switchSeconds: 30, forcedFull: "test"))
        #expect(d.candidates.map(\.estimateSeconds) == [30])
        // The array's initial full, restored in place: 44 s, no piece.
        let (sim, _) = try started(planning(rto: 4_140, switchSeconds: 44))
        let plan = try sim.planRestore(volume: "vol", generation: 1).get()
        #expect(plan.pieces.isEmpty && plan.baseCopySeconds == 0)
        #expect(plan.estimateSeconds == 44)
    }

    @Test func aRestoreToAnotherVolumeCopiesTheImageThenSwitches() throws {
        // A second 200 GiB volume on its own RAID group, pinned to read 1,000 / write 50 MB/s.
        var s = planning(rto: 100_000, switchSeconds: 44)
        s.raidGroups.append(.init(name: "rg-other", layout: .parity(data: 4, parity: 1), diskType: .sas,
                                  diskSize: 100_000_000_000))
        s.volumes.append(.init(name: "other", raidGroup: "rg-other", capacity: 200 * 1_024 * mib, group: "g",
                               readMBps: 1_000, writeMBps: 50))
        let (sim, log) = try started(s)
        #expect(sim.performance.volumes[1].writeMBps == 50)
        sim.write(volume: 0, start: 0, end: 10_000)
        #expect(backup(sim, log)?.method == .incremental)
        let plan = try sim.planRestore(volume: "vol", generation: 2, target: "other").get()
        // Image: 200 GiB = 214,748,364,800 bytes read from the slow full (20) onto other (write 50):
        // min 20 → 10,737.41824 s. Piece: 10,000 MiB = 10,485,760,000 bytes read at 20, written onto
        // other at 50: min 20 → 524.288 s. Switch 44 s. Total 11,305.70624 s (the old plan: no switch).
        #expect(plan.baseCopySeconds == 10_737.41824)
        #expect(plan.pieces.map(\.seconds) == [524.288])
        #expect(plan.switchSeconds == 44)
        #expect(abs(plan.estimateSeconds - 11_305.70624) < 1e-6)
    }

    // (c) A differential and an incremental on two tiers with different read speeds.
    @Test func aDifferentialAndAnIncrementalOnTwoTiers() {
        // Full written at 80 MB/s. Differential 12 GB on a tier read at 40: min 40 → 12e9 / 40e6 =
        // 300 s. Incremental 3 GB on a tier read at 200: min 80 → 3e9 / 80e6 = 37.5 s. Switch 30 s.
        // 300 + 37.5 + 30 = 367.5 s.
        let e = RestoreEstimate(pieces: [ChainPiece(bytes: 12 * gb, readMBps: 40), ChainPiece(bytes: 3 * gb, readMBps: 200)],
                                fullWriteMBps: 80, switchSeconds: 30)
        #expect(e.pieceSeconds == [300, 37.5])
        #expect(e.copySeconds == 337.5)
        #expect(e.seconds == 367.5)
        #expect(e.bytes == 15 * gb)
        #expect(e.wholeSeconds == 368)   // rounded up once, for a running restore

        // The planner weighs that incremental on top of the differential with the same figures.
        let fast = TierOffer(destination: .poolTier(1), name: "fast", readMBps: 200, writeMBps: 200, largestFree: 1_000 * gb)
        var input = BackupPlanner.Input(rto: 368, incrementalBytes: 3 * gb, differentialBytes: 15 * gb,
                                        chain: [ChainPiece(bytes: 12 * gb, readMBps: 40)], fullWriteMBps: 80,
                                        tiers: [fast], volumeCapacity: 500 * gb, mirrorReady: true, switchSeconds: 30)
        var d = BackupPlanner().decide(input)
        #expect(d.method == .incremental)
        #expect(d.candidates[0].estimateSeconds == 367.5)
        // 15 GB in 337.5 s of copying = 44.44 MB/s, the switch left out.
        #expect(abs(d.candidates[0].mbps - 15e9 / 337.5 / 1e6) < 1e-9)
        // Half a second less RTO: the incremental is over; the differential of 15 GB on the fast
        // tier is 15e9 / 80e6 = 187.5 + 30 = 217.5 s → differential.
        input.rto = 367
        d = BackupPlanner().decide(input)
        #expect(d.method == .differential)
        #expect(d.candidates.map(\.estimateSeconds) == [367.5, 217.5])
    }

    // (d) Planner, restore plan, compliance and snapshot agree on every chain the array builds.
    @Test(arguments: [UInt64(1), 7, 42, 2_026])
    func theFourFiguresAgreeOnGeneratedChains(seed: UInt64) throws {
        // Fulls on the slow tier written at 100; deltas on slow (read 20) or fast (read 100); each
        // tier one RAID group, so the tier's offer is the speed of the area a backup lands on.
        let (sim, log) = try started(planning(rto: 3_000, switchSeconds: 37.5, fastTier: true, slowWrite: 100))
        var rng = SeededRandom(seed: seed)
        var methods: Set<BackupMethod> = []
        for _ in 0..<8 {
            let start = Int(rng.next() % 150_000)
            let length = 1_000 + Int(rng.next() % 40_000)
            sim.write(volume: 0, start: start, end: min(204_800, start + length))
            let d = try #require(backup(sim, log))
            methods.insert(d.method)
            let accepted = try #require(d.candidates.last)
            let plan = try newestPlan(sim)
            // Bit for bit: the same pieces summed in the same order, plus the same switch.
            #expect(accepted.estimateSeconds == plan.estimateSeconds)
            #expect(sim.rtoExposure(0) == plan.estimateSeconds)
            #expect(sim.snapshot().volumes[0].restoreEstimate == plan.estimateSeconds)
            #expect(plan.switchSeconds == 37.5)
            #expect(plan.estimateSeconds <= 3_000)
        }
        #expect(methods.count >= 2)
    }

    @Test func destinationsAndTheDerivedTriggerCountTheSwitch() throws {
        // No RPO trigger: the size trigger comes from the RTO. RTO 600 s, switch 60 s: the piece may
        // take 540 s at min(full write 20, slow read 20) = 20 MB/s → 10.8 GB, at 90 % → 9.72 GB
        // (the old trigger ignored the switch: 600 × 20e6 × 0.9 = 10.8 GB).
        let (sim, _) = try started(planning(rto: 600, switchSeconds: 60))
        let trigger = try #require(sim.sizeTrigger(0))
        #expect(trigger.kind == .rtoDerived)
        #expect(trigger.bytes == 9_720_000_000)
        // A switch longer than the RTO leaves no time for a piece: the trigger keeps the whole RTO.
        #expect(RestoreEstimate.bytesWithin(seconds: 600, readMBps: 20, writeMBps: 20, switchSeconds: 700) == 12e9)

        // The slow tier as a destination: the 200 GiB image read at 20, written onto vol (1,000):
        // 214,748,364,800 / 20e6 = 10,737.41824 s + 60 s switch.
        let slow = try #require(try sim.destinations(for: "vol").get().first { $0.name == "slow" })
        #expect(abs(slow.restoreSeconds - 10_797.41824) < 1e-6)
    }
}

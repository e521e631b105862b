import Testing
@testable import VigilArray

/// The planner on hand-computed inputs (MB = 10^6 bytes throughout).
@Suite struct PlannerTests {
    let gb: Int64 = 1_000_000_000

    @Test func specificationWorkedNumbers() {
        // 600 GB at 100 MB/s → 6,000 s = 100 min; at 20 MB/s → 30,000 s = 500 min.
        #expect(RestoreEstimate.pieceSeconds(bytes: 600 * gb, readMBps: 100, writeMBps: 400) == 6_000)
        #expect(RestoreEstimate.pieceSeconds(bytes: 600 * gb, readMBps: 400, writeMBps: 100) / 60 == 100)
        #expect(RestoreEstimate.pieceSeconds(bytes: 600 * gb, readMBps: 20, writeMBps: 100) / 60 == 500)
    }

    func slowOnly(free: Int64 = 10_000_000_000_000) -> [TierOffer] {
        [TierOffer(destination: .poolTier(0), name: "slow", readMBps: 20, writeMBps: 100, largestFree: free)]
    }

    @Test func escalatesIncrementalThenDifferentialThenFull() {
        let planner = BackupPlanner()
        // RTO 90 min = 5,400 s; full written at 100 MB/s; pieces read at 20 MB/s.
        // 1. Empty chain, 60 GB changed: 60e9 / 20e6 = 3,000 s ≤ 5,400 → incremental.
        var input = BackupPlanner.Input(rto: 5_400, incrementalBytes: 60 * gb, differentialBytes: 60 * gb, chain: [],
                                        fullWriteMBps: 100, tiers: slowOnly(), volumeCapacity: 1_000 * gb, mirrorReady: true)
        var d = planner.decide(input)
        #expect(d.method == .incremental)
        #expect(d.candidates.count == 1)
        #expect(d.candidates[0].estimateSeconds == 3_000)
        #expect(d.candidates[0].mbps == 20)
        #expect(d.candidates[0].fits)

        // 2. Chain holds that 60 GB; 60 GB more: 3,000 + 3,000 = 6,000 s > 5,400. Differential of the
        //    100 GB changed since the full: 5,000 s ≤ 5,400 → differential.
        input.chain = [ChainPiece(bytes: 60 * gb, readMBps: 20)]
        input.differentialBytes = 100 * gb
        d = planner.decide(input)
        #expect(d.method == .differential)
        #expect(d.candidates.map(\.method) == [.incremental, .differential])
        #expect(d.candidates[0].estimateSeconds == 6_000)
        #expect(d.candidates[0].restoreBytes == 120 * gb)
        #expect(!d.candidates[0].fits)
        #expect(d.candidates[1].estimateSeconds == 5_000)
        #expect(d.reason.contains("incremental@slow 100 min > RTO 1h30m"))

        // 3. The differential has grown to 120 GB: 6,000 s > 5,400; the chain's incremental too → full,
        //    by splitting the standing mirror (0 s).
        input.chain = [ChainPiece(bytes: 100 * gb, readMBps: 20)]
        input.incrementalBytes = 20 * gb
        input.differentialBytes = 120 * gb
        d = planner.decide(input)
        #expect(d.method == .full)
        #expect(d.copyFunction == .mirrorSplit)
        #expect(d.candidates.map(\.method) == [.incremental, .differential, .full])
        #expect(d.candidates[2].estimateSeconds == 0)
        #expect(d.areaBytes == 0)
    }

    @Test func nothingChangedTakesNoGenerationUnlessAFullIsForced() {
        let planner = BackupPlanner()
        // The chain already holds 120 GB at 20 MB/s: 6,000 s > RTO 5,400 s, so with anything
        // changed the planner would split the mirror for a full. Nothing changed since generation 4.
        var input = BackupPlanner.Input(rto: 5_400, incrementalBytes: 0, differentialBytes: 120 * gb,
                                        chain: [ChainPiece(bytes: 120 * gb, readMBps: 20)], fullWriteMBps: 100,
                                        tiers: slowOnly(), volumeCapacity: 1_000 * gb, mirrorReady: true,
                                        newestGeneration: 4)
        var d = planner.decide(input)
        #expect(d.unchangedSince == 4 && !d.takesGeneration)
        #expect(d.candidates.isEmpty && d.areaBytes == 0 && !d.needsSpace && d.destination == nil)
        #expect(d.reason == "nothing changed since generation 4: no generation taken; generation 4 holds this point in time")
        // One byte changed: the full by mirror split, as before.
        input.incrementalBytes = 1
        #expect(planner.decide(input).copyFunction == .mirrorSplit)
        // Nothing changed but a full is forced (restored in place): decided as usual.
        input.incrementalBytes = 0
        input.forcedFull = "restored from generation 2"
        d = planner.decide(input)
        #expect(d.takesGeneration && d.method == .full && d.reason.hasPrefix("full required: restored from generation 2"))
    }

    @Test func fasterTierChangesTheOutcome() {
        let planner = BackupPlanner()
        var tiers = slowOnly()
        let input = BackupPlanner.Input(rto: 5_400, incrementalBytes: 60 * gb, differentialBytes: 200 * gb,
                                        chain: [ChainPiece(bytes: 60 * gb, readMBps: 20)], fullWriteMBps: 100,
                                        tiers: tiers, volumeCapacity: 1_000 * gb, mirrorReady: false)
        // Slow tier only: 6,000 s > 5,400; differential 200 GB = 10,000 s → synthetic full.
        #expect(planner.decide(input).method == .full)
        #expect(planner.decide(input).copyFunction == .syntheticFull)

        // A fast tier (read 100 MB/s): this piece takes 600 s; 3,000 + 600 = 3,600 ≤ 5,400.
        tiers.append(TierOffer(destination: .poolTier(1), name: "fast", readMBps: 100, writeMBps: 100, largestFree: 1_000 * gb))
        var withFast = input
        withFast.tiers = tiers
        let d = planner.decide(withFast)
        #expect(d.method == .incremental)
        #expect(d.destination == .poolTier(1))
        #expect(d.candidates.map { $0.tier ?? "" } == ["slow", "fast"])
        #expect(d.candidates[1].estimateSeconds == 3_600)

        // The fast tier without room for 60 GB: not taken.
        withFast.tiers[1].largestFree = 10 * gb
        let full = planner.decide(withFast)
        #expect(full.candidates[1].room == false)
        #expect(full.method == .full)
    }

    @Test func syntheticFullWaitsWhenNoTierHasRoom() {
        let input = BackupPlanner.Input(rto: 60, incrementalBytes: 60 * gb, differentialBytes: 60 * gb, chain: [],
                                        fullWriteMBps: 100, tiers: slowOnly(free: 500 * gb),
                                        volumeCapacity: 1_000 * gb, mirrorReady: false)
        let d = BackupPlanner().decide(input)
        #expect(d.method == .full)
        #expect(d.needsSpace)
        #expect(d.areaBytes == 1_000 * gb)
    }

    @Test func noRTOAlwaysTakesIncrementals() {
        let input = BackupPlanner.Input(rto: nil, incrementalBytes: 600 * gb, differentialBytes: 900 * gb,
                                        chain: Array(repeating: ChainPiece(bytes: 600 * gb, readMBps: 20), count: 10),
                                        fullWriteMBps: 100, tiers: slowOnly(), volumeCapacity: 1_000 * gb, mirrorReady: true)
        let d = BackupPlanner().decide(input)
        #expect(d.method == .incremental)
        #expect(d.candidates.count == 1)
    }

    @Test func forcedFullSkipsTheDeltas() {
        let input = BackupPlanner.Input(rto: 10_000, incrementalBytes: gb, differentialBytes: gb, chain: [],
                                        fullWriteMBps: 100, tiers: slowOnly(), volumeCapacity: 1_000 * gb,
                                        mirrorReady: true, forcedFull: "restored in place")
        let d = BackupPlanner().decide(input)
        #expect(d.method == .full)
        #expect(d.candidates.map(\.method) == [.full])
        #expect(d.reason.hasPrefix("full required: restored in place"))
    }

    /// A full goes to the fastest tier with room, and between equally fast ones to the lower —
    /// the same rule pool management uses for mirrors and initial copies (`TierOffer.fastestFirst`);
    /// the planner used to take the higher one.
    @Test func aFullPicksTheLowerOfTwoEquallyFastTiers() {
        let gb: Int64 = 1_000_000_000
        let tiers = [TierOffer(destination: .poolTier(1), name: "b", readMBps: 200, writeMBps: 200, largestFree: 500 * gb),
                     TierOffer(destination: .poolTier(0), name: "a", readMBps: 200, writeMBps: 200, largestFree: 500 * gb),
                     TierOffer(destination: .poolTier(2), name: "slow", readMBps: 50, writeMBps: 50, largestFree: 500 * gb)]
        let input = BackupPlanner.Input(rto: 600, incrementalBytes: 10 * gb, differentialBytes: 10 * gb, chain: [],
                                        fullWriteMBps: 100, tiers: tiers, volumeCapacity: 100 * gb, mirrorReady: false,
                                        forcedFull: "restored in place")
        let d = BackupPlanner().decide(input)
        #expect(d.method == .full && d.copyFunction == .syntheticFull)
        #expect(d.destination == .poolTier(0))
        #expect(TierOffer.fastestFirst(tiers).map(\.name) == ["a", "b", "slow"])
    }
}

import Testing
@testable import VigilArray

/// The workload generator's writes, counted in 1 MiB granules at 1 MiB/s so that a second of load at
/// factor 1 marks exactly one granule and every figure below is a product of hours and factors.
@Suite struct WorkloadTests {
    static let mib: Int64 = 1_048_576
    /// 2026-11-21T00:00:00Z, the default scenario start.
    static let midnight = SimTime(1_795_219_200)

    /// A business day: quiet until 06:00 (0), ramping up (1), busy 09:00–17:00 (1.75), evening (1),
    /// night (0.5). Quarters are exact in binary, so no rounding hides in the carry.
    /// Hourly sum = 6×0 + 3×1 + 8×1.75 + 3×1 + 4×0.5 = 0 + 3 + 14 + 3 + 2 = 22 → 22 × 3,600 = 79,200 s.
    static let businessDay: [Double] = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1.75, 1.75, 1.75, 1.75, 1.75, 1.75, 1.75, 1.75,
                                        1, 1, 1, 0.5, 0.5, 0.5, 0.5]

    /// Only 12:00–13:00 writes.
    static let noonOnly: [Double] = (0..<24).map { $0 == 12 ? 1 : 0 }

    func generator(curve: [Double], granules: Int, ioSize: Int64 = 8_192) -> WorkloadGenerator {
        WorkloadGenerator(workload: Workload(volume: 0, bytesPerSecond: Double(Self.mib), ioSize: ioSize,
                                             pattern: .sequential, dailyCurve: curve),
                          granules: granules, seed: 1)
    }

    @Test func theCurveIsIntegratedOverTheIntervalThatEndsAtTheTick() {
        let w = Workload(volume: 0, bytesPerSecond: 1, ioSize: 8_192, pattern: .sequential, dailyCurve: Self.noonOnly)
        let noon = Self.midnight + 12 * 3_600
        // [11:00, 12:00) is all hour 11 (0); [12:00, 13:00) is all hour 12 (1): 3,600 s.
        #expect(w.factorSeconds(over: 3_600, endingAt: noon) == 0)
        #expect(w.factorSeconds(over: 3_600, endingAt: noon + 3_600) == 3_600)
        // [12:55, 13:02): 300 s of hour 12 at 1 + 120 s of hour 13 at 0 = 300.
        #expect(w.factorSeconds(over: 420, endingAt: noon + 3_720) == 300)
        // [11:58, 12:01): 120 s of hour 11 at 0 + 60 s of hour 12 at 1 = 60.
        #expect(w.factorSeconds(over: 180, endingAt: noon + 60) == 60)
        // Two days and an hour ending at 13:00: 2 whole days (2 × 3,600) + [12:00, 13:00) (3,600) = 10,800.
        #expect(w.factorSeconds(over: 2 * 86_400 + 3_600, endingAt: noon + 3_600) == 10_800)
        // Flat (no curve): the seconds themselves.
        let flat = Workload(volume: 0, bytesPerSecond: 1, ioSize: 8_192, pattern: .sequential)
        #expect(flat.factorSeconds(over: 86_400, endingAt: Self.midnight) == 86_400)
        #expect(flat.factorSeconds(over: 0, endingAt: Self.midnight) == 0)
    }

    /// A tick of a day ending at midnight, where the curve is 0: the day's writes still happen.
    /// Old code: 86,400 s × factor at 00:00 (0) = 0 granules, every day.
    @Test func aOneDayTickWritesTheWholeDaysCurve() {
        // 100 GiB = 102,400 granules, more than a day's 79,200, so the sequential stream does not wrap.
        var tracker = ChangeTracker(granules: 102_400, granule: Self.mib, at: Self.midnight)
        var gen = generator(curve: Self.businessDay, granules: 102_400)
        gen.step(seconds: 86_400, at: Self.midnight + 86_400, granule: Self.mib, tracker: &tracker)
        // rate × mean(curve) × 86,400 = 1 MiB/s × (22 / 24) × 86,400 s = 79,200 MiB.
        #expect(tracker.incrementalBytes == 79_200 * Self.mib)
    }

    /// Four 6 h ticks write what the curve says a day holds.
    @Test func sixHourTicksWriteTheDailyCurve() {
        var tracker = ChangeTracker(granules: 102_400, granule: Self.mib, at: Self.midnight)
        var gen = generator(curve: Self.businessDay, granules: 102_400)
        var perTick: [Int] = []
        for end in 1...4 {
            var marked = 0
            gen.step(seconds: 21_600, at: Self.midnight + Int64(end) * 21_600, granule: Self.mib, tracker: &tracker) {
                marked += $1 - $0
            }
            perTick.append(marked)
        }
        // [00, 06): 6 × 0                    = 0      h →      0 granules
        // [06, 12): 3 × 1 + 3 × 1.75          = 8.25 h  → 29,700
        // [12, 18): 5 × 1.75 + 1 × 1          = 9.75 h  → 35,100
        // [18, 24): 2 × 1 + 4 × 0.5           = 4 h     → 14,400
        // Sum 79,200 MiB = 83.05 GB, the curve's 22 × 3,600. The old code read the factor at each
        // tick's end (06:00 1, 12:00 1.75, 18:00 1, 24:00 0): 21,600 × 3.75 = 81,000 MiB = 84.93 GB.
        #expect(perTick == [0, 29_700, 35_100, 14_400])
        #expect(tracker.incrementalBytes == 79_200 * Self.mib)
    }

    /// A sequential stream on a volume of 10 granules with extents of 4 (10 is not a multiple of 4).
    /// The first tick leaves the stream at granule 4; one pass's worth (4 + 4 + 2 granules) from there
    /// must write every granule once: [4, 8), [8, 10) + [0, 2), [2, 4).
    /// Old code: [4, 8), then 8 + 4 > 10 restarted at 0: [0, 4), then [4, 6) — granules 8 and 9 never.
    @Test func aSequentialPassWrapsAndWritesEveryGranuleOnce() {
        var tracker = ChangeTracker(granules: 10, granule: Self.mib, at: Self.midnight)
        // An I/O of 4 MiB makes each tick's 4 (or 2) granules one extent.
        var gen = generator(curve: [], granules: 10, ioSize: 4 * Self.mib)
        gen.step(seconds: 4, at: Self.midnight + 4, granule: Self.mib, tracker: &tracker)
        tracker.openTables(at: Self.midnight + 4, full: false)
        var count = [Int](repeating: 0, count: 10)
        var extents: [[Int]] = []
        var at = Self.midnight + 4
        for seconds: Int64 in [4, 4, 2] {
            at = at + seconds
            gen.step(seconds: seconds, at: at, granule: Self.mib, tracker: &tracker) { s, e in
                extents.append([s, e])
                for g in s..<e { count[g] += 1 }
            }
        }
        #expect(extents == [[4, 8], [8, 10], [0, 2], [2, 4]])
        #expect(count == [Int](repeating: 1, count: 10))
        #expect(tracker.incrementalBytes == 10 * Self.mib)
    }

    /// Five ticks of 4 granules on 10 are exactly two passes: every granule twice.
    /// Old code: [0,4) [4,8) [0,4) [4,8) [0,4) — granules 0–3 three times, 4–7 twice, 8–9 never.
    @Test func sequentialPassesWriteTheVolumeEvenly() {
        var tracker = ChangeTracker(granules: 10, granule: Self.mib, at: Self.midnight)
        var gen = generator(curve: [], granules: 10, ioSize: 4 * Self.mib)
        var count = [Int](repeating: 0, count: 10)
        for tick in 1...5 {
            gen.step(seconds: 4, at: Self.midnight + Int64(4 * tick), granule: Self.mib, tracker: &tracker) { s, e in
                for g in s..<e { count[g] += 1 }
            }
        }
        #expect(count == [Int](repeating: 2, count: 10))
    }

    /// An hourly backup of a volume written only between 12:00 and 13:00 (1 MiB/s sequential):
    /// the 12:00 backup holds none of it, the 13:00 one all 3,600 s × 1 MiB = 3,600 MiB, the 14:00
    /// one none. With a tick of an hour the old code wrote the hour at the 12:00 tick (factor at
    /// 12:00 = 1), before the 12:00 trigger: 12:00 held 3,600 MiB and 13:00 none. With a tick of a
    /// minute two faults cancelled: each hourly trigger ran before the tick that ends at its instant
    /// (the trigger was scheduled an hour earlier, the tick a minute earlier), and each tick read the
    /// factor at its end, one tick late. With the curve integrated but that order kept, 13:00 held
    /// [11:59, 12:59) = 3,540 MiB and 14:00 the last 60 MiB.
    @Test(arguments: [Int64(3_600), 60])
    func aBackupHoldsExactlyTheWritesBeforeItsPointInTime(tick: Int64) throws {
        var scenario = TestScenarios.planning(rto: nil)
        scenario.tick = tick
        scenario.groups[0].objectives.interval = 3_600
        scenario.workloads = [.init(volume: "vol", bytesPerSecond: Double(Self.mib), ioSize: Self.mib,
                                    pattern: .sequential, dailyCurve: Self.noonOnly)]
        let sim = try ArraySimulator(scenario: scenario)
        sim.start()
        let noon = scenario.start + 12 * 3_600
        sim.run(until: noon + 2 * 3_600 + 1_800)
        func held(at t: SimTime) -> Int64 {
            sim.generations(of: "vol").filter { $0.triggeredAt == t }.reduce(0) { $0 + $1.bytes }
        }
        #expect(held(at: noon) == 0)
        #expect(held(at: noon + 3_600) == 3_600 * Self.mib)
        #expect(held(at: noon + 7_200) == 0)
        #expect(sim.verifyAllKeptGenerations().failed == 0)
    }

    /// Same scenario and seed, same writes: two generators step for step alike.
    @Test func theGeneratorIsDeterministic() {
        func run() -> [[Int]] {
            var tracker = ChangeTracker(granules: 1_000, granule: Self.mib, at: Self.midnight)
            var gen = WorkloadGenerator(workload: Workload(volume: 3, bytesPerSecond: 300_000, ioSize: 65_536,
                                                           pattern: .hotspot(fraction: 0.2, share: 0.7),
                                                           dailyCurve: Self.businessDay),
                                        granules: 1_000, seed: 9)
            var out: [[Int]] = []
            for tick in 1...200 {
                gen.step(seconds: 420, at: Self.midnight + Int64(420 * tick), granule: Self.mib, tracker: &tracker) {
                    out.append([$0, $1])
                }
            }
            return out
        }
        #expect(run() == run())
    }
}

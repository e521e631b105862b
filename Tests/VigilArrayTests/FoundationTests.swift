import Foundation
import Testing
@testable import VigilArray

/// Units, the content map and change tables.
@Suite struct FoundationTests {
    @Test(arguments: [("2TiB", Int64(2) << 40), ("500GB", 500_000_000_000), ("1.5 TB", 1_500_000_000_000),
                      ("64KiB", 65_536), ("4096", 4_096), ("600 GB", 600_000_000_000)] as [(String, Int64)])
    func sizesParse(text: String, bytes: Int64) { #expect(ByteSize.parse(text) == bytes) }

    @Test(arguments: ["12QB", "", "GB", "-5GB", "1..5GB", "five"])
    func nonSizesDoNot(text: String) { #expect(ByteSize.parse(text) == nil) }

    @Test func durations() {
        #expect(SimDuration.parse("90m") == 5_400)
        #expect(SimDuration.parse("12h") == 43_200)
        #expect(SimDuration.parse("30d") == 2_592_000)
        #expect(SimDuration.parse("1h30m") == 5_400)
        #expect(SimDuration.parse("90") == nil)
        #expect(SimDuration.parse("h") == nil)
        #expect(SimDuration.format(5_400) == "1h30m")
        #expect(SimDuration.format(90_000) == "1d1h")
    }

    @Test func hugeNumbersAreNotSizesOrDurationsAndDoNotTrap() {
        // 9,223,372,036,854,775,807 s is Int64.max: 153,722,867,280,912,930 w overflows by the factor
        // (604,800 s a week), the second term of "…w1s" by the sum.
        #expect(SimDuration.parse("153722867280912930w") == nil)
        #expect(SimDuration.parse("9223372036854775807s") == Int64.max)
        #expect(SimDuration.parse("9223372036854775807s1s") == nil)
        #expect(SimDuration.parse("99999999999999999999s") == nil)
        #expect(SimDuration.parse("4015020d") == 346_897_728_000)  // 11,000 years parse; the objectives refuse them
        #expect(ByteSize.parse("99999999999999PiB") == nil)
        #expect(ByteSize.parse("1EiB") == 1 << 60)
        #expect(ByteSize.parse("2EB") == 2_000_000_000_000_000_000)
        #expect(ByteSize.parse("8EiB") == nil)  // 9.22e18 does not fit
        #expect(ByteSize.format(1 << 60) == "1 EiB")
    }

    @Test func objectivesHoldSaneBounds() {
        func problem(_ o: RecoveryObjectives, granule: Int64? = nil) -> String? { o.validate(granule: granule).map { "\($0.field) \($0.problem)" } }
        let tenYears: Int64 = 3_650 * 86_400
        #expect(problem(RecoveryObjectives(interval: tenYears, rto: tenYears)) == nil)
        #expect(problem(RecoveryObjectives(interval: tenYears + 1)) == "interval must be at most 3650d")
        #expect(problem(RecoveryObjectives(interval: 4_015_020 * 86_400)) == "interval must be at most 3650d")
        #expect(problem(RecoveryObjectives(rto: 0)) == "rto must be at least 1s")
        #expect(problem(RecoveryObjectives(rto: 1)) == nil)
        #expect(problem(RecoveryObjectives(rto: tenYears + 1)) == "rto must be at most 3650d")
        #expect(problem(RecoveryObjectives(changedBytes: 65_535), granule: 65_536) == "changed must be at least one granule (64 KiB)")
        #expect(problem(RecoveryObjectives(changedBytes: 65_536), granule: 65_536) == nil)
        #expect(problem(RecoveryObjectives(changedBytes: 1 << 60)) == nil)
        #expect(problem(RecoveryObjectives(changedBytes: (1 << 60) + 1)) == "changed must be at most 1 EiB")
    }

    @Test func timesRoundTrip() {
        let t = SimTime.parse("2026-11-21T06:30:15Z")!
        #expect(t.iso8601 == "2026-11-21T06:30:15Z")
        #expect(t.secondOfDay == 6 * 3_600 + 30 * 60 + 15)
        #expect(SimTime.parse("2024-02-29T00:00:00Z")!.iso8601 == "2024-02-29T00:00:00Z")
        #expect(SimTime(0).iso8601 == "1970-01-01T00:00:00Z")
        #expect(SimTime.parse("2026-13-01T00:00:00Z") == nil)
    }

    @Test func raidModel() {
        let fc = DiskFigures.defaults(for: .fc)  // 150 read / 140 write
        #expect(RAIDLayout.parity(data: 4, parity: 1).throughput(disk: fc, degraded: false) == (600, 476))
        #expect(RAIDLayout.raid1.throughput(disk: fc, degraded: false) == (300, 140))
        #expect(RAIDLayout.raid10(disks: 8).throughput(disk: fc, degraded: false) == (1_200, 560))
        #expect(RAIDLayout.parity(data: 4, parity: 1).throughput(disk: fc, degraded: true) == (300, 333.2))
        #expect(RAIDLayout.parse("6D+2P", disks: nil) == .parity(data: 6, parity: 2))
        #expect(RAIDLayout.parse("RAID10", disks: 6) == .raid10(disks: 6))
        #expect(RAIDLayout.parse("RAID10", disks: 5) == nil)
    }

    @Test func overlappingWritesCountOnce() {
        var t = ChangeTracker(granules: 1_000, granule: 65_536, at: SimTime(0))
        t.write(start: 10, end: 20)
        t.write(start: 15, end: 30)
        #expect(t.sinceLastBackup.changedGranules == 20)
        #expect(t.incrementalBytes == 20 * 65_536)
        t.openTables(at: SimTime(1), full: false)
        #expect(t.incrementalBytes == 0)
        #expect(t.differentialBytes == 20 * 65_536)
        t.write(start: 25, end: 40)
        #expect(t.sinceLastBackup.changedGranules == 15)
        #expect(t.sinceLastFull.changedGranules == 30)
        t.openTables(at: SimTime(2), full: true)
        #expect(t.differentialBytes == 0)
    }

    @Test func contentMapAcrossSegmentsAndDigest() {
        let seg = ContentMap.segmentGranules
        var m = ContentMap(granules: 3 * seg)
        m.write(start: seg - 5, end: seg + 5, token: 1)
        m.write(start: seg - 1, end: seg + 1, token: 2)
        #expect(m.allRuns.map { [$0.start, $0.end, Int($0.token)] } ==
                [[seg - 5, seg - 1, 1], [seg - 1, seg, 2], [seg, seg + 1, 2], [seg + 1, seg + 5, 1]])
        #expect(m.digest == m.recomputedDigest())
        // Order-independent: the same final content reached another way has the same digest.
        var n = ContentMap(granules: 3 * seg)
        n.write(start: seg - 1, end: seg + 1, token: 2)
        n.write(start: seg - 5, end: seg - 1, token: 1)
        n.write(start: seg + 1, end: seg + 5, token: 1)
        #expect(n.recomputedDigest() == m.digest)
        // A different token anywhere changes it.
        n.write(start: seg + 4, end: seg + 5, token: 3)
        #expect(n.recomputedDigest() != m.digest)
    }

    @Test func snapshotsAreCopyOnWrite() {
        var m = ContentMap(granules: 1_000)
        m.write(start: 0, end: 100, token: 1)
        let image = m
        m.write(start: 50, end: 60, token: 2)
        #expect(image.allRuns.count == 1)
        #expect(m.allRuns.count == 3)
        var rebuilt = image
        rebuilt.overlay(m.runs(newerThan: 1))
        #expect(rebuilt.recomputedDigest() == m.digest)
    }

    /// Property: `FixedDecimal` writes exactly what the C formatter writes, ties (exact halves,
    /// quarters, eighths) and signs included, and the sizes, estimates and JSON numbers built on it
    /// are the text `String(format:)` gave them.
    @Test func fixedDecimalIsWhatPrintfWrites() {
        var r = SeededRandom(seed: 2_026, stream: 5)
        var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.25, 0.125, 0.0625, 0.0005, 0.0015, 0.05, 0.15, 0.95,
                                99.95, 99.94999, 999.9995, 1e-320, 5e-324, 1e15 - 0.125, -(1e15 - 0.5), 123_456.789_5]
        for _ in 0..<20_000 {
            let whole = Double(r.below(1 << r.below(50)))
            switch r.below(4) {
            case 0: values.append(whole + Double(r.below(16)) / 16)                 // exact binary fractions, ties included
            case 1: values.append(whole + Double(r.below(2_000)) / 2_000)           // decimal-looking, inexact
            case 2: values.append(r.unit() * pow(10, Double(r.below(30)) - 15))     // any magnitude
            default: values.append(Double(bitPattern: r.next()))                    // any bits, infinities and NaN too
            }
            if r.below(3) == 0 { values[values.count - 1].negate() }
        }
        for v in values {
            for d in [0, 1, 3] {
                guard let text = FixedDecimal.format(v, decimals: d) else {
                    #expect(!v.isFinite || abs(v) >= FixedDecimal.limit, "\(v) not written")
                    continue
                }
                #expect(text == String(format: "%.\(d)f", v), "\(v) with \(d) decimals")
            }
        }
        for _ in 0..<20_000 {
            let bytes = Int64(r.below(1 << r.below(62)))
            for b in [bytes, -bytes] {
                #expect(ByteSize.format(b) == Self.printfByteSize(b, binary: true))
                #expect(ByteSize.formatDecimal(b) == Self.printfByteSize(b, binary: false))
            }
            let seconds = r.unit() * pow(10, Double(r.below(8)))
            #expect(SimDuration.formatEstimate(seconds) == Self.printfEstimate(seconds))
        }
        #expect(JSONValue.number(1.25) == "1.25")
        #expect(JSONValue.number(-0.0004) == "-0")
    }

    /// `ByteSize.format` / `formatDecimal` as they were written with `String(format:)`.
    static func printfByteSize(_ bytes: Int64, binary: Bool) -> String {
        if binary {
            let steps: [(String, Int64)] = [("EiB", 1 << 60), ("PiB", 1 << 50), ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
            for (name, factor) in steps where abs(bytes) >= factor {
                let value = Double(bytes) / Double(factor)
                return value >= 100 || value == value.rounded()
                    ? String(format: "%.0f %@", value, name) : String(format: "%.1f %@", value, name)
            }
            return "\(bytes) B"
        }
        let steps: [(String, Double)] = [("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)]
        for (name, factor) in steps where Double(abs(bytes)) >= factor {
            let value = Double(bytes) / factor
            return value >= 100 || value == value.rounded()
                ? String(format: "%.0f %@", value, name) : String(format: "%.1f %@", value, name)
        }
        return "\(bytes) B"
    }

    /// `SimDuration.formatEstimate` as it was written with `String(format:)`.
    static func printfEstimate(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.0fs", seconds) }
        if seconds < 6_000 { return String(format: "%.1f min", seconds / 60) }
        return String(format: "%.0f min", seconds / 60)
    }

    @Test func jsonIsCompactOrderedAndEscaped() {
        let v = JSONValue.object([("b", .int(1)), ("a", .string("x\"y\n")), ("d", .double(0.5)), ("e", .double(6_000))])
        #expect(v.serialized == "{\"b\":1,\"a\":\"x\\\"y\\n\",\"d\":0.5,\"e\":6000}")
    }
}

/// The console's clock control.
@Suite struct SimulationClockTests {
    @Test func speedsStepAndFractionsCarry() {
        var c = SimulationClock(speed: 1)
        #expect(c.simulatedSeconds(forWall: 0.4) == 0)
        #expect(c.simulatedSeconds(forWall: 0.7) == 1)  // 1.1 s owed: one now, 0.1 carried
        c.togglePause()
        #expect(c.simulatedSeconds(forWall: 10) == 0)
        c.togglePause()
        for _ in 0..<100 { c.faster() }
        #expect(c.speed == 100_000)
        #expect(c.simulatedSeconds(forWall: 0.1) == 10_000)
        for _ in 0..<100 { c.slower() }
        #expect(c.speed == 1)
    }

    /// Each step's label names its true rate: 10 s of wall time advance 10 × the labelled rate
    /// (before, ×1k ran 1,800 s/s and ×3k 3,600 s/s).
    @Test func eachStepsLabelIsTheRateItRuns() {
        var c = SimulationClock(speed: 1)
        var steps: [(label: String, advanced: Int64)] = []
        while true {
            steps.append((c.label, c.simulatedSeconds(forWall: 10)))
            let before = c.speed
            c.faster()
            if c.speed == before { break }
        }
        #expect(steps.map(\.label) == ["1", "2", "5", "10", "30", "60", "120", "300", "600", "1.8k", "3.6k", "10k", "30k", "100k"])
        // 10 s × 1, 2, 5, 10, 30, 60, 120, 300, 600, 1,800, 3,600, 10,000, 30,000, 100,000.
        #expect(steps.map(\.advanced) == [10, 20, 50, 100, 300, 600, 1_200, 3_000, 6_000, 18_000, 36_000, 100_000, 300_000, 1_000_000])
    }

    /// `--speed N` runs at N (before, 1,000 fell to the step below it, 600).
    @Test func aSpeedOffTheStepsRunsAtThatSpeed() {
        var c = SimulationClock(speed: 1_000)
        #expect(c.label == "1k")
        #expect(c.simulatedSeconds(forWall: 10) == 10_000)  // 10 s × 1,000
        c.faster()
        #expect(c.speed == 1_800)
        c = SimulationClock(speed: 1_000)
        c.slower()
        #expect(c.speed == 600)
        #expect(SimulationClock(speed: 2_500).label == "2.5k")
        #expect(SimulationClock(speed: 1_250).label == "1250")
        var slow = SimulationClock(speed: 1.5)
        #expect(slow.label == "1.5")
        #expect(slow.simulatedSeconds(forWall: 4) == 6)  // 4 s × 1.5
    }
}

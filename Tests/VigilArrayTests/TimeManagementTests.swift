import Foundation
import Testing
@testable import VigilArray

/// The time management program alone: its queue's order, its clock, and the daily instant rule.
@Suite struct TimeManagementTests {
    @Test func workDueAtTheSameInstantRunsInTheOrderItWasScheduled() {
        var time = TimeManagement(now: SimTime(0), groups: 1)
        time.schedule(SimTime(60), .scripted(index: 2))
        time.schedule(SimTime(30), .scripted(index: 1))
        time.schedule(SimTime(60), .scripted(index: 3))
        time.schedule(SimTime(90), .scripted(index: 4))
        var taken: [Int] = []
        while let w = time.takeDue(until: SimTime(60)) {
            if case .scripted(let i) = w.kind { taken.append(i) }
            // The clock stands at each work's instant while it is handled.
            #expect(time.now == w.time)
        }
        #expect(taken == [1, 2, 3])
        // Work after the limit stays queued and the clock does not pass the last work taken.
        #expect(time.now == SimTime(60))
        #expect(time.storedQueue.count == 1)
        #expect(!time.moreDueNow)
    }

    @Test func theDailyInstantIsTodayUntilItHasPassed() {
        // 2026-11-21T00:00:00Z = 1,795,219,200 s; 02:00 is 7,200 s into the day.
        let midnight = SimTime(1_795_219_200)
        #expect(TimeManagement.nextDaily(hour: 7_200, atOrAfter: midnight) == SimTime(1_795_226_400))
        // Exactly at 02:00 it is that instant; a second later, tomorrow's (+86,400 s).
        #expect(TimeManagement.nextDaily(hour: 7_200, atOrAfter: SimTime(1_795_226_400)) == SimTime(1_795_226_400))
        #expect(TimeManagement.nextDaily(hour: 7_200, atOrAfter: SimTime(1_795_226_401)) == SimTime(1_795_312_800))
    }

    @Test func aStoredScheduleResumesWithTheSameOrder() {
        var a = TimeManagement(now: SimTime(0), groups: 2)
        for i in 0..<5 { a.schedule(SimTime(Int64(10 * (i % 2))), .scripted(index: i)) }
        var b = TimeManagement(now: a.now, queue: a.storedQueue, sequence: a.sequence,
                               intervalEpoch: a.intervalEpoch, hourEpoch: a.hourEpoch, next: a.next)
        b.schedule(SimTime(0), .scripted(index: 9))
        a.schedule(SimTime(0), .scripted(index: 9))
        func order(_ t: inout TimeManagement) -> [Int] {
            var out: [Int] = []
            while let w = t.takeDue(until: SimTime(100)) { if case .scripted(let i) = w.kind { out.append(i) } }
            return out
        }
        let expected = [0, 2, 4, 9, 1, 3]
        #expect(order(&a) == expected)
        #expect(order(&b) == expected)
    }
}

/// The hand-written ISO-8601 and hex formatting give exactly what the C formatter gave.
@Suite struct EventFormattingTests {
    @Test func iso8601MatchesTheFormatterOverTheSupportedYears() {
        var r = SeededRandom(seed: 9, stream: 1)
        // 1970-01-01 to 9999-12-31T23:59:59Z, and both ends.
        let last: Int64 = 253_402_300_799
        var times: [Int64] = [0, last, 1_795_219_200, 951_782_400 /* 2000-02-29 */]
        for _ in 0..<2_000 { times.append(Int64(r.below(Int(last)))) }
        for t in times {
            let time = SimTime(t)
            let c = Calendar(identifier: .gregorian)
            var utc = c
            utc.timeZone = TimeZone(identifier: "UTC")!
            let p = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(t)))
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
            #expect(time.iso8601 == expected)
        }
    }

    @Test func digestsAreSixteenHexDigits() {
        for d: UInt64 in [0, 1, 0xabc, 0x0123_4567_89ab_cdef, .max] {
            #expect(ContentDigest.hex(d) == String(format: "%016llx", d))
        }
    }
}

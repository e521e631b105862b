import Testing
@testable import VigilArray

/// The command line's --for and --until values: never a trap, always a message naming the option.
@Suite struct RunLengthTests {
    func problem(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let p as RunLength.Problem { return p.message } catch { return "\(error)" }
    }

    @Test func durationsAreBounded() throws {
        #expect(try RunLength.duration("12h") == 43_200)
        #expect(try RunLength.duration("36500d") == SimDuration.longestRun)
        #expect(problem { try RunLength.duration("99999999999999999w") } == "--for \"99999999999999999w\" is longer than 36500d, the longest run")
        #expect(problem { try RunLength.duration("36501d") } == "--for \"36501d\" is longer than 36500d, the longest run")
        #expect(problem { try RunLength.duration("0s") } == "--for \"0s\" must be more than 0s")
        #expect(problem { try RunLength.duration("0d0h") } == "--for \"0d0h\" must be more than 0s")
        #expect(problem { try RunLength.duration("soon") } == "--for \"soon\" is not a duration (try 90m, 12h or 30d)")
        #expect(problem { try RunLength.duration("") } == "--for \"\" is not a duration (try 90m, 12h or 30d)")
        #expect(problem { try RunLength.duration("-5m") } == "--for \"-5m\" is not a duration (try 90m, 12h or 30d)")
    }

    @Test func timesAreFourDigitYearsAndRealDays() {
        #expect(SimTime.parse("9223372036854775807-01-01T00:00:00Z") == nil)  // trapped in the day arithmetic
        #expect(SimTime.parse("10000-01-01T00:00:00Z") == nil)
        #expect(SimTime.parse("0000-01-01T00:00:00Z") == nil)
        #expect(SimTime.parse("9999-12-31T23:59:59Z")?.iso8601 == "9999-12-31T23:59:59Z")
        #expect(SimTime.parse("0001-01-01T00:00:00Z") == nil)  // the clock counts from 1970
        #expect(SimTime.parse("1970-01-01T00:00:00Z")?.iso8601 == "1970-01-01T00:00:00Z")
        #expect(SimTime.parse("2026-02-31T00:00:00Z") == nil)
        #expect(SimTime.parse("2026-02-29T00:00:00Z") == nil)
        #expect(SimTime.parse("2028-02-29T00:00:00Z") != nil)
        #expect(SimTime.parse("2100-02-29T00:00:00Z") == nil)
        #expect(SimTime.parse("2000-02-29T00:00:00Z") != nil)
        #expect(SimTime.parse("2026-04-31T00:00:00Z") == nil)
    }

    @Test func untilLiesAfterTheClockAndWithinTheLongestRun() throws {
        let start = SimTime.parse("2026-11-21T00:00:00Z")!
        #expect(try RunLength.end(until: "2026-11-22T00:00:00Z", now: start, clock: "the array's start") == start + 86_400)
        #expect(problem { try RunLength.end(until: "2020-01-01T00:00:00Z", now: start, clock: "the array's start") }
                == "--until 2020-01-01T00:00:00Z is not after the array's start, 2026-11-21T00:00:00Z")
        #expect(problem { try RunLength.end(until: "2026-11-21T00:00:00Z", now: start, clock: "the array's start") }
                == "--until 2026-11-21T00:00:00Z is not after the array's start, 2026-11-21T00:00:00Z")
        // A resumed array already at --until (its run was killed after the last checkpoint) runs nothing.
        #expect(try RunLength.end(until: "2026-11-21T00:00:00Z", now: start, clock: "the stored array's clock", resuming: true) == start)
        #expect(problem { try RunLength.end(until: "2026-11-20T23:59:59Z", now: start, clock: "the stored array's clock", resuming: true) }
                == "--until 2026-11-20T23:59:59Z is not after the stored array's clock, 2026-11-21T00:00:00Z")
        #expect(problem { try RunLength.end(until: "9999-01-01T00:00:00Z", now: start, clock: "the array's start") }
                == "--until 9999-01-01T00:00:00Z is more than 36500d after the array's start, 2026-11-21T00:00:00Z")
        #expect(problem { try RunLength.end(until: "9223372036854775807-01-01T00:00:00Z", now: start, clock: "the array's start") }
                == "--until \"9223372036854775807-01-01T00:00:00Z\" is not a UTC time of the years 1970 to 9999 (try 2026-11-24T00:00:00Z)")
    }
}

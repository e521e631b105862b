import Foundation

/// A point on the simulated clock, in whole seconds since the Unix epoch (UTC).
///
/// Whole seconds keep the simulation exact and deterministic: copy durations are rounded up to the
/// next second, which is far below anything an RPO or RTO is measured in.
public struct SimTime: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var seconds: Int64
    public init(_ seconds: Int64) { self.seconds = seconds }

    public static func < (a: SimTime, b: SimTime) -> Bool { a.seconds < b.seconds }
    public static func + (a: SimTime, d: Int64) -> SimTime { SimTime(a.seconds + d) }
    public static func - (a: SimTime, b: SimTime) -> Int64 { a.seconds - b.seconds }

    /// ISO-8601 UTC, e.g. `2026-11-21T06:00:00Z`; used in the event stream.
    public var iso8601: String {
        let (y, mo, d, h, mi, s) = civil
        // Written digit by digit: every event carries a time, and `String(format:)` was a tenth of
        // a long headless run. Years outside four digits keep the general formatter.
        guard (0...9_999).contains(y) else { return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s) }
        return String(unsafeUninitializedCapacity: 20) { out in
            func put(_ value: Int, _ digits: Int, at i: Int) {
                var v = value
                for k in stride(from: i + digits - 1, through: i, by: -1) {
                    out[k] = UInt8(truncatingIfNeeded: 48 + v % 10)
                    v /= 10
                }
            }
            put(y, 4, at: 0); out[4] = 45; put(mo, 2, at: 5); out[7] = 45; put(d, 2, at: 8); out[10] = 84
            put(h, 2, at: 11); out[13] = 58; put(mi, 2, at: 14); out[16] = 58; put(s, 2, at: 17); out[19] = 90
            return 20
        }
    }

    public var description: String { iso8601 }

    /// Seconds since midnight UTC, for daily `hour` triggers.
    public var secondOfDay: Int64 { ((seconds % 86_400) + 86_400) % 86_400 }

    /// Civil date from days since the epoch (Howard Hinnant's algorithm), so no Foundation calendar
    /// (and no time zone of the machine) can change the output.
    private var civil: (Int, Int, Int, Int, Int, Int) {
        let days = Int(floorDiv(seconds, 86_400))
        let rem = Int(secondOfDay)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, rem / 3_600, (rem % 3_600) / 60, rem % 60)
    }

    private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Days in a month of the proleptic Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The years a typed time may name: four digits from 1970, so the clock's arithmetic never
    /// overflows and every time prints as it was written.
    public static let years: ClosedRange<Int> = 1_970...9_999

    /// The latest time a scenario may start at or run to (the end of year 9999).
    public static let latest = SimTime(253_402_300_799)

    /// Parses `2026-11-21T00:00:00Z` (UTC only; the simulated array keeps UTC).
    public static func parse(_ text: String) -> SimTime? {
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).map(String.init)
        // Four-digit years from 1970 (the clock counts seconds since then; a longer year would
        // overflow or print wrapped) and real calendar days only: 2026-02-31 is not a date.
        guard text.hasSuffix("Z"), parts.count == 6, parts[0].count == 4, parts[0].allSatisfy(\.isASCII),
              let y = Int(parts[0]), let mo = Int(parts[1]),
              let d = Int(parts[2]), let h = Int(parts[3]), let mi = Int(parts[4]), let s = Int(parts[5]),
              years.contains(y), (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d),
              (0...23).contains(h), (0...59).contains(mi), (0...59).contains(s)
        else { return nil }
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = mo > 2 ? mo - 3 : mo + 9
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return SimTime(Int64(days) * 86_400 + Int64(h * 3_600 + mi * 60 + s))
    }
}

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
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s)
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

    /// The years a typed time may name: four digits, so the clock's arithmetic never overflows
    /// and every time prints as it was written.
    public static let years: ClosedRange<Int> = 1...9_999

    /// Parses `2026-11-21T00:00:00Z` (UTC only; the simulated array keeps UTC). Nil for a year
    /// outside `years` or a day the month does not have (`2026-02-31`).
    public static func parse(_ text: String) -> SimTime? {
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) }).map(String.init)
        guard text.hasSuffix("Z"), parts.count == 6, let y = Int(parts[0]), let mo = Int(parts[1]),
              let d = Int(parts[2]), let h = Int(parts[3]), let mi = Int(parts[4]), let s = Int(parts[5]),
              years.contains(y), (1...12).contains(mo), (0...23).contains(h), (0...59).contains(mi),
              (0...59).contains(s)
        else { return nil }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
        guard (1...monthDays).contains(d) else { return nil }
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

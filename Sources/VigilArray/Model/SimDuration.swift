import Foundation

/// Durations as scenario files and the command line write them: `90m`, `12h`, `30d`, `1h30m`,
/// `45s`, `2w`. Values are whole seconds of simulated time.
public enum SimDuration {
    private static let factors: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]

    /// The longest run a command line may ask for (a century of simulated time): far beyond any
    /// use, and far from the end of the clock's range.
    public static let longestRun: Int64 = 36_500 * 86_400

    /// Parses a duration; nil when the text is not one (a bare number is not accepted: say the unit),
    /// and nil when it does not fit in 64-bit seconds: typed input must never trap the process.
    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        var total: Int64 = 0
        var digits = ""
        var sawUnit = false
        for ch in trimmed {
            if ch.isNumber {
                digits.append(ch)
            } else if let factor = factors[ch], let value = Int64(digits) {
                let (part, overflowA) = value.multipliedReportingOverflow(by: factor)
                let (sum, overflowB) = total.addingReportingOverflow(part)
                guard !overflowA, !overflowB else { return nil }
                total = sum
                digits = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        guard digits.isEmpty, sawUnit else { return nil }
        return total
    }

    /// Formats seconds compactly: `45s`, `12m`, `1h30m`, `2d4h`.
    public static func format(_ seconds: Int64) -> String {
        if seconds < 0 { return "-" + format(-seconds) }
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 {
            let m = seconds / 60, s = seconds % 60
            return s == 0 ? "\(m)m" : "\(m)m\(s)s"
        }
        if seconds < 86_400 {
            let h = seconds / 3_600, m = (seconds % 3_600) / 60
            return m == 0 ? "\(h)h" : "\(h)h\(m)m"
        }
        let d = seconds / 86_400, h = (seconds % 86_400) / 3_600
        return h == 0 ? "\(d)d" : "\(d)d\(h)h"
    }

    /// Formats fractional seconds of an estimate as minutes with one decimal where that reads best.
    public static func formatEstimate(_ seconds: Double) -> String {
        // A restore from an array whose lines are all down has no finite estimate.
        if !seconds.isFinite { return "∞" }
        if seconds < 60 { return number(seconds, decimals: 0) + "s" }
        if seconds < 6_000 { return number(seconds / 60, decimals: 1) + " min" }
        return number(seconds / 60, decimals: 0) + " min"
    }

    /// `value` with `decimals` decimals, as `%.0f` / `%.1f` print it (see `FixedDecimal`).
    private static func number(_ value: Double, decimals: Int) -> String {
        FixedDecimal.format(value, decimals: decimals) ?? String(format: "%.\(decimals)f", value)
    }
}

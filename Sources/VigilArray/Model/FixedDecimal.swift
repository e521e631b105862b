/// Fixed-point text of a `Double` (what `%.0f`, `%.1f` or `%.3f` prints), written without the C
/// formatter: sizes, estimates and rates are printed for many events, and `String(format:)` (a
/// Foundation format string, a C variadic call and a bridged string each time) was about a twentieth
/// of a long headless run.
///
/// The digits are exactly the C library's: the double's exact binary value is scaled by 10^decimals
/// in integer arithmetic and rounded to the nearest integer, a tie going to the even one, as glibc's
/// `printf` does in the default rounding mode; a negative value (and −0) keeps its minus sign.
enum FixedDecimal {
    /// The largest magnitude written here; larger values (and infinities, NaN, more than three
    /// decimals) are left to the C formatter by the callers.
    static let limit = 1e15

    /// `String(format: "%.<decimals>f", value)` for a finite value below 10^15 in magnitude and
    /// 0–3 decimals; nil otherwise.
    static func format(_ value: Double, decimals: Int) -> String? {
        guard value.isFinite, abs(value) < limit, (0...3).contains(decimals) else { return nil }
        let scale: UInt64 = decimals == 0 ? 1 : decimals == 1 ? 10 : decimals == 2 ? 100 : 1_000
        let magnitude = value.magnitude
        // magnitude = m · 2^e exactly, with m below 2^53.
        let m: UInt64, e: Int
        if magnitude.exponentBitPattern == 0 {
            m = magnitude.significandBitPattern
            e = -1_074
        } else {
            m = magnitude.significandBitPattern | (1 << 52)
            e = Int(magnitude.exponentBitPattern) - 1_075
        }
        // q = magnitude · scale rounded to nearest, ties to even. m · scale < 2^63 (scale ≤ 1000).
        let n = m * scale
        var q: UInt64
        if e >= 0 {
            // A whole number below 10^15: nothing to round, and q stays below 10^18.
            q = n << UInt64(e)
        } else if e <= -64 {
            // n · 2^e is below 2^63 · 2^-64, less than a half: rounds to 0.
            q = 0
        } else {
            let shift = UInt64(-e)
            q = n >> shift
            let remainder = n & ((1 << shift) - 1)
            let half: UInt64 = 1 << (shift - 1)
            if remainder > half || (remainder == half && q & 1 == 1) { q += 1 }
        }
        var text = value.sign == .minus ? "-" : ""
        text += String(q / scale)
        if decimals > 0 {
            text += "."
            text += String(q % scale).leftPadded(to: decimals)
        }
        return text
    }
}

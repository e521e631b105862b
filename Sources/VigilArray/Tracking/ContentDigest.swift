/// The order-independent digest of a volume's content.
///
/// Each granule `i` holding token `t` contributes `K(t)·i + L(t)` (wrapping 64-bit arithmetic), with
/// `K` and `L` two independent 64-bit mixes of the token; a granule with token 0 contributes 0. The
/// contribution is linear in `i` so that a run of granules with one token sums in O(1) — a write of a
/// whole extent updates the digest in constant time — while a wrong token, a missing piece or a piece
/// applied out of order changes the sum.
public enum ContentDigest {
    static func mix(_ x: UInt64) -> UInt64 {
        // SplitMix64's finaliser.
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// How a digest is written wherever it is shown or stored: 16 lower-case hex digits (what
    /// `%016llx` gives, without the C formatter, which was a measurable share of a long run).
    public static func hex(_ digest: UInt64) -> String {
        String(digest, radix: 16).leftPadded(to: 16)
    }

    /// The contribution of granules `[start, end)` all holding `token`.
    public static func contribution(start: Int, end: Int, token: UInt64) -> UInt64 {
        guard token != 0, end > start else { return 0 }
        let k = mix(token ^ 0x5EED_0000_0000_0001)
        let l = mix(token ^ 0x5EED_0000_0000_0002)
        let n = UInt64(end - start)
        let m = UInt64(start + end - 1)
        // Sum of i over [start, end) = n·m/2; one of n, m is even.
        let indexSum = n % 2 == 0 ? (n / 2) &* m : n &* (m / 2)
        return k &* indexSum &+ l &* n
    }
}

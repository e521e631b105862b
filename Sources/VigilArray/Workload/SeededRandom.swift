/// A small deterministic random generator (SplitMix64). The same seed gives the same sequence on
/// every machine and every run, which the byte-for-byte event-stream guarantee rests on.
public struct SeededRandom: RandomNumberGenerator, Sendable, Codable, Equatable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    /// A generator for one stream (a volume's workload), independent of the others.
    public init(seed: UInt64, stream: UInt64) { state = ContentDigest.mix(seed ^ ContentDigest.mix(stream &+ 0xA11A)) }
    public mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `0..<bound` (bound > 0).
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

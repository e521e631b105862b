/// A run of granules `[start, end)` of one volume whose content was last written by write `token`.
///
/// Token 0 means "as the volume was at the start" and is never stored: memory grows with what
/// changed, not with capacity.
public struct ContentRun: Sendable, Codable, Equatable {
    public var start: Int
    public var end: Int
    public var token: UInt64
    public var length: Int { end - start }

    public init(start: Int, end: Int, token: UInt64) {
        self.start = start
        self.end = end
        self.token = token
    }
}

/// Packs runs into bytes for a store (three little-endian 64-bit words each) and back.
public enum RunCodec {
    public static func pack(_ runs: [ContentRun]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(runs.count * 24)
        for r in runs {
            for word in [UInt64(r.start), UInt64(r.end), r.token] {
                withUnsafeBytes(of: word.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        return out
    }

    /// Nil when the bytes are not a whole number of runs.
    public static func unpack(_ bytes: [UInt8]) -> [ContentRun]? {
        guard bytes.count % 24 == 0 else { return nil }
        var runs: [ContentRun] = []
        runs.reserveCapacity(bytes.count / 24)
        var i = 0
        func word() -> UInt64 {
            var w: UInt64 = 0
            for k in 0..<8 { w |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            i += 8
            return w
        }
        while i < bytes.count {
            let s = word(), e = word(), t = word()
            guard s < UInt64(Int.max), e < UInt64(Int.max) else { return nil }
            runs.append(ContentRun(start: Int(s), end: Int(e), token: t))
        }
        return runs
    }
}

import VigilArray

/// The bytes of one `content_log` row: the host writes of one checkpoint, volume by volume, each
/// volume's in the order they happened. Varints throughout, and each token as the step from the
/// one before (a tracker's tokens count up by one per write), so a write takes 4–8 bytes instead of
/// the 24 of a stored run.
///
/// Layout: repeated `volume, count, count × (start, length, token step)`.
enum ContentLogCodec {
    static func encode(_ journal: [(volume: Int, writes: [ContentRun])]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(journal.reduce(0) { $0 + 8 + $1.writes.count * 8 })
        for (v, writes) in journal where !writes.isEmpty {
            put(UInt64(v), &out)
            put(UInt64(writes.count), &out)
            var token: UInt64 = 0
            for w in writes {
                put(UInt64(w.start), &out)
                put(UInt64(w.end - w.start), &out)
                put(w.token &- token, &out)
                token = w.token
            }
        }
        return out
    }

    /// Nil when the bytes are not a well-formed log row (a checksum passed, so only a writer bug or
    /// an edit gets here); never traps.
    static func decode(_ bytes: [UInt8]) -> [(volume: Int, writes: [ContentRun])]? {
        var i = 0
        var result: [(volume: Int, writes: [ContentRun])] = []
        while i < bytes.count {
            guard let v = get(bytes, &i), let count = get(bytes, &i), let volume = Int(exactly: v), let n = Int(exactly: count),
                  n <= bytes.count else { return nil }
            var writes: [ContentRun] = []
            writes.reserveCapacity(n)
            var token: UInt64 = 0
            for _ in 0..<n {
                guard let s = get(bytes, &i), let length = get(bytes, &i), let step = get(bytes, &i),
                      let start = Int(exactly: s), let len = Int(exactly: length) else { return nil }
                let (end, overflow) = start.addingReportingOverflow(len)
                guard !overflow, len > 0 else { return nil }
                token = token &+ step
                writes.append(ContentRun(start: start, end: end, token: token))
            }
            result.append((volume, writes))
        }
        return result
    }

    private static func put(_ value: UInt64, _ out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func get(_ bytes: [UInt8], _ i: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            guard shift < 64 else { return nil }
            let part = UInt64(b & 0x7F)
            if shift == 63, part > 1 { return nil }
            value |= part << shift
            if b & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}

extension ContentMap {
    /// The segments a write over granules `[start, end)` touches.
    static func segments(start: Int, end: Int) -> Range<Int> {
        let s = max(0, start), e = max(s, end)
        guard e > s else { return s / segmentGranules ..< s / segmentGranules }
        return s / segmentGranules ..< (e - 1) / segmentGranules + 1
    }
}

extension RunCodec {
    /// What one run takes in a stored segment (three 64-bit words).
    static let bytesPerRun = 24
}

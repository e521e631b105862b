/// What a volume (or a backup's image of it) holds: which write last touched each granule.
///
/// Stored as disjoint runs in fixed segments of `segmentGranules` granules, so a write touches one or
/// two short sorted arrays however large the volume, and memory grows with the runs that exist, not
/// with capacity. It is a value type: copying a map (a full backup's point-in-time image) shares every
/// segment until one side writes it, and then only that segment is copied — copy-on-write, as the
/// array's snapshot function does.
public struct ContentMap: Sendable {
    struct Segment: Sendable {
        var runs: [ContentRun] = []
        var maxToken: UInt64 = 0
    }

    public static let segmentGranules = 65_536
    public let granules: Int
    var segments: [Segment]
    /// Incrementally maintained digest of the content (see `ContentDigest`).
    public private(set) var digest: UInt64 = 0
    /// Segments written since a store last took them (`takeDirtySegments`), each listed once, and
    /// a flag per segment saying it is listed: a hashed insert into a set at every write was 3 % of
    /// a headless run, and a flag inside `Segment` made every check copy the segment.
    var dirtySegments: [Int] = []
    var segmentListed: [Bool]

    public init(granules: Int) {
        self.granules = granules
        segments = Array(repeating: Segment(), count: max(1, (granules + Self.segmentGranules - 1) / Self.segmentGranules))
        segmentListed = Array(repeating: false, count: segments.count)
    }

    /// Rebuilds a map from stored segments (index → runs); digest and bookkeeping are recomputed
    /// from the runs. Throws when a segment's runs are out of order, overlap, or leave the segment.
    public init(granules: Int, segments stored: [Int: [ContentRun]]) throws {
        self.init(granules: granules)
        for (i, runs) in stored {
            guard segments.indices.contains(i) else { throw ContentMapError("segment \(i) is outside a \(granules)-granule volume") }
            let lo = i * Self.segmentGranules, hi = min(granules, (i + 1) * Self.segmentGranules)
            var last = lo
            for r in runs {
                guard r.start >= last, r.end > r.start, r.end <= hi, r.token > 0 else {
                    throw ContentMapError("segment \(i) holds an invalid run \(r.start)..<\(r.end) (token \(r.token))")
                }
                last = r.end
            }
            segments[i].runs = runs
            segments[i].maxToken = runs.map(\.token).max() ?? 0
        }
        digest = recomputedDigest()
    }

    /// The number of segments and the runs of one of them (for stores).
    public var segmentCount: Int { segments.count }
    public func segmentRuns(_ i: Int) -> [ContentRun] { segments[i].runs }
    /// Segments that hold any run.
    public var nonEmptySegments: [Int] { segments.indices.filter { !segments[$0].runs.isEmpty } }

    /// The segments written since the last call, in order; a store writes just these.
    public mutating func takeDirtySegments() -> [Int] {
        let taken = dirtySegments.sorted()
        for i in taken { segmentListed[i] = false }
        dirtySegments.removeAll(keepingCapacity: true)
        return taken
    }

    /// Writes `[start, end)` with `token`, calling `visit(start, end, oldToken)` for every piece it
    /// replaces, gaps (token 0) included, so that change tables can count what became changed.
    public mutating func write(start: Int, end: Int, token: UInt64,
                               visit: (Int, Int, UInt64) -> Void = { _, _, _ in }) {
        let s = max(0, start), e = min(granules, end)
        guard e > s else { return }
        var pos = s
        while pos < e {
            let seg = pos / Self.segmentGranules
            let segEnd = min(e, (seg + 1) * Self.segmentGranules)
            writeInSegment(seg, start: pos, end: segEnd, token: token, visit: visit)
            pos = segEnd
        }
    }

    private mutating func writeInSegment(_ seg: Int, start s: Int, end e: Int, token: UInt64,
                                         visit: (Int, Int, UInt64) -> Void) {
        let change = Self.write(&segments[seg], start: s, end: e, token: token, visit: visit)
        if !segmentListed[seg] {
            segmentListed[seg] = true
            dirtySegments.append(seg)
        }
        digest = digest &+ change
    }

    /// Writes `[s, e)` (inside the segment) with `token` into the segment's runs in place and
    /// returns what the digest gains. The runs are scanned through a buffer pointer and the
    /// replaced ones overwritten, with the tail moved once when their number changes: no
    /// temporary array and no generic range replacement per write (the write path is most of a
    /// headless run's work).
    private static func write(_ segment: inout Segment, start s: Int, end e: Int, token: UInt64,
                              visit: (Int, Int, UInt64) -> Void) -> UInt64 {
        // What replaces runs[first..<j]: the part of a run left of s, the new run, the part of a
        // run right of e.
        var first = 0, j = 0
        var left: ContentRun?
        var right: ContentRun?
        var delta: UInt64 = 0
        segment.runs.withUnsafeBufferPointer { runs in
            // First run whose end lies past s (runs are disjoint and sorted, so ends are sorted too).
            var lo = 0, hi = runs.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if runs[mid].end <= s { lo = mid + 1 } else { hi = mid }
            }
            first = lo
            j = first
            var pos = s
            while j < runs.count, runs[j].start < e {
                let r = runs[j]
                if r.start > pos { visit(pos, r.start, 0) }
                let a = max(r.start, s), b = min(r.end, e)
                visit(a, b, r.token)
                delta = delta &- ContentDigest.contribution(start: a, end: b, token: r.token)
                if r.start < s { left = ContentRun(start: r.start, end: s, token: r.token) }
                if r.end > e { right = ContentRun(start: e, end: r.end, token: r.token) }
                pos = b
                j += 1
            }
            if pos < e { visit(pos, e, 0) }
        }
        let written = ContentRun(start: s, end: e, token: token)
        let count = segment.runs.count
        let added = (left == nil ? 0 : 1) + 1 + (right == nil ? 0 : 1)
        let grow = added - (j - first)
        // Room first (placeholders the move below overwrites), so the buffer is edited in place.
        for _ in 0..<max(0, grow) { segment.runs.append(written) }
        segment.runs.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            if grow != 0, j < count {
                // ContentRun is plain data: the tail moves as bytes (the ranges may overlap).
                UnsafeMutableRawPointer(base + j + grow)
                    .copyMemory(from: base + j, byteCount: (count - j) * MemoryLayout<ContentRun>.stride)
            }
            var n = first
            if let left { base[n] = left; n += 1 }
            base[n] = written
            n += 1
            if let right { base[n] = right }
        }
        if grow < 0 { segment.runs.removeLast(-grow) }
        if token > segment.maxToken { segment.maxToken = token }
        return delta &+ ContentDigest.contribution(start: s, end: e, token: token)
    }

    /// The runs written after `token` (what changed since a change table was opened at `token`).
    public func runs(newerThan token: UInt64) -> [ContentRun] {
        // Counted first, so the result is allocated once at its size (a delta holds thousands
        // of runs; growing it by doubling copied them several times).
        var count = 0
        for i in segments.indices where segments[i].maxToken > token {
            segments[i].runs.withUnsafeBufferPointer { runs in
                for run in runs where run.token > token { count += 1 }
            }
        }
        var out: [ContentRun] = []
        out.reserveCapacity(count)
        for i in segments.indices where segments[i].maxToken > token {
            segments[i].runs.withUnsafeBufferPointer { runs in
                for run in runs where run.token > token { out.append(run) }
            }
        }
        return out
    }

    /// Every stored run, in order.
    public var allRuns: [ContentRun] { runs(newerThan: 0) }

    /// Lays runs captured elsewhere over this map, keeping their tokens (a restore applying a piece,
    /// a merge rebuilding a generation). The result is exactly that of writing the runs one at a
    /// time, in order.
    ///
    /// A piece's runs come sorted and disjoint (`runs(newerThan:)`), so each segment they touch
    /// many times is rebuilt in one linear merge of its runs with theirs; replaying them through
    /// `write` edited the segment's array once per run (a quarter of a 30-day reference run went
    /// there). A segment that takes only a few is written run by run, in place when its runs are
    /// not shared. Runs out of order or overlapping, which no piece holds, are replayed one at a
    /// time.
    public mutating func overlay(_ runs: [ContentRun]) {
        guard Self.isSortedAndDisjoint(runs, granules: granules) else {
            for run in runs { write(start: run.start, end: run.end, token: run.token) }
            return
        }
        var i = 0
        // The start of the segment the current run continues in, when it crosses a boundary.
        var floor = 0
        while i < runs.count {
            let s = max(0, runs[i].start, floor), e = min(granules, runs[i].end)
            guard e > s else {
                i += 1
                floor = 0
                continue
            }
            let seg = s / Self.segmentGranules
            let lo = seg * Self.segmentGranules, hi = min(granules, lo + Self.segmentGranules)
            // The runs that start inside this segment (an empty one stops the scan early; the
            // rest then comes in another merge of the same segment, which is the same result).
            var j = i + 1
            while j < runs.count, runs[j].start < hi { j += 1 }
            if j - i <= Self.overlayWritesUpTo {
                // A few runs: written one at a time, in place where the segment's runs are not
                // shared (a merge taking over the base's image owns most), where a merge would
                // build a new array for them.
                for run in runs[i..<j] {
                    let ps = max(lo, run.start), pe = min(hi, run.end)
                    if pe > ps { writeInSegment(seg, start: ps, end: pe, token: run.token) { _, _, _ in } }
                }
            } else {
                mergeInSegment(seg, runs[i..<j], lo: lo, hi: hi)
            }
            if runs[j - 1].end > hi {
                i = j - 1
                floor = hi
            } else {
                i = j
                floor = 0
            }
        }
    }

    /// Up to this many runs in one segment, `overlay` writes them one at a time; more are merged.
    static let overlayWritesUpTo = 4

    /// Whether `runs`, clipped to the volume as `write` clips them and leaving out the empty ones,
    /// are in order and do not overlap: then laying them one at a time or all at once is the same.
    static func isSortedAndDisjoint(_ runs: [ContentRun], granules: Int) -> Bool {
        var last = 0
        for r in runs {
            let s = max(0, r.start), e = min(granules, r.end)
            guard e > s else { continue }
            if s < last { return false }
            last = e
        }
        return true
    }

    /// Lays sorted, disjoint runs, clipped to segment `seg` (`lo..<hi`), over its runs in one pass:
    /// what each covers is cut out of the runs under it (keeping their parts left and right of it)
    /// and it takes their place, as `writeInSegment` does for one. Runs that lie before and after
    /// the pieces are copied in blocks.
    private mutating func mergeInSegment(_ seg: Int, _ pieces: ArraySlice<ContentRun>, lo: Int, hi: Int) {
        let old = segments[seg].runs
        var delta: UInt64 = 0
        var maxToken = segments[seg].maxToken
        var laid = false
        // Each piece adds itself and at most one part split off a run under it; every old run is
        // kept at most once more (its part right of the last piece over it).
        let capacity = old.count + 2 * pieces.count
        let merged = [ContentRun](unsafeUninitializedCapacity: capacity) { out, count in
            old.withUnsafeBufferPointer { ob in
                var n = 0
                // old[k] is the next run to keep, from kStart on (pieces laid so far cut its left part).
                var k = 0
                var kStart = ob.first?.start ?? 0
                func copyOld(_ range: Range<Int>) {
                    guard !range.isEmpty, let src = ob.baseAddress, let dst = out.baseAddress else { return }
                    (dst + n).initialize(from: src + range.lowerBound, count: range.count)
                    n += range.count
                }
                for piece in pieces {
                    let ps = max(lo, piece.start), pe = min(hi, piece.end)
                    guard pe > ps else { continue }
                    laid = true
                    if k < ob.count, ob[k].end <= ps {
                        // The current run ends before the piece: keep it, and every run after it
                        // that also ends before the piece (found by binary search) in one block.
                        out.initializeElement(at: n, to: ContentRun(start: kStart, end: ob[k].end, token: ob[k].token))
                        n += 1
                        var a = k + 1, b = ob.count
                        while a < b {
                            let mid = (a + b) / 2
                            if ob[mid].end <= ps { a = mid + 1 } else { b = mid }
                        }
                        copyOld(k + 1 ..< a)
                        k = a
                        if k < ob.count { kStart = ob[k].start }
                    }
                    while k < ob.count, kStart < pe {
                        let r = ob[k]
                        if kStart < ps {
                            out.initializeElement(at: n, to: ContentRun(start: kStart, end: ps, token: r.token))
                            n += 1
                        }
                        delta = delta &- ContentDigest.contribution(start: max(kStart, ps), end: min(r.end, pe), token: r.token)
                        if r.end > pe {
                            kStart = pe
                            break
                        }
                        k += 1
                        if k < ob.count { kStart = ob[k].start }
                    }
                    out.initializeElement(at: n, to: ContentRun(start: ps, end: pe, token: piece.token))
                    n += 1
                    delta = delta &+ ContentDigest.contribution(start: ps, end: pe, token: piece.token)
                    if piece.token > maxToken { maxToken = piece.token }
                }
                if k < ob.count {
                    out.initializeElement(at: n, to: ContentRun(start: kStart, end: ob[k].end, token: ob[k].token))
                    n += 1
                    copyOld(k + 1 ..< ob.count)
                }
                count = n
            }
        }
        // Nothing inside the segment (every piece empty once clipped): as `write`, leave it be.
        guard laid else { return }
        segments[seg].runs = merged
        segments[seg].maxToken = maxToken
        if !segmentListed[seg] {
            segmentListed[seg] = true
            dirtySegments.append(seg)
        }
        digest = digest &+ delta
    }

    /// Recomputes the digest from the stored runs alone, ignoring the incremental one; a restore
    /// checks what it rebuilt with this.
    public func recomputedDigest() -> UInt64 {
        var sum: UInt64 = 0
        for segment in segments {
            for run in segment.runs { sum = sum &+ ContentDigest.contribution(start: run.start, end: run.end, token: run.token) }
        }
        return sum
    }

    /// Fraction of granules in each of `buckets` equal slices whose token is newer than `token`
    /// (a heat strip of the change map).
    public func heat(newerThan token: UInt64, buckets: Int) -> [Double] {
        guard buckets > 0 else { return [] }
        var counts = [Int](repeating: 0, count: buckets)
        let per = Double(granules) / Double(buckets)
        for segment in segments where segment.maxToken > token {
            for run in segment.runs where run.token > token {
                var pos = run.start
                while pos < run.end {
                    let b = min(buckets - 1, Int(Double(pos) / per))
                    let bEnd = min(run.end, Int((Double(b + 1) * per).rounded(.up)))
                    counts[b] += max(1, bEnd - pos)
                    pos = max(pos + 1, bEnd)
                }
            }
        }
        return counts.map { min(1, Double($0) / per) }
    }
}

/// A stored content map that cannot be right.
public struct ContentMapError: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}

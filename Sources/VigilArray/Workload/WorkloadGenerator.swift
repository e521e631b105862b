/// Turns a `Workload` into writes on a volume's `ChangeTracker`, step by step, deterministically.
///
/// Simulating every host I/O of 64 busy 1 TiB volumes over 30 days would take billions of steps, so
/// each simulation tick coalesces the tick's I/Os into at most `maxExtentsPerTick` extents. What is
/// kept exact is what the backup engine reads: the number of granules the tick's I/Os mark (an I/O
/// smaller than a granule still marks a whole granule — the bitmap's write amplification), where they
/// fall (the pattern), and that overlapping writes are counted once.
public struct WorkloadGenerator: Sendable, Codable, Equatable {
    public static let maxExtentsPerTick = 4
    public private(set) var workload: Workload
    private var random: SeededRandom
    private var carry: Double = 0
    private var cursor: Int = 0
    private let hotStart: Int

    public init(workload: Workload, granules: Int, seed: UInt64) {
        self.workload = workload
        random = SeededRandom(seed: seed, stream: UInt64(workload.volume))
        if case .hotspot(let fraction, _) = workload.pattern {
            let hot = max(1, Int(Double(granules) * fraction))
            hotStart = random.below(max(1, granules - hot + 1))
        } else {
            hotStart = 0
        }
    }

    /// Applies the load of `[time − seconds, time)` to the tracker; `written` hears every extent
    /// (a sequential extent that wraps past the end is heard as its two pieces).
    public mutating func step(seconds: Int64, at time: SimTime, granule: Int64, tracker: inout ChangeTracker,
                              written: (Int, Int) -> Void = { _, _ in }) {
        var extents: [(Int, Int)] = []
        writes(seconds: seconds, at: time, granule: granule, granules: tracker.content.granules, into: &extents)
        for (s, e) in extents {
            tracker.write(start: s, end: e)
            written(s, e)
        }
    }

    /// The writes of `[time − seconds, time)` on a volume of `granules` granules, appended to
    /// `written` in the order the hosts make them (a sequential extent that wraps past the end is
    /// two). The array hands them to differential management, which marks the volume's tables and
    /// those of the file groups over them.
    public mutating func writes(seconds: Int64, at time: SimTime, granule: Int64, granules: Int,
                                into written: inout [(Int, Int)]) {
        let bytes = workload.bytesPerSecond * workload.factorSeconds(over: seconds, endingAt: time)
        guard bytes > 0, granules > 0 else { return }
        let ios = bytes / Double(workload.ioSize)
        let granulesPerIO = Double(max(1, (workload.ioSize + granule - 1) / granule))
        var marked: Double
        switch workload.pattern {
        case .sequential: marked = bytes / Double(granule)
        case .uniform, .hotspot: marked = ios * granulesPerIO
        }
        marked += carry
        let whole = Int(marked)
        carry = marked - Double(whole)
        guard whole > 0 else { return }
        let extents = max(1, min(Self.maxExtentsPerTick, Int(ios.rounded(.up)), whole))
        let perExtent = whole / extents
        var remainder = whole - perExtent * extents
        for _ in 0..<extents {
            var length = perExtent + (remainder > 0 ? 1 : 0)
            remainder -= 1
            length = min(length, granules)
            let start: Int
            switch workload.pattern {
            case .uniform:
                start = random.below(granules - length + 1)
            case .hotspot(let fraction, let share):
                let hot = max(1, Int(Double(granules) * fraction))
                if random.unit() < share, length <= hot {
                    start = hotStart + random.below(hot - length + 1)
                } else {
                    start = random.below(granules - length + 1)
                }
            case .sequential:
                // A stream wraps: what does not fit before the end continues at granule 0, so one
                // volume's worth of bytes writes every granule once. (States stored before this could
                // hold a cursor at the very end.)
                if cursor >= granules { cursor = 0 }
                start = cursor
                let beforeEnd = min(length, granules - start)
                cursor = (start + length) % granules
                if beforeEnd < length {
                    written.append((start, granules))
                    written.append((0, length - beforeEnd))
                    continue
                }
            }
            written.append((start, start + length))
        }
    }
}

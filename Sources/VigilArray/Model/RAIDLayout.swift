/// How a RAID group lays data over its disks, and what that does to streaming throughput.
///
/// The model (documented in `docs/performance-model.md`):
/// - `RAID1` (2 disks): reads from both copies (2 × read), writes to both (1 × write).
/// - `RAID10` (2n disks): n mirrored pairs striped: 2n × read, n × write.
/// - `nD+1P` (RAID5): n × read; full-stripe writes at n × write × 0.85 (parity computation).
/// - `nD+2P` (RAID6): n × read; n × write × 0.75 (two parity blocks per stripe).
/// Degraded (one disk failed, rebuilding): mirrors lose one copy's reads; parity layouts rebuild
/// reads from parity (read × 0.5) and write with the rebuild competing (write × 0.7).
public enum RAIDLayout: Sendable, Codable, Equatable, CustomStringConvertible {
    case raid1
    case raid10(disks: Int)
    case parity(data: Int, parity: Int)

    /// Parses `RAID1`, `RAID10` (with the disk count given separately), `4D+1P`, `6D+2P`.
    public static func parse(_ text: String, disks: Int?) -> RAIDLayout? {
        let t = text.uppercased().replacingOccurrences(of: " ", with: "")
        if t == "RAID1" { return .raid1 }
        if t == "RAID10" {
            guard let disks, disks >= 4, disks % 2 == 0 else { return nil }
            return .raid10(disks: disks)
        }
        let parts = t.split(separator: "+")
        guard parts.count == 2, parts[0].hasSuffix("D"), parts[1].hasSuffix("P"),
              let d = Int(parts[0].dropLast()), let p = Int(parts[1].dropLast()),
              d >= 1, d <= 30, p == 1 || p == 2
        else { return nil }
        return .parity(data: d, parity: p)
    }

    public var description: String {
        switch self {
        case .raid1: "RAID1"
        case .raid10(let n): "RAID10(\(n))"
        case .parity(let d, let p): "\(d)D+\(p)P"
        }
    }

    /// Number of physical disks in the group.
    public var diskCount: Int {
        switch self {
        case .raid1: 2
        case .raid10(let n): n
        case .parity(let d, let p): d + p
        }
    }

    /// Disks whose capacity holds data (the rest is redundancy).
    public var dataDisks: Int {
        switch self {
        case .raid1: 1
        case .raid10(let n): n / 2
        case .parity(let d, _): d
        }
    }

    /// Streaming read and write MB/s of the whole group from one disk's figures.
    public func throughput(disk: DiskFigures, degraded: Bool) -> (read: Double, write: Double) {
        var read: Double, write: Double
        switch self {
        case .raid1:
            read = 2 * disk.readMBps
            write = disk.writeMBps
            if degraded { read = disk.readMBps }
        case .raid10(let n):
            read = Double(n) * disk.readMBps
            write = Double(n / 2) * disk.writeMBps
            if degraded { read = Double(n - 1) * disk.readMBps }
        case .parity(let d, let p):
            read = Double(d) * disk.readMBps
            write = Double(d) * disk.writeMBps * (p == 1 ? 0.85 : 0.75)
            if degraded {
                read *= 0.5
                write *= 0.7
            }
        }
        return (read, write)
    }
}

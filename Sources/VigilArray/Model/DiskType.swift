/// The kinds of disk an array is built from, with the per-disk streaming figures the performance
/// model starts from.
///
/// The figures are sustained sequential MB/s (MB = 10^6 bytes) of one drive of that class, the regime
/// a backup copy or a restore runs in. They are defaults: a scenario may override them per type
/// (`[disk_types.FC]`) or per LUN. See `docs/performance-model.md`.
public enum DiskType: String, CaseIterable, Sendable, Codable, Equatable {
    case fc = "FC"
    case sas = "SAS"
    case ata = "ATA"
    case sata = "SATA"
    case ssd = "SSD"
    case nvme = "NVMe"

    /// Default sustained read MB/s of one drive.
    public var defaultReadMBps: Double {
        switch self {
        case .fc: 150
        case .sas: 180
        case .ata: 80
        case .sata: 120
        case .ssd: 500
        case .nvme: 2_500
        }
    }

    /// Default sustained write MB/s of one drive.
    public var defaultWriteMBps: Double {
        switch self {
        case .fc: 140
        case .sas: 170
        case .ata: 60
        case .sata: 100
        case .ssd: 450
        case .nvme: 2_000
        }
    }

    /// Accepts the names operators use, case-insensitively (`fc`, `Fibre`, `nl-sas` is not a type here).
    public static func parse(_ text: String) -> DiskType? {
        let lower = text.lowercased()
        return allCases.first { $0.rawValue.lowercased() == lower }
    }
}

/// Per-disk figures in force for one disk type (defaults, or the scenario's override).
public struct DiskFigures: Sendable, Codable, Equatable {
    public var readMBps: Double
    public var writeMBps: Double
    public init(readMBps: Double, writeMBps: Double) {
        self.readMBps = readMBps
        self.writeMBps = writeMBps
    }
    public static func defaults(for type: DiskType) -> DiskFigures {
        DiskFigures(readMBps: type.defaultReadMBps, writeMBps: type.defaultWriteMBps)
    }
}

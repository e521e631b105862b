import Foundation

/// Parsing and formatting of byte counts, as scenario files and reports write them.
///
/// Both decimal (`KB`, `MB`, `GB`, `TB`, `PB`: powers of 1000) and binary (`KiB` … `PiB`: powers of
/// 1024) suffixes are accepted, because operators write both and the specification's own example
/// (600 GB at 100 MB/s) is decimal. Formatting always says which it used.
public enum ByteSize {
    private static let units: [(String, Int64)] = [
        ("EiB", 1 << 60), ("PiB", 1 << 50), ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
        ("EB", 1_000_000_000_000_000_000), ("PB", 1_000_000_000_000_000), ("TB", 1_000_000_000_000), ("GB", 1_000_000_000),
        ("MB", 1_000_000), ("KB", 1_000), ("kB", 1_000), ("B", 1),
    ]

    /// Parses `"2TiB"`, `"500GB"`, `"1.5 TB"`, `"65536"` (bytes). Returns nil for anything else, and
    /// for sizes too large for 64-bit bytes (so typed input never traps).
    public static func parse(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            return scaled(number, factor)
        }
        return scaled(trimmed, 1)
    }

    private static func scaled(_ number: String, _ factor: Int64) -> Int64? {
        guard !number.isEmpty, number.allSatisfy({ $0.isNumber || $0 == "." }),
              let value = Double(number), value >= 0
        else { return nil }
        let bytes = (value * Double(factor)).rounded()
        guard bytes < 9.0e18 else { return nil }
        return Int64(bytes)
    }

    /// Formats with binary units (`1.5 GiB`), the way the console and reports show capacities.
    public static func format(_ bytes: Int64) -> String {
        let magnitude = abs(bytes)
        let steps: [(String, Int64)] = [("EiB", 1 << 60), ("PiB", 1 << 50), ("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        for (name, factor) in steps where magnitude >= factor {
            let value = Double(bytes) / Double(factor)
            return number(value, decimals: value >= 100 || value == value.rounded() ? 0 : 1) + " " + name
        }
        return "\(bytes) B"
    }

    /// `value` with `decimals` decimals, as `%.0f` / `%.1f` print it (see `FixedDecimal`).
    private static func number(_ value: Double, decimals: Int) -> String {
        FixedDecimal.format(value, decimals: decimals) ?? String(format: "%.\(decimals)f", value)
    }

    /// Formats with decimal units (`600 GB`), used beside MB/s figures so the arithmetic is visible.
    public static func formatDecimal(_ bytes: Int64) -> String {
        let steps: [(String, Double)] = [("PB", 1e15), ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)]
        for (name, factor) in steps where Double(abs(bytes)) >= factor {
            let value = Double(bytes) / factor
            return number(value, decimals: value >= 100 || value == value.rounded() ? 0 : 1) + " " + name
        }
        return "\(bytes) B"
    }
}

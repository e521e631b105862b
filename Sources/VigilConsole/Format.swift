import Foundation
import VigilArray

/// Pure formatting for the console: sizes, durations, gauges, sparklines, column fitting.
public enum Format {
    /// Binary units, at most 7 characters: `1.5 GiB`, `931 GiB`, `2 TiB`.
    public static func bytes(_ b: Int64) -> String { ByteSize.format(b) }

    /// "10.8/14 GiB" when both sizes read in the same unit, else "512 MiB/14 GiB" (a whole
    /// number loses its ".0": the column is narrow).
    public static func bytePair(_ a: Int64, _ b: Int64) -> String {
        let x = bytes(a).replacingOccurrences(of: ".0 ", with: " "), y = bytes(b).replacingOccurrences(of: ".0 ", with: " ")
        if let space = x.lastIndex(of: " "), let space2 = y.lastIndex(of: " "), x[space...] == y[space2...] {
            return "\(x[..<space])/\(y)"
        }
        return "\(x)/\(y)"
    }

    public static func percent(_ part: Int64, of whole: Int64) -> String {
        guard whole > 0 else { return "0%" }
        let p = Double(part) * 100 / Double(whole)
        return p > 0 && p < 1 ? "<1%" : String(format: "%.0f%%", p)
    }

    /// An estimate in minutes or seconds: `45s`, `12.3m`, `112m`.
    public static func estimate(_ seconds: Double) -> String {
        if !seconds.isFinite { return "∞" }
        if seconds < 60 { return String(format: "%.0fs", seconds) }
        let m = seconds / 60
        return m < 100 ? String(format: "%.1fm", m) : String(format: "%.0fm", m)
    }

    /// `HH:MM` of a simulated time, with the day offset when it is not `reference`'s day.
    public static func clock(_ t: SimTime, reference: SimTime) -> String {
        let iso = t.iso8601
        let hm = String(iso.dropFirst(11).prefix(5))
        let days = (t.seconds - t.secondOfDay - (reference.seconds - reference.secondOfDay)) / 86_400
        return days == 0 ? hm : "\(hm)\(days > 0 ? "+" : "")\(days)d"
    }

    /// A gauge of `width` cells: used part full, the rest empty.
    public static func gauge(used: Int64, total: Int64, width: Int, glyphs: Glyphs) -> (used: String, free: String) {
        guard width > 0 else { return ("", "") }
        let filled = total > 0 ? Int((Double(used) / Double(total) * Double(width)).rounded()) : 0
        let n = min(width, max(0, filled))
        return (String(repeating: glyphs.gaugeFull, count: n), String(repeating: glyphs.gaugeEmpty, count: width - n))
    }

    /// A sparkline of the last `width` values, scaled to the largest.
    public static func sparkline(_ values: [Int64], width: Int, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let tail = Array(values.suffix(width))
        let top = max(1, tail.max() ?? 1)
        let levels = glyphs.spark.count
        return String(tail.map { v in glyphs.spark[min(levels - 1, Int(Double(v) / Double(top) * Double(levels - 1) + 0.5))] })
    }

    /// Pads or cuts `text` to exactly `width` columns (an ellipsis marks a cut).
    public static func fit(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        if text.count > width { return width == 1 ? "…" : String(text.prefix(width - 1)) + "…" }
        let pad = String(repeating: " ", count: width - text.count)
        return alignRight ? pad + text : text + pad
    }

    /// A table column: a title, the width it wants, the least it can live with, and how important
    /// it is (lower is dropped first when the screen is narrow).
    public struct Column: Sendable, Equatable {
        public var title: String
        public var width: Int
        public var minWidth: Int
        public var priority: Int
        public var alignRight: Bool
        public init(_ title: String, width: Int, minWidth: Int? = nil, priority: Int, alignRight: Bool = false) {
            self.title = title
            self.width = width
            self.minWidth = minWidth ?? width
            self.priority = priority
            self.alignRight = alignRight
        }
    }

    /// Chooses which columns show in `available` cells (one space between columns) and how wide:
    /// drop the least important until the rest fit at their minimum, then share the room left up
    /// to each one's preferred width, most important first. Returns (column index, width) pairs.
    public static func fitColumns(_ columns: [Column], available: Int) -> [(index: Int, width: Int)] {
        var shown = Array(columns.indices)
        func need(_ idx: [Int], _ w: (Column) -> Int) -> Int { idx.reduce(0) { $0 + w(columns[$1]) } + max(0, idx.count - 1) }
        while !shown.isEmpty, need(shown, \.minWidth) > available {
            let drop = shown.min { (columns[$0].priority, -$0) < (columns[$1].priority, -$1) }!
            shown.removeAll { $0 == drop }
        }
        var widths = shown.map { columns[$0].minWidth }
        var spare = available - need(shown, \.minWidth)
        // The most important columns grow to their preferred width first.
        let byPriority = shown.indices.sorted { (-columns[shown[$0]].priority, $0) < (-columns[shown[$1]].priority, $1) }
        for k in byPriority where spare > 0 {
            let grow = min(spare, columns[shown[k]].width - widths[k])
            widths[k] += grow
            spare -= grow
        }
        return zip(shown, widths).map { ($0, $1) }
    }
}

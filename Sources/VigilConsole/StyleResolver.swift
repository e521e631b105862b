/// Turns a cell's role into what the terminal is told: palette numbers and attributes.
///
/// When a role's colours are both the terminal default — a monochrome terminal, `NO_COLOR`, or the
/// `mono` theme — the style's attribute hints (reverse for selections, bold for warnings) carry the
/// meaning instead, so nothing depends on colour alone.
public struct StyleResolver: Sendable {
    public struct Resolved: Equatable, Hashable, Sendable {
        public var fg: Int
        public var bg: Int
        public var bold: Bool
        public var reverse: Bool
        public var underline: Bool
    }
    public let theme: Theme
    public let depth: ColorDepth

    public init(theme: Theme, depth: ColorDepth) {
        self.theme = theme
        self.depth = depth
    }

    public func resolve(_ style: CellStyle) -> Resolved {
        let entry = theme.entry(style.role)
        let fg = entry.fg.number(for: depth), bg = entry.bg.number(for: depth)
        if fg == -1, bg == -1 {
            return Resolved(fg: -1, bg: -1, bold: style.bold || entry.bold, reverse: style.reverse, underline: style.underline)
        }
        return Resolved(fg: fg, bg: bg, bold: entry.bold || style.bold, reverse: false, underline: style.underline)
    }
}

/// A theme: a colour (foreground, background, bold) for every role.
public struct Theme: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, Hashable {
        public var fg: ThemeColor
        public var bg: ThemeColor
        public var bold: Bool
        public init(_ fg: ThemeColor, _ bg: ThemeColor = .terminalDefault, bold: Bool = false) {
            self.fg = fg
            self.bg = bg
            self.bold = bold
        }
    }
    public var name: String
    public var entries: [ColorRole: Entry]

    public func entry(_ role: ColorRole) -> Entry { entries[role] ?? Theme.builtinDefault.entries[role] ?? Entry(.terminalDefault) }

    /// The default theme, built in so that the console runs anywhere; `themes/default.toml` holds the
    /// same values (a test keeps them equal) for users to copy.
    public static let builtinDefault = Theme(name: "default", entries: [
        .text: Entry(.terminalDefault),
        .dim: Entry(.ansi(8)),
        .border: Entry(.ansi(4)),
        .borderFocus: Entry(.ansi(6), bold: true),
        .title: Entry(.ansi(4), bold: true),
        .titleFocus: Entry(.ansi(6), bold: true),
        .header: Entry(.ansi(7), bold: true),
        .selection: Entry(.ansi(0), .ansi(7)),
        .selectionFocus: Entry(.ansi(0), .ansi(6)),
        .fits: Entry(.ansi(2)),
        .close: Entry(.ansi(3)),
        .over: Entry(.ansi(1), bold: true),
        .incremental: Entry(.ansi(2)),
        .differential: Entry(.ansi(3)),
        .full: Entry(.ansi(5)),
        .gaugeUsed: Entry(.ansi(6)),
        .gaugeFree: Entry(.ansi(8)),
        .heatRecent: Entry(.ansi(1)),
        .heatSinceFull: Entry(.ansi(3)),
        .prompt: Entry(.ansi(7), .ansi(4)),
        .promptBorder: Entry(.ansi(11), .ansi(4), bold: true),
        .error: Entry(.ansi(1), bold: true),
        .status: Entry(.ansi(0), .ansi(6)),
        .statusKey: Entry(.ansi(0), .ansi(6), bold: true),
        .warning: Entry(.ansi(3), bold: true),
    ])
}

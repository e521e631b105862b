/// What a piece of the screen means; a theme maps each role to a colour.
public enum ColorRole: String, CaseIterable, Sendable {
    case text, dim, border, borderFocus = "border_focus", title, titleFocus = "title_focus"
    case header, selection, selectionFocus = "selection_focus"
    case fits, close, over
    case incremental, differential, full
    case gaugeUsed = "gauge_used", gaugeFree = "gauge_free"
    case heatRecent = "heat_recent", heatSinceFull = "heat_since_full"
    case prompt, promptBorder = "prompt_border", error, status, statusKey = "status_key", warning
}

/// How a cell is drawn: its colour role and, for terminals without colour, attributes that carry
/// the same meaning.
public struct CellStyle: Equatable, Sendable, Hashable {
    public var role: ColorRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: ColorRole = .text, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }
}

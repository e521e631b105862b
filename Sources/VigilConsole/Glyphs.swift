/// The characters the console draws with: Unicode box drawing and blocks under a UTF-8 codeset,
/// plain ASCII otherwise (as htop does).
public struct Glyphs: Sendable, Equatable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: Character
    public var gaugeFull, gaugeEmpty: Character
    /// Increasing density, empty first.
    public var heat: [Character]
    /// Sparkline levels, lowest first.
    public var spark: [Character]
    public var fits, over, arrow, pause, play: String
    /// An objective at risk (between fits and over), and the separator of the title line.
    public var atRisk = "!", separator = "·"

    public static let unicode = Glyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
                                       bottomRight: "┘", gaugeFull: "█", gaugeEmpty: "░", heat: [" ", "░", "▒", "▓", "█"],
                                       spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], fits: "✓", over: "✗",
                                       arrow: "→", pause: "‖", play: "▶")
    public static let ascii = Glyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
                                     bottomRight: "+", gaugeFull: "#", gaugeEmpty: ".", heat: [" ", ".", ":", "*", "#"],
                                     spark: ["_", ".", "-", "~", "=", "+", "*", "#"], fits: "ok", over: "!!",
                                     arrow: "->", pause: "||", play: ">", atRisk: "!", separator: "-")

    /// Unicode when the locale's codeset is UTF-8 (LC_ALL, then LC_CTYPE, then LANG).
    public static func forEnvironment(_ env: [String: String]) -> Glyphs {
        let locale = env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"] ?? ""
        let l = locale.lowercased()
        return l.contains("utf-8") || l.contains("utf8") ? .unicode : .ascii
    }
}

/// What a key does in a read-only view that scrolls (decision detail, history, performance, help).
public enum ScrollAction: Sendable, Equatable {
    case up, down, pageUp, pageDown, top, bottom, close
}

/// The one key table of the scrolling views: their handlers look keys up here and the help screen
/// lists the same rows, so the two cannot disagree.
public enum ScrollKeys {
    public static let table: [(key: ViewKey, action: ScrollAction)] = [
        (ViewKey([.up, .char("k")], "↑ k", "scroll up a line"), .up),
        (ViewKey([.down, .char("j")], "↓ j", "scroll down a line"), .down),
        (ViewKey([.pageUp], "PgUp", "scroll up a page"), .pageUp),
        (ViewKey([.pageDown], "PgDn", "scroll down a page"), .pageDown),
        (ViewKey([.home, .char("g")], "Home g", "top"), .top),
        (ViewKey([.end, .char("G")], "End G", "bottom"), .bottom),
        (ViewKey([.escape, .char("q")], "Esc q", "close"), .close),
    ]

    public static func action(for key: Key) -> ScrollAction? { table.first { $0.key.keys.contains(key) }?.action }

    /// The rows as the help screen lists them.
    public static var keys: [ViewKey] { table.map(\.key) }
}

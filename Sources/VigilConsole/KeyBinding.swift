/// What the operator can do on the main screen.
public enum ConsoleAction: Sendable, Equatable {
    case quit, help, nextPane, previousPane, up, down, pageUp, pageDown, top, bottom
    case editObjectives, backupNow, restore, togglePause, faster, slower, nextTheme, filter, sort
    case openPrompt, clearFilter, catalog, remotes, alerts
    case decisionDetail, history, performance
}

/// One row of the key table. All bindings live in `KeyBinding.table`; the help screen is made
/// from the same table, so it can never disagree with what the keys do.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    public let label: String
    public let action: ConsoleAction

    public static let table: [KeyBinding] = [
        KeyBinding(keys: [.char("q")], label: "q", action: .quit),
        KeyBinding(keys: [.char("?")], label: "?", action: .help),
        KeyBinding(keys: [.tab], label: "Tab", action: .nextPane),
        KeyBinding(keys: [.backTab], label: "Shift-Tab", action: .previousPane),
        KeyBinding(keys: [.up, .char("k")], label: "↑ k", action: .up),
        KeyBinding(keys: [.down, .char("j")], label: "↓ j", action: .down),
        KeyBinding(keys: [.pageUp], label: "PgUp", action: .pageUp),
        KeyBinding(keys: [.pageDown], label: "PgDn", action: .pageDown),
        KeyBinding(keys: [.home, .char("g")], label: "Home g", action: .top),
        KeyBinding(keys: [.end, .char("G")], label: "End G", action: .bottom),
        KeyBinding(keys: [.char("e")], label: "e", action: .editObjectives),
        KeyBinding(keys: [.char("b")], label: "b", action: .backupNow),
        KeyBinding(keys: [.char("r")], label: "r", action: .restore),
        KeyBinding(keys: [.char(" ")], label: "Space", action: .togglePause),
        KeyBinding(keys: [.char("+"), .char("=")], label: "+", action: .faster),
        KeyBinding(keys: [.char("-"), .char("_")], label: "-", action: .slower),
        KeyBinding(keys: [.char("t")], label: "t", action: .nextTheme),
        KeyBinding(keys: [.char("/")], label: "/", action: .filter),
        KeyBinding(keys: [.char("s")], label: "s", action: .sort),
        KeyBinding(keys: [.char("p")], label: "p", action: .openPrompt),
        KeyBinding(keys: [.char("c")], label: "c", action: .catalog),
        KeyBinding(keys: [.char("a")], label: "a", action: .remotes),
        KeyBinding(keys: [.char("!")], label: "!", action: .alerts),
        KeyBinding(keys: [.enter], label: "Enter", action: .decisionDetail),
        KeyBinding(keys: [.char("h")], label: "h", action: .history),
        KeyBinding(keys: [.char("m")], label: "m", action: .performance),
        KeyBinding(keys: [.escape], label: "Esc", action: .clearFilter),
    ]

    public static func action(for key: Key) -> ConsoleAction? { table.first { $0.keys.contains(key) }?.action }

    /// What the help screen says for each action.
    public static func describe(_ a: ConsoleAction) -> String {
        switch a {
        case .quit: "quit"
        case .help: "this help"
        case .nextPane: "next pane"
        case .previousPane: "previous pane"
        case .up: "move up (volumes, or the log's cursor line)"
        case .down: "move down"
        case .pageUp: "page up"
        case .pageDown: "page down"
        case .top: "first row"
        case .bottom: "last row"
        case .editObjectives: "edit the selected volume's group objectives"
        case .backupNow: "back up the selected volume now"
        case .restore: "restore a generation of the selected volume"
        case .togglePause: "pause / resume the clock (retries a failed save)"
        case .faster: "run the clock faster"
        case .slower: "run the clock slower"
        case .nextTheme: "next theme"
        case .filter: "filter volumes by name, group or state"
        case .sort: "change the sort (worst first, name, group, state, changed, estimate)"
        case .openPrompt: "open the pending pool expansion prompt"
        case .clearFilter: "clear the filter"
        case .catalog: "Catalog: browse records, delete (d), copy to a volume (c), journal"
        case .remotes: "remote backup arrays: lines, utilisation, LUs, capacity, transfers"
        case .alerts: "Alerts: objective breaches, open and past; Enter acknowledges"
        case .decisionDetail: "decision detail: the log line under the cursor, else the selected volume's last decision"
        case .history: "history of the selected volume: generations and RPO lag"
        case .performance: "performance table: every LUN's MB/s and where the figures come from"
        }
    }
}

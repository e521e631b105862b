/// The help screen (key `?`): every key of every view, made from the key tables themselves — the
/// main screen's `KeyBinding.table` and each modal's key list — so it cannot disagree with them.
/// It fits any screen the console runs on and scrolls; any key outside the scroll keys closes it.
public struct HelpView: Sendable, Equatable, ScrollingModal {
    public var scroll = ScrollPosition()

    static let boxWidth = 76
    static let fixedRows = 0
    static let labelWidth = 12

    public init() {}

    /// The keys of one view.
    public struct Section: Sendable {
        public let title: String
        public let keys: [ViewKey]
    }

    /// The help screen's own keys.
    public static let keys: [ViewKey] = ScrollKeys.keys.filter { ScrollKeys.action(for: $0.keys[0]) != .close }
        + [ViewKey([.escape, .char("q"), .char("?")], "Esc q ?", "close (so does any other key)")]

    /// Every view's keys, the main screen first, each titled with the key that opens it.
    public static var sections: [Section] {
        func titled(_ title: String, _ action: ConsoleAction) -> String {
            KeyBinding.table.first { $0.action == action }.map { "\(title) — \($0.label)" } ?? title
        }
        return [
            Section(title: "Main screen", keys: KeyBinding.table.map { ViewKey($0.keys, $0.label, KeyBinding.describe($0.action)) }),
            Section(title: titled("Objectives form", .editObjectives), keys: ObjectivesForm.keys),
            Section(title: titled("Pool expansion prompt (opens when a request arrives)", .openPrompt), keys: PoolExpansionPrompt.keys),
            Section(title: titled("Restore dialog", .restore), keys: RestoreDialog.keys),
            Section(title: "Restore in place, typing the volume's name", keys: RestoreDialog.confirmKeys),
            Section(title: titled("Alerts", .alerts), keys: AlertsView.keys),
            Section(title: titled("Catalog", .catalog), keys: CatalogBrowser.keys),
            Section(title: "Catalog, confirming a delete or copy", keys: CatalogBrowser.confirmKeys),
            Section(title: titled("Filter", .filter), keys: FilterPrompt.keys),
            Section(title: titled("Remote backup arrays", .remotes), keys: [ViewKey([.char("x")], "any key", "close")]),
            Section(title: titled("Decision detail", .decisionDetail), keys: DecisionDetail.keys),
            Section(title: titled("History", .history), keys: HistoryView.keys),
            Section(title: titled("Performance table", .performance), keys: PerformanceView.keys),
            Section(title: titled("This help", .help), keys: keys),
        ]
    }

    /// One line of the help: a section title, or a key with (a piece of) its description.
    struct Line: Equatable {
        var label: String
        var text: String
        var isTitle: Bool
    }

    static func lines(width: Int) -> [Line] {
        var out: [Line] = []
        for (n, s) in sections.enumerated() {
            if n > 0 { out.append(Line(label: "", text: "", isTitle: false)) }
            out.append(Line(label: "", text: s.title, isTitle: true))
            for k in s.keys {
                // A long description wraps under itself rather than being cut at the box.
                for (i, piece) in Format.wrap(k.text, width: max(8, width - labelWidth - 1)).enumerated() {
                    out.append(Line(label: i == 0 ? k.label : "", text: piece, isTitle: false))
                }
            }
        }
        return out
    }

    func lineCount(model: ConsoleModel, width: Int) -> Int { Self.lines(width: width).count }

    mutating func handle(_ key: Key, model: ConsoleModel) -> ModalOutcome {
        guard let action = ScrollKeys.action(for: key), action != .close else { return .close }
        return handleScroll(key, model: model)
    }

    static func render(_ buf: inout ScreenBuffer, model: ConsoleModel, view: HelpView) {
        let (frame, first, _) = view.drawFrame(&buf, model: model, title: "Keys",
                                               keys: "↑↓ PgUp/PgDn scroll · any other key closes")
        let lines = lines(width: frame.body.width)
        let p = CellStyle(.prompt, reverse: true)
        for r in 0..<frame.body.height where first + r < lines.count {
            let l = lines[first + r]
            let y = frame.body.y + r
            if l.isTitle {
                buf.put(l.text, x: frame.body.x, y: y, style: CellStyle(.prompt, bold: true, reverse: true, underline: true), maxWidth: frame.body.width)
                continue
            }
            buf.put(Format.fit(l.label, labelWidth), x: frame.body.x, y: y, style: CellStyle(.promptBorder, bold: true))
            buf.put(l.text, x: frame.body.x + labelWidth + 1, y: y, style: p, maxWidth: frame.body.width - labelWidth - 1)
        }
    }
}

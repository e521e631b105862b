import VigilArray

/// The Alerts view: every objective breach the array keeps, open ones first (oldest first), then
/// past ones (newest first), with start, end, duration, worst figure and cause. Enter (or `a`)
/// acknowledges the selected breach: it stays listed and stops colouring the title's counter. The
/// acknowledgement is a command to the array, so it is journalled and kept across restarts.
public struct AlertsView: Sendable, Equatable {
    /// The breach ID under the cursor (kept by ID so new breaches do not move the cursor).
    public var selectedID: Int?
    public var scroll = 0

    public init(breaches: [ObjectiveBreach]) {
        selectedID = Self.ordered(breaches).first?.id
    }

    /// Open breaches first, oldest first; then closed ones, newest first.
    public static func ordered(_ breaches: [ObjectiveBreach]) -> [ObjectiveBreach] {
        breaches.filter(\.isOpen) + breaches.filter { !$0.isOpen }.reversed()
    }

    public func selectedIndex(in rows: [ObjectiveBreach]) -> Int {
        selectedID.flatMap { id in rows.firstIndex { $0.id == id } } ?? 0
    }

    public mutating func handle(_ key: Key, burst: Bool, breaches: [ObjectiveBreach]) -> ModalOutcome {
        let rows = Self.ordered(breaches)
        let i = selectedIndex(in: rows)
        func select(_ j: Int) {
            guard !rows.isEmpty else { return }
            selectedID = rows[min(max(0, j), rows.count - 1)].id
        }
        switch key {
        case .escape, .char("q"), .char("!"): return .close
        case .up, .char("k"): select(i - 1)
        case .down, .char("j"): select(i + 1)
        case .pageUp: select(i - 10)
        case .pageDown: select(i + 10)
        case .home, .char("g"): select(0)
        case .end, .char("G"): select(rows.count - 1)
        case .enter, .char("a"):
            // A pasted newline never acknowledges.
            guard !burst, rows.indices.contains(i), !rows[i].acknowledged else { return .stay }
            return .submit(.acknowledgeBreach(id: rows[i].id))
        default: break
        }
        return .stay
    }
}

extension AlertsView {
    static let columns: [Format.Column] = [
        .init("#", width: 4, priority: 8, alignRight: true),
        .init("Volume", width: 10, minWidth: 6, priority: 10),
        .init("Group", width: 7, minWidth: 5, priority: 4),
        .init("Obj", width: 3, priority: 10),
        .init("Since", width: 9, priority: 9),
        .init("Until", width: 9, priority: 7),
        .init("Lasted", width: 7, priority: 8, alignRight: true),
        .init("Worst/bound", width: 17, minWidth: 11, priority: 6),
        .init("Cause", width: 48, minWidth: 10, priority: 9),
        .init("Ack", width: 3, priority: 5),
    ]

    static func cells(_ b: ObjectiveBreach, now: SimTime) -> [String] {
        [String(b.id), b.volume, b.group, b.kind.label, Format.clock(b.since, reference: now),
         b.until.map { Format.clock($0, reference: now) } ?? "open", SimDuration.format(b.duration(now: now)),
         worstAgainstBound(b), b.cause ?? "—", b.acknowledged ? "yes" : ""]
    }

    /// "2h/1h", "12.9m/10m", "20/14 GiB": the worst figure against the bound, as short as the
    /// volumes' columns write them.
    static func worstAgainstBound(_ b: ObjectiveBreach) -> String {
        switch b.rule {
        case .interval, .hour: "\(SimDuration.format(Int64(b.worst.rounded())))/\(b.rule == .hour ? "day" : SimDuration.format(Int64(b.bound)))"
        case .changed: Format.bytePair(Int64(b.worst.rounded()), Int64(b.bound))
        case .restoreTime: "\(Format.estimate(b.worst))/\(SimDuration.format(Int64(b.bound)))"
        }
    }

    /// Draws the view over most of the screen.
    func render(_ buf: inout ScreenBuffer, model: ConsoleModel) {
        let snap = model.snapshot
        let rows = Self.ordered(snap.breaches)
        let open = rows.filter(\.isOpen)
        let unseen = open.filter { !$0.acknowledged }.count
        let title = "Alerts — \(open.count) open (\(unseen) unacknowledged), \(rows.count - open.count) past"
        let inner = ModalView.box(&buf, width: 118, height: buf.height - 2, title: title, glyphs: model.glyphs)
        guard inner.height >= 3, inner.width > 10 else { return }
        let p = CellStyle(.prompt, reverse: true)
        let fitted = Format.fitColumns(Self.columns, available: inner.width - 2)
        var x = inner.x + 1
        for (i, w) in fitted {
            buf.put(Format.fit(Self.columns[i].title, w, alignRight: Self.columns[i].alignRight), x: x, y: inner.y,
                    style: CellStyle(.promptBorder, bold: true))
            x += w + 1
        }
        // The selected breach in full on the line above the keys: nothing is lost to narrow columns.
        let listHeight = inner.height - 4
        if rows.isEmpty {
            buf.put("No objective has been missed: every RPO and RTO kept.", x: inner.x + 1, y: inner.y + 1,
                    style: CellStyle(.fits, bold: true, reverse: true), maxWidth: inner.width - 2)
        }
        let selected = selectedIndex(in: rows)
        let start = max(0, min(selected - listHeight / 2, rows.count - listHeight))
        for (line, i) in (start..<min(rows.count, start + listHeight)).enumerated() {
            let b = rows[i]
            let style: CellStyle
            if i == selected {
                style = CellStyle(.selectionFocus, bold: true)
            } else if b.isOpen {
                style = b.acknowledged ? CellStyle(.warning, bold: true) : CellStyle(.over, bold: true)
            } else {
                style = p
            }
            let y = inner.y + 1 + line
            if i == selected { buf.fill(x: inner.x, y: y, width: inner.width, height: 1, style: style) }
            let values = Self.cells(b, now: snap.time)
            var cx = inner.x + 1
            for (c, w) in fitted {
                buf.put(Format.fit(values[c], w, alignRight: Self.columns[c].alignRight), x: cx, y: y, style: style)
                cx += w + 1
            }
        }
        if rows.indices.contains(selected) {
            let b = rows[selected]
            let detail = "#\(b.id) \(b.volume) \(b.kind.label) since \(b.since.iso8601): \(b.worstText)" + (b.cause.map { "; \($0)" } ?? "")
            for (k, line) in Format.wrap(detail, width: inner.width - 2).prefix(2).enumerated() {
                buf.put(line, x: inner.x + 1, y: inner.y + inner.height - 3 + k, style: CellStyle(.prompt, bold: true, reverse: true),
                        maxWidth: inner.width - 2)
            }
        }
        buf.put("↑↓ choose · Enter/a acknowledge · Esc close", x: inner.x + 1, y: inner.y + inner.height - 1,
                style: CellStyle(.prompt, bold: true, reverse: true), maxWidth: inner.width - 2)
    }
}

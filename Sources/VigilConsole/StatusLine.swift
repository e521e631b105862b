import VigilArray

/// The title bar (array, clock, speed) and the status line (prompts, the keys, messages).
public enum StatusLine {
    public static func speedText(_ clock: SimulationClock, glyphs: Glyphs) -> String {
        // The clock's own label: it names the true rate (×1.8k runs 1,800 simulated s per second).
        let n = clock.label
        return clock.paused ? "\(glyphs.pause) paused (×\(n))" : "\(glyphs.play) ×\(n)"
    }

    /// The compliance counters of the title line: each with its text and how it is drawn. A
    /// counter is coloured while any of its breaches is unacknowledged; zero shows as ok.
    public static func counters(_ snap: ArraySnapshot) -> [(text: String, style: CellStyle)] {
        func counter(_ label: String, _ kind: ObjectiveKind) -> (String, CellStyle) {
            let n = snap.count(kind, .breached)
            let unseen = snap.breaches.contains { $0.isOpen && $0.kind == kind && !$0.acknowledged }
            let style = n == 0 ? CellStyle(.fits, bold: true, reverse: true)
                : unseen ? CellStyle(.over, bold: true, reverse: true, underline: true) : CellStyle(.status, bold: true, reverse: true)
            return ("\(label) \(n)", style)
        }
        let prompts = snap.prompts.count
        return [counter("RPO missed", .rpo), counter("RTO over", .rto),
                ("prompts \(prompts)", prompts == 0 ? CellStyle(.fits, bold: true, reverse: true) : CellStyle(.warning, bold: true, reverse: true))]
    }

    /// The title line: the compliance counters first (they are what an operator looks for), then the
    /// array, the clock, the speed and the theme, dropping the least important as the width shrinks.
    public static func renderTitle(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        let snap = model.snapshot
        buf.fill(x: r.x, y: r.y, width: r.width, height: 1, style: CellStyle(.status, reverse: true))
        let iso = snap.time.iso8601
        let date = String(iso.prefix(10)), clock = String(iso.dropFirst(11).prefix(8)) + "Z"
        let speed = speedText(model.clock, glyphs: model.glyphs)
        let dot = " \(model.glyphs.separator) "
        // A state that is not being saved is the first thing an operator must see.
        let counters = (model.saveFailure == nil ? [] : [("NOT SAVED", CellStyle(.over, bold: true, reverse: true, underline: true))])
            + counters(snap)
        // Candidate tails, longest first; the first that fits is drawn.
        let tails = [
            [snap.scenario, "\(date) \(clock)", speed, "theme \(model.theme.name)"],
            [snap.scenario, "\(date) \(clock)", speed],
            [snap.scenario, clock, speed],
            [clock, speed],
            [speed],
        ]
        let head = " Vigil"
        let countersWidth = counters.reduce(0) { $0 + dot.count + $1.text.count }
        let tail = tails.first { head.count + countersWidth + $0.reduce(0) { $0 + dot.count + $1.count } <= r.width } ?? []
        var x = r.x
        func put(_ text: String, _ style: CellStyle) {
            buf.put(text, x: x, y: r.y, style: style, maxWidth: max(0, r.x + r.width - x))
            x += text.count
        }
        put(head, CellStyle(.statusKey, bold: true, reverse: true))
        for c in counters {
            put(dot, CellStyle(.status, reverse: true))
            put(c.text, c.style)
        }
        for t in tail {
            put(dot, CellStyle(.status, reverse: true))
            put(t, CellStyle(.statusKey, bold: true, reverse: true))
        }
    }

    public static func renderStatus(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        buf.fill(x: r.x, y: r.y, width: r.width, height: 1, style: CellStyle(.status, reverse: true))
        if let banner = model.banner {
            buf.put(" " + banner.text, x: r.x, y: r.y, style: CellStyle(banner.role, bold: true, reverse: true), maxWidth: r.width)
            return
        }
        if let failure = model.saveFailure {
            buf.put(" " + failure, x: r.x, y: r.y, style: CellStyle(.error, bold: true, reverse: true), maxWidth: r.width)
            return
        }
        let keys: [(String, String)] = [("q", "quit"), ("?", "help"), ("Tab", "pane"), ("e", "edit"), ("b", "backup"),
                                        ("r", "restore"), ("Space", "pause"), ("+/-", "speed"), ("t", "theme"),
                                        ("!", "alerts"), ("/", "filter"), ("s", "sort"), ("p", "prompt"), ("c", "catalog")]
        var x = r.x + 1
        for (k, label) in keys {
            let need = k.count + label.count + 2
            if x + need > r.x + r.width { break }
            buf.put(k, x: x, y: r.y, style: CellStyle(.statusKey, bold: true, reverse: true))
            buf.put(label, x: x + k.count + 1, y: r.y, style: CellStyle(.status, reverse: true))
            x += need + 1
        }
    }
}

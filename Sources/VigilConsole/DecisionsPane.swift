import VigilArray

/// The scrolling log of triggers fired and methods chosen, with the reason in words.
public enum DecisionsPane {
    public static func render(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        let focused = model.focus == .decisions
        let scrolled = model.logScroll > 0 ? " · ↑\(model.logScroll)" : ""
        PaneFrame.draw(&buf, r, title: "Scheduler and decisions\(scrolled)", focused: focused, glyphs: model.glyphs)
        let inner = r.inner
        guard inner.width > 8, inner.height > 0 else { return }
        let end = max(0, model.log.count - model.logScroll)
        let lines = model.log[max(0, end - inner.height)..<end]
        for (i, line) in lines.enumerated() {
            let y = inner.y + i
            let time = Format.clock(line.time, reference: model.snapshot.time)
            buf.put(time, x: inner.x, y: y, style: CellStyle(.dim))
            buf.put(line.text, x: inner.x + time.count + 1, y: y, style: CellStyle(line.role, bold: line.role == .error),
                    maxWidth: inner.width - time.count - 1)
        }
        if model.log.isEmpty {
            buf.put("triggers and decisions appear here", x: inner.x, y: inner.y, style: CellStyle(.dim), maxWidth: inner.width)
        }
    }
}

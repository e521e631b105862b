import VigilArray

/// The scrolling log of triggers fired and methods chosen, with the reason in words. When focused,
/// a cursor line marks the line Enter opens (a decision opens in full); the window follows it.
public enum DecisionsPane {
    public static func render(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        let focused = model.focus == .decisions
        let scrolled = model.logScroll > 0 ? " · ↑\(model.logScroll)" : ""
        PaneFrame.draw(&buf, r, title: "Scheduler and decisions\(scrolled)", focused: focused, glyphs: model.glyphs)
        let inner = r.inner
        guard inner.width > 8, inner.height > 0 else { return }
        // Keep the cursor inside the window: move the window only when the cursor leaves it.
        if model.logScroll < model.logWindow { model.logWindow = model.logScroll }
        if model.logScroll >= model.logWindow + inner.height { model.logWindow = model.logScroll - inner.height + 1 }
        model.logWindow = max(0, min(model.logWindow, max(0, model.log.count - inner.height)))
        let end = max(0, model.log.count - model.logWindow)
        let start = max(0, end - inner.height)
        let cursor = model.log.count - 1 - model.logScroll
        for (i, k) in (start..<end).enumerated() {
            let line = model.log[k]
            let y = inner.y + i
            let time = Format.clock(line.time, reference: model.snapshot.time)
            if focused, k == cursor {
                let sel = CellStyle(.selectionFocus, reverse: true)
                buf.fill(x: inner.x, y: y, width: inner.width, height: 1, style: sel)
                buf.put(time, x: inner.x, y: y, style: sel)
                buf.put(line.text, x: inner.x + time.count + 1, y: y, style: CellStyle(.selectionFocus, bold: true, reverse: true),
                        maxWidth: inner.width - time.count - 1)
                continue
            }
            buf.put(time, x: inner.x, y: y, style: CellStyle(.dim))
            buf.put(line.text, x: inner.x + time.count + 1, y: y, style: CellStyle(line.role, bold: line.role == .error),
                    maxWidth: inner.width - time.count - 1)
        }
        if model.log.isEmpty {
            buf.put("triggers and decisions appear here", x: inner.x, y: inner.y, style: CellStyle(.dim), maxWidth: inner.width)
        }
    }
}

import VigilArray

/// The title bar (array, clock, speed) and the status line (prompts, the keys, messages).
public enum StatusLine {
    public static func speedText(_ clock: SimulationClock, glyphs: Glyphs) -> String {
        let s = clock.speed
        let n = s >= 1_000 ? "\(Int(s) / 1_000)k" : "\(Int(s))"
        return clock.paused ? "\(glyphs.pause) paused (×\(n))" : "\(glyphs.play) ×\(n)"
    }

    public static func renderTitle(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        let snap = model.snapshot
        buf.fill(x: r.x, y: r.y, width: r.width, height: 1, style: CellStyle(.status, reverse: true))
        let iso = snap.time.iso8601
        let time = String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8)) + "Z"
        let left = " Vigil · \(snap.scenario) · \(time) · \(speedText(model.clock, glyphs: model.glyphs))"
        buf.put(left, x: r.x, y: r.y, style: CellStyle(.statusKey, bold: true, reverse: true), maxWidth: r.width)
        let prompts = snap.prompts.count
        let right = (prompts > 0 ? "\(prompts) prompt pending · " : "") + "theme \(model.theme.name) "
        if left.count + right.count < r.width {
            buf.put(right, x: r.x + r.width - right.count, y: r.y,
                    style: CellStyle(prompts > 0 ? .warning : .status, bold: prompts > 0, reverse: true))
        }
    }

    public static func renderStatus(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        buf.fill(x: r.x, y: r.y, width: r.width, height: 1, style: CellStyle(.status, reverse: true))
        if let banner = model.banner {
            buf.put(" " + banner.text, x: r.x, y: r.y, style: CellStyle(banner.role, bold: true, reverse: true), maxWidth: r.width)
            return
        }
        let keys: [(String, String)] = [("q", "quit"), ("?", "help"), ("Tab", "pane"), ("e", "edit"), ("b", "backup"),
                                        ("r", "restore"), ("Space", "pause"), ("+/-", "speed"), ("t", "theme"),
                                        ("/", "filter"), ("s", "sort"), ("p", "prompt"), ("c", "catalog")]
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

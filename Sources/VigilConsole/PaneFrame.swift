/// Draws a pane's border and title; the focused pane's border stands out (colour, and bold for
/// terminals without colour).
public enum PaneFrame {
    public static func draw(_ buf: inout ScreenBuffer, _ r: Rect, title: String, focused: Bool, glyphs: Glyphs,
                            border: ColorRole? = nil) {
        guard r.width >= 2, r.height >= 2 else { return }
        let style = CellStyle(border ?? (focused ? .borderFocus : .border), bold: focused)
        let h = String(repeating: glyphs.horizontal, count: r.width - 2)
        buf.put(String(glyphs.topLeft) + h + String(glyphs.topRight), x: r.x, y: r.y, style: style)
        buf.put(String(glyphs.bottomLeft) + h + String(glyphs.bottomRight), x: r.x, y: r.y + r.height - 1, style: style)
        for y in (r.y + 1)..<(r.y + r.height - 1) {
            buf.put(String(glyphs.vertical), x: r.x, y: y, style: style)
            buf.put(String(glyphs.vertical), x: r.x + r.width - 1, y: y, style: style)
        }
        let label = " \(title) "
        buf.put(label, x: r.x + 2, y: r.y, style: CellStyle(focused ? .titleFocus : .title, bold: true), maxWidth: r.width - 4)
    }
}

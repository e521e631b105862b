/// Where a scrolling modal draws: a box centred on the screen, `top` fixed rows inside it, the
/// scrolled body under them, and one footer row at the bottom. Key handling and drawing compute it
/// the same way, so a page is exactly what shows.
public struct ScrollBox: Sendable, Equatable {
    public let outer: Rect
    public let inner: Rect
    /// The scrolled lines go here (one cell of margin each side, as the other modals leave).
    public let body: Rect
    public let footerY: Int

    /// The body's width for a box of `width` on a screen `screenWidth` wide (lines wrap to it).
    public static func bodyWidth(screenWidth: Int, width: Int) -> Int { max(1, min(width, screenWidth - 2) - 4) }

    public init(screenWidth: Int, screenHeight: Int, width: Int, top: Int, lines: Int) {
        let w = max(0, min(width, screenWidth - 2))
        let h = max(0, min(lines + top + 3, screenHeight - 2))
        outer = Rect(x: (screenWidth - w) / 2, y: (screenHeight - h) / 2, width: w, height: h)
        inner = outer.inner
        body = Rect(x: inner.x + 1, y: inner.y + top, width: inner.width - 2, height: inner.height - top - 1)
        footerY = inner.y + inner.height - 1
    }
}

/// A read-only modal that scrolls through lines of its own (decision detail, history, performance
/// table, help): the keys of `ScrollKeys` move it, Esc closes it.
protocol ScrollingModal {
    var scroll: ScrollPosition { get set }
    /// The width the box asks for (narrower screens get less).
    static var boxWidth: Int { get }
    /// Fixed rows above the scrolled body.
    static var fixedRows: Int { get }
    /// How many body lines the view has when its body is `width` cells wide.
    func lineCount(model: ConsoleModel, width: Int) -> Int
}

extension ScrollingModal {
    func box(model: ConsoleModel, screenWidth: Int, screenHeight: Int) -> (box: ScrollBox, count: Int) {
        let count = lineCount(model: model, width: ScrollBox.bodyWidth(screenWidth: screenWidth, width: Self.boxWidth))
        return (ScrollBox(screenWidth: screenWidth, screenHeight: screenHeight, width: Self.boxWidth, top: Self.fixedRows, lines: count), count)
    }

    /// Scrolls or closes; keys outside the table do nothing.
    mutating func handleScroll(_ key: Key, model: ConsoleModel) -> ModalOutcome {
        guard let action = ScrollKeys.action(for: key) else { return .stay }
        if action == .close { return .close }
        let (frame, count) = box(model: model, screenWidth: model.width, screenHeight: model.height)
        scroll.apply(action, count: count, page: frame.body.height)
        return .stay
    }

    /// Draws the box, its title and a footer of keys with where the body is; returns the frame and
    /// the first body line to draw.
    func drawFrame(_ buf: inout ScreenBuffer, model: ConsoleModel, title: String, keys: String) -> (box: ScrollBox, first: Int, count: Int) {
        let (frame, count) = box(model: model, screenWidth: buf.width, screenHeight: buf.height)
        _ = ModalView.box(&buf, width: frame.outer.width, height: frame.outer.height, title: title, glyphs: model.glyphs)
        let first = scroll.clamped(count: count, page: frame.body.height)
        let shown = min(count, first + frame.body.height)
        let position = count > frame.body.height ? "  \(first + 1)–\(shown) of \(count)" : ""
        buf.put(keys + position, x: frame.inner.x + 1, y: frame.footerY,
                style: CellStyle(.prompt, bold: true, reverse: true), maxWidth: frame.inner.width - 2)
        return (frame, first, count)
    }
}

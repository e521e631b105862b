/// One character cell of the screen.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var style: CellStyle
    public init(_ character: Character = " ", _ style: CellStyle = CellStyle()) {
        self.character = character
        self.style = style
    }
}

/// The whole screen as cells. Every frame is drawn into a fresh buffer; the backend sends only the
/// cells that differ from the last frame. Writes outside the buffer are clipped, so drawing into a
/// 0×0 area is safe.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Writes `text` from (x, y), clipped at `maxWidth` columns and at the buffer's edge.
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = CellStyle(), maxWidth: Int = .max) {
        guard y >= 0, y < height else { return }
        var col = x
        let limit = min(width, maxWidth == .max ? width : x + maxWidth)
        for ch in text {
            if col >= limit { break }
            if col >= 0 { cells[y * width + col] = Cell(ch, style) }
            col += 1
        }
    }

    /// Fills a rectangle with one character and style.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, _ ch: Character = " ", style: CellStyle = CellStyle()) {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { cells[row * width + col] = Cell(ch, style) }
        }
    }

    /// The text of each row, trailing spaces kept (what a screen dump shows).
    public var lines: [String] {
        (0..<height).map { y in String(cells[(y * width)..<((y + 1) * width)].map(\.character)) }
    }

    /// The screen as text, rows joined by newlines, trailing spaces trimmed (for text snapshots).
    public var text: String {
        lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }.joined(separator: "\n")
    }
}

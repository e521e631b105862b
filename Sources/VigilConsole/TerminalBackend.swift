/// The only thing the console needs from a terminal. `NcursesBackend` (module VigilCurses) is the
/// one implementation that talks to a real terminal; `MemoryBackend` serves the tests.
public protocol TerminalBackend: AnyObject {
    /// Current size in cells.
    var size: (width: Int, height: Int) { get }
    /// What the terminal can show (after `NO_COLOR`).
    var colorDepth: ColorDepth { get }
    /// Shows a frame, sending only what changed since the previous one.
    func draw(_ buffer: ScreenBuffer, styles: StyleResolver)
    /// Waits up to `timeoutMs` for input and returns what arrived (possibly nothing).
    func poll(timeoutMs: Int) -> [ConsoleEvent]
    /// A signal that asks the console to end (SIGINT, SIGTERM, SIGHUP), if one arrived.
    func takeTerminationSignal() -> Int32?
}

/// A terminal in memory: scripted input, and the last frame kept for inspection.
public final class MemoryBackend: TerminalBackend {
    public var size: (width: Int, height: Int)
    public var colorDepth: ColorDepth
    public private(set) var frame: ScreenBuffer
    public private(set) var styles: StyleResolver?
    public var input: [[ConsoleEvent]] = []
    public private(set) var frames = 0

    public init(width: Int, height: Int, colorDepth: ColorDepth = .palette256) {
        size = (width, height)
        self.colorDepth = colorDepth
        frame = ScreenBuffer(width: width, height: height)
    }

    public func draw(_ buffer: ScreenBuffer, styles: StyleResolver) {
        frame = buffer
        self.styles = styles
        frames += 1
    }

    public func poll(timeoutMs: Int) -> [ConsoleEvent] { input.isEmpty ? [] : input.removeFirst() }
    public func takeTerminationSignal() -> Int32? { nil }

    /// One character per cell for the resolved look: `R` reverse, `B` bold, `C` coloured, `.` plain.
    public var attributeLayer: String {
        guard let styles else { return "" }
        return (0..<frame.height).map { y in
            String((0..<frame.width).map { x -> Character in
                let r = styles.resolve(frame[x, y].style)
                return r.reverse ? "R" : r.bold ? "B" : (r.fg != -1 || r.bg != -1) ? "C" : "."
            })
        }.joined(separator: "\n")
    }
}

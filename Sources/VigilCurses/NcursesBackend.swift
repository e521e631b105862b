import CNcurses
import Foundation
import VigilConsole

/// The only code that calls ncurses: opens the terminal, draws frames cell by cell (only the cells
/// that changed), reads keys, and always gives the terminal back.
public final class NcursesBackend: TerminalBackend {
    /// Why the console cannot start on this terminal.
    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case noTerm
        case dumbTerm
        case unknownTerm(String)

        public var description: String {
            switch self {
            case .notATerminal: "standard input and output must be a terminal (for headless runs use `vigil simulate`)"
            case .noTerm: "TERM is not set, so the terminal's capabilities are unknown (try TERM=xterm-256color, or `vigil simulate`)"
            case .dumbTerm: "TERM=dumb cannot draw a console (use a real terminal, or `vigil simulate`)"
            case .unknownTerm(let t): "the terminal type \"\(t)\" is unknown to this system's terminfo (try TERM=xterm-256color)"
            }
        }
    }

    private var previous: ScreenBuffer?
    private var pairs: [PairKey: Int16] = [:]
    private var nextPair: Int16 = 1
    private let hasColor: Bool
    public let colorDepth: ColorDepth
    private var open = true
    private var lastStyles: ResolverKey?
    /// Under a codeset that is not UTF-8 only ASCII can be shown; other characters are replaced.
    private var asciiOnly = false

    private struct PairKey: Hashable { let fg: Int, bg: Int }
    private struct ResolverKey: Equatable { let theme: String, depth: ColorDepth }

    /// Starts curses; throws (with the terminal untouched) when it cannot.
    public init(environment env: [String: String]) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw StartError.notATerminal }
        guard let term = env["TERM"], !term.isEmpty else { throw StartError.noTerm }
        guard term != "dumb" else { throw StartError.dumbTerm }
        setlocale(LC_ALL, "")
        asciiOnly = vigil_utf8_codeset() == 0
        vigil_install_signal_handlers()
        // newterm, unlike initscr, returns NULL on an unknown TERM instead of exiting the process.
        guard vigil_newterm() != nil else { throw StartError.unknownTerm(term) }
        cbreak()
        noecho()
        nonl()
        keypad(vigil_stdscr(), true)
        intrflush(vigil_stdscr(), false)
        curs_set(0)
        set_escdelay(25)
        let noColor = !(env["NO_COLOR"] ?? "").isEmpty
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            hasColor = true
            colorDepth = vigil_colors() >= 256 ? .palette256 : vigil_colors() >= 8 ? .eight : .none
        } else {
            hasColor = false
            colorDepth = .none
        }
    }

    deinit { shutdown() }

    /// Gives the terminal back (idempotent): every exit path calls it.
    public func shutdown() {
        guard open else { return }
        open = false
        curs_set(1)
        endwin()
    }

    /// Leaves curses for a moment (SIGTSTP is handled by ncurses itself; this is for errors).
    public var size: (width: Int, height: Int) { (Int(vigil_cols()), Int(vigil_lines())) }

    private func pair(_ fg: Int, _ bg: Int) -> Int16 {
        guard hasColor, fg != -1 || bg != -1 else { return 0 }
        let key = PairKey(fg: fg, bg: bg)
        if let p = pairs[key] { return p }
        guard Int(nextPair) < Int(vigil_color_pairs()) - 1, nextPair < Int16.max else { return 0 }
        let p = nextPair
        nextPair += 1
        init_pair(p, Int16(fg), Int16(bg))
        pairs[key] = p
        return p
    }

    public func draw(_ buffer: ScreenBuffer, styles: StyleResolver) {
        let key = ResolverKey(theme: styles.theme.name, depth: styles.depth)
        // A new size or theme invalidates what the terminal shows: draw every cell once.
        if previous?.width != buffer.width || previous?.height != buffer.height || lastStyles != key {
            previous = nil
            erase()
        }
        lastStyles = key
        var cache: [CellStyle: (attr_t, Int16)] = [:]
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if let prev = previous, prev[x, y] == cell { continue }
                // The bottom-right cell would scroll some terminals; ncurses refuses it anyway.
                if y == buffer.height - 1, x == buffer.width - 1 { continue }
                let (attrs, p): (attr_t, Int16)
                if let c = cache[cell.style] { (attrs, p) = c } else {
                    let r = styles.resolve(cell.style)
                    var a = vigil_a_normal()
                    if r.bold { a |= vigil_a_bold() }
                    if r.reverse { a |= vigil_a_reverse() }
                    if r.underline { a |= vigil_a_underline() }
                    (attrs, p) = (a, pair(r.fg, r.bg))
                    cache[cell.style] = (attrs, p)
                }
                let shown = asciiOnly ? Self.ascii(cell.character) : cell.character
                var wide: [wchar_t] = shown.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
                if wide.count > 6 { wide = [wchar_t(bitPattern: 0x3F), 0] }
                _ = wide.withUnsafeBufferPointer { vigil_put(Int32(y), Int32(x), $0.baseAddress, attrs, p) }
            }
        }
        previous = buffer
        wnoutrefresh(vigil_stdscr())
        doupdate()
    }

    public func poll(timeoutMs: Int) -> [ConsoleEvent] {
        var events: [ConsoleEvent] = []
        var keys: [Key] = []
        wtimeout(vigil_stdscr(), Int32(timeoutMs))
        var ch: wint_t = 0
        var rc = wget_wch(vigil_stdscr(), &ch)
        // Drain whatever else is already waiting: several keys at once are a paste or a burst.
        wtimeout(vigil_stdscr(), 0)
        while rc != ERR {
            if rc == KEY_CODE_YES {
                if Int32(ch) == vigil_key_resize() {
                    events.append(.resize(width: Int(vigil_cols()), height: Int(vigil_lines())))
                    previous = nil
                } else {
                    keys.append(Self.functionKey(Int32(ch)))
                }
            } else {
                keys.append(Self.characterKey(UInt32(ch)))
            }
            rc = wget_wch(vigil_stdscr(), &ch)
        }
        // Sequences ncurses did not recognise arrive as Escape and characters: fold them first, so
        // that one Home key is one key (and not a burst).
        keys = EscapeSequenceParser.parse(keys)
        let burst = keys.count > 1
        return events + keys.map { .key($0, burst: burst) }
    }

    public func takeTerminationSignal() -> Int32? {
        let s = vigil_take_signal()
        return s == 0 ? nil : s
    }

    /// The nearest ASCII for the characters the console draws, `?` for anything else.
    static func ascii(_ c: Character) -> Character {
        if c.isASCII { return c }
        switch c {
        case "·", "•": return "-"
        case "Δ": return "d"
        case "×": return "x"
        case "→", "▸", "▶", "≥": return ">"
        case "◂", "≤": return "<"
        case "—", "–", "─": return "-"
        case "│", "‖": return "|"
        case "┌", "┐", "└", "┘": return "+"
        case "…": return "~"
        case "✓": return "v"
        case "✗": return "x"
        case "↑": return "^"
        case "↓": return "v"
        case "█", "▓": return "#"
        case "▒": return ":"
        case "░": return "."
        case "∞": return "~"
        default: return "?"
        }
    }

    static func functionKey(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        case vigil_key_btab(): .backTab
        default: .unknown
        }
    }

    static func characterKey(_ value: UInt32) -> Key {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            // Control chords: byte 21 is Ctrl-U (clear a field). Tab, Enter and Backspace are above.
            return .ctrl(Character(Unicode.Scalar(UInt8(96 + value))))
        default:
            guard let scalar = Unicode.Scalar(value), value >= 32 else { return .unknown }
            return .char(Character(scalar))
        }
    }
}

/// A colour as a theme file writes it.
public enum ThemeColor: Equatable, Sendable, Hashable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(Int)
    /// An entry of the 256-colour palette.
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses `"default"`, `"red"`, `"bright_blue"`, `"#ff8800"`, or a palette index 0–255.
    public static func parse(_ text: String) -> ThemeColor? {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        if t == "default" { return .terminalDefault }
        if let i = names.firstIndex(of: t) { return .ansi(i) }
        if t.hasPrefix("bright_"), let i = names.firstIndex(of: String(t.dropFirst(7))) { return .ansi(i + 8) }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            return .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF))
        }
        return nil
    }

    /// The colour as a terminal with `depth` can show it: a palette number (−1 for the terminal's
    /// default), stepping truecolour down to the 256-colour cube and that down to the 8 ANSI colours.
    public func number(for depth: ColorDepth) -> Int {
        switch (self, depth) {
        case (_, .none), (.terminalDefault, _): return -1
        case (.ansi(let i), .eight): return i % 8
        case (.ansi(let i), _): return i
        case (.indexed(let i), .eight): return Self.nearestANSI(Self.rgbOf(index: i))
        case (.indexed(let i), _): return i
        case (.rgb(let r, let g, let b), .eight): return Self.nearestANSI((Int(r), Int(g), Int(b)))
        case (.rgb(let r, let g, let b), _): return Self.cubeIndex(Int(r), Int(g), Int(b))
        }
    }

    /// The xterm 6×6×6 cube entry (or grey ramp entry) nearest an RGB colour.
    static func cubeIndex(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func level(_ v: Int) -> Int { v < 48 ? 0 : v < 115 ? 1 : (v - 35) / 40 }
        let cube = 16 + 36 * level(r) + 6 * level(g) + level(b)
        let grey = (r + g + b) / 3
        if abs(r - grey) < 10, abs(g - grey) < 10, abs(b - grey) < 10 {
            let step = max(0, min(23, (grey - 8) / 10))
            return 232 + step
        }
        return cube
    }

    static func rgbOf(index i: Int) -> (Int, Int, Int) {
        if i < 16 {
            let base = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)]
            let c = base[i % 8]
            return i < 8 ? c : (min(255, c.0 + 50), min(255, c.1 + 50), min(255, c.2 + 50))
        }
        if i >= 232 { let v = 8 + (i - 232) * 10; return (v, v, v) }
        let n = i - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[n / 36], steps[(n / 6) % 6], steps[n % 6])
    }

    static func nearestANSI(_ c: (Int, Int, Int)) -> Int {
        // Threshold each channel: the 8 ANSI colours are the corners of the RGB cube.
        let (r, g, b) = c
        let bright = max(r, g, b)
        if bright < 60 { return 0 }
        let cut = bright / 2
        return (r > cut ? 1 : 0) | (g > cut ? 2 : 0) | (b > cut ? 4 : 0)
    }
}

/// How many colours the terminal can show.
public enum ColorDepth: String, Sendable, Comparable {
    case none, eight, palette256, truecolor
    static let order: [ColorDepth] = [.none, .eight, .palette256, .truecolor]
    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { order.firstIndex(of: a)! < order.firstIndex(of: b)! }
}

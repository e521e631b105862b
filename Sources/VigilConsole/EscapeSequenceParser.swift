/// Turns escape sequences that the terminal library did not recognise back into single keys.
///
/// Under some TERMs ncurses does not know a key's sequence (Home as `ESC [ 1 ~` or `ESC [ H`, End
/// as `ESC O F`, …) and hands it over as Escape followed by plain characters, all in one read.
/// Taken as they come, the Escape would throw a form away and the characters would be typed into
/// it. An Escape followed by more keys of the same read is therefore read as a sequence: CSI
/// (`ESC [`, parameters, one final byte 0x40–0x7E) or SS3 (`ESC O` and one character). Known ones
/// become their key, anything else `.unknown`, and the whole sequence is consumed. An Escape that
/// ends the read, or is followed by another Escape or a key that is not a character, stays Escape.
public enum EscapeSequenceParser {
    /// The keys of one read, with escape sequences folded into one key each.
    public static func parse(_ keys: [Key]) -> [Key] {
        var out: [Key] = []
        var i = 0
        while i < keys.count {
            guard keys[i] == .escape, i + 1 < keys.count, case .char(let introducer) = keys[i + 1] else {
                out.append(keys[i])
                i += 1
                continue
            }
            switch introducer {
            case "[":
                let (key, used) = csi(keys, from: i + 2)
                out.append(key)
                i += 2 + used
            case "O":
                // SS3 and one character; an `ESC O` that ends the read is still not an Escape.
                if i + 2 < keys.count, case .char(let c) = keys[i + 2] {
                    out.append(ss3[c] ?? .unknown)
                    i += 3
                } else {
                    out.append(.unknown)
                    i += 2
                }
            default:
                // Escape and a character in one read is an Alt chord, which the console does not use.
                out.append(.unknown)
                i += 2
            }
        }
        return out
    }

    /// Reads a CSI sequence's parameters and final byte starting at `start`; returns the key and how
    /// many keys it used. A sequence cut short (the read ended, or a non-character key came) is
    /// `.unknown` and uses what it read.
    static func csi(_ keys: [Key], from start: Int) -> (Key, Int) {
        var params = ""
        var j = start
        while j < keys.count, case .char(let c) = keys[j], let v = c.asciiValue {
            j += 1
            switch v {
            case 0x20...0x3F: params.append(c)  // parameter and intermediate bytes
            case 0x40...0x7E: return (csiKey(params: params, final: c), j - start)
            default: return (.unknown, j - start)
            }
        }
        return (.unknown, j - start)
    }

    static func csiKey(params: String, final: Character) -> Key {
        if final == "~" {
            switch params {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            case "5": return .pageUp
            case "6": return .pageDown
            default: return .unknown
            }
        }
        // `ESC [ 1 ; 5 C` (a modifier held) is still the arrow; other parameters are not a key we know.
        guard params.isEmpty || params.hasPrefix("1;") else { return .unknown }
        return csiFinal[final] ?? .unknown
    }

    static let csiFinal: [Character: Key] = ["A": .up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end, "Z": .backTab]
    static let ss3: [Character: Key] = ["A": .up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end]
}

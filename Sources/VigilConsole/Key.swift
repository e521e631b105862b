/// A key press as the console understands it, whatever terminal delivered it.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
    /// Forward delete (the Delete key, `ESC [ 3 ~`).
    case delete
    /// A control chord other than those with their own key (Tab, Enter, Backspace): `ctrl("u")` is
    /// Ctrl-U, byte 21, which clears a text field.
    case ctrl(Character)
    case unknown
}

/// Everything that can wake the console loop: one enum into one loop.
public enum ConsoleEvent: Equatable, Sendable {
    /// A key; `burst` is true when it arrived together with other keys (a paste or a held key), so
    /// that a confirmation is never taken from it by accident.
    case key(Key, burst: Bool)
    case resize(width: Int, height: Int)
}

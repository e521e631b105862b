/// The one-line prompt that filters the volume list by name, group or state as it is typed.
public struct FilterPrompt: Sendable, Equatable {
    public var text: String
    public let previous: String
    public init(current: String) {
        text = current
        previous = current
    }

    /// `.close` keeps the filter (Enter) or restores the previous one (Esc, via `cancelled`).
    public mutating func handle(_ key: Key) -> (done: Bool, cancelled: Bool) {
        switch key {
        case .escape: return (true, true)
        case .enter: return (true, false)
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .char(let c): if text.count < 40, !c.isNewline { text.append(c) }
        default: break
        }
        return (false, false)
    }
}

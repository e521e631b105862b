/// The first line a scrolling view shows. It is clamped against the line count and the page height
/// the view has when a key moves it, and again when drawing, since both change with the terminal
/// size and, for live views, with the array.
public struct ScrollPosition: Sendable, Equatable {
    public var offset = 0

    public init(offset: Int = 0) { self.offset = offset }

    /// The furthest a view of `count` lines can scroll with `page` lines showing.
    public static func limit(count: Int, page: Int) -> Int { max(0, count - max(1, page)) }

    /// The offset to draw from: never past the end, so a view that shrank shows its last page.
    public func clamped(count: Int, page: Int) -> Int { min(max(0, offset), Self.limit(count: count, page: page)) }

    /// Moves by one action; `.close` is the caller's to handle and changes nothing here.
    public mutating func apply(_ action: ScrollAction, count: Int, page: Int) {
        let page = max(1, page)
        let current = clamped(count: count, page: page)
        let target: Int
        switch action {
        case .up: target = current - 1
        case .down: target = current + 1
        case .pageUp: target = current - page
        case .pageDown: target = current + page
        case .top: target = 0
        case .bottom: target = Self.limit(count: count, page: page)
        case .close: target = current
        }
        offset = min(max(0, target), Self.limit(count: count, page: page))
    }
}

/// A run of granules `[start, end)` of one volume whose content was last written by write `token`.
///
/// Token 0 means "as the volume was at the start" and is never stored: memory grows with what
/// changed, not with capacity.
public struct ContentRun: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var token: UInt64
    public var length: Int { end - start }
}

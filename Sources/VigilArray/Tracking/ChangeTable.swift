/// A differential management table (the specification's Fig. 4): which granules of a volume changed
/// since the table was opened.
///
/// The specification allows a bitmap, a list of changed blocks, "or another description method". Here
/// a table is a watermark over the volume's `ContentMap`: a granule has changed since the table opened
/// exactly when its last writer's token is newer than `sinceToken`. The changed-granule count is kept
/// up to date on every write, so reading it is O(1).
public struct ChangeTable: Sendable, Codable, Equatable {
    public let openedAt: SimTime
    public let sinceToken: UInt64
    public internal(set) var changedGranules: Int = 0
}

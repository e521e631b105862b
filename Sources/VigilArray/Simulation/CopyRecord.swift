/// A management-information record for a copy the host asked for (the claims document): a kept
/// generation copied to a third volume, or a host-initiated backup of a source region to a named
/// destination region by mirror or snapshot. It carries the source's information along and is
/// associated with the copy's destination.
public struct CopyRecord: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, Equatable {
        /// `copy ID --to VOLUME`: a kept generation's image copied to a third volume.
        case generationCopy = "generation-copy"
        /// `backup SOURCE --to DEST --method mirror`: duplicate, then split.
        case mirror
        /// `backup SOURCE --to DEST --method snapshot`: a point-in-time image, at once.
        case snapshot
    }
    public enum State: String, Sendable, Codable, Equatable { case copying, complete }

    public let id: Int
    public let kind: Kind
    /// The record this one was copied from (for a generation copy).
    public let sourceRecord: Int?
    public let sourceVolume: String
    /// The source generation (for a generation copy).
    public let generation: Int?
    /// The method of the source generation, or of the host backup.
    public let method: String
    public let destinationVolume: String
    public let startedAt: SimTime
    public internal(set) var completedAt: SimTime?
    /// Digest of the data the copy holds: what a restore from it must rebuild (set when a mirror
    /// splits).
    public internal(set) var digest: UInt64
    public let bytes: Int64
    public internal(set) var state: State
    /// The LU holding the copy on a remote array (nil for a copy on a volume of this array).
    public internal(set) var area: Int? = nil
}

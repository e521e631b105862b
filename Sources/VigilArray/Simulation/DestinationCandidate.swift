/// A place a source region could be backed up to, as `catalog destinations` lists it (claim 2):
/// with its free space and the restore time it would give against the source's RTO.
public struct DestinationCandidate: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, Equatable { case poolTier = "pool-tier", volume, remoteArray = "remote-array" }
    public var name: String
    public var kind: Kind
    public var freeBytes: Int64
    /// Seconds to restore the whole source from there.
    public var restoreSeconds: Double
    public var rto: Int64?
    public var fits: Bool
    /// Why it cannot take the source, if it cannot.
    public var unusable: String?
}

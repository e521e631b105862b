/// Something a copy moves its bytes through, with a capacity in MB/s: one direction of a RAID
/// group or a volume (LUN) of this array, a transfer line bundle to a remote array, or one
/// direction of a remote array's RAID group.
///
/// Ordered so that the bandwidth model can visit resources in a fixed order (a run never depends
/// on hashing).
public struct TransferResource: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public enum Kind: Int, Codable, Equatable, Sendable {
        case volumeRead, volumeWrite, groupRead, groupWrite, line, remoteGroupRead, remoteGroupWrite
    }
    public let kind: Kind
    /// The volume, the RAID group or the remote array.
    public let index: Int
    /// The remote array's RAID group (0 otherwise).
    public let sub: Int

    public init(_ kind: Kind, _ index: Int, _ sub: Int = 0) {
        self.kind = kind
        self.index = index
        self.sub = sub
    }

    public static func volumeRead(_ v: Int) -> Self { .init(.volumeRead, v) }
    public static func volumeWrite(_ v: Int) -> Self { .init(.volumeWrite, v) }
    public static func groupRead(_ g: Int) -> Self { .init(.groupRead, g) }
    public static func groupWrite(_ g: Int) -> Self { .init(.groupWrite, g) }
    public static func line(_ r: Int) -> Self { .init(.line, r) }
    public static func remoteGroupRead(_ r: Int, _ g: Int) -> Self { .init(.remoteGroupRead, r, g) }
    public static func remoteGroupWrite(_ r: Int, _ g: Int) -> Self { .init(.remoteGroupWrite, r, g) }

    public static func < (a: Self, b: Self) -> Bool { (a.kind.rawValue, a.index, a.sub) < (b.kind.rawValue, b.index, b.sub) }

    /// Whether the resource is read from (the other direction, or a line, is written or carried).
    public var isRead: Bool { kind == .volumeRead || kind == .groupRead || kind == .remoteGroupRead }

    public var description: String {
        switch kind {
        case .volumeRead: "volume \(index) read"
        case .volumeWrite: "volume \(index) write"
        case .groupRead: "RAID group \(index) read"
        case .groupWrite: "RAID group \(index) write"
        case .line: "lines to remote \(index)"
        case .remoteGroupRead: "remote \(index) RAID group \(sub) read"
        case .remoteGroupWrite: "remote \(index) RAID group \(sub) write"
        }
    }
}

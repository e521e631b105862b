/// The array's request that the operator add capacity to the backup pool.
///
/// It stays pending until approved (a named spare RAID group is added) or denied. While it is
/// pending, the backups that need the space wait and their RPO lag grows; nothing is dropped.
///
/// Its figures are those of the shortage that raised it and do not change while it is pending, so
/// the event that announced it, the console's log line and the prompt all say the same thing.
public struct PoolExpansionRequest: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, Equatable { case pending, approved, denied }
    public let id: Int
    public let pool: String
    public let raisedAt: SimTime
    /// The area that could not be placed.
    public internal(set) var neededBytes: Int64
    /// Free bytes in the whole pool when the request was raised (spread over RAID groups, so it can
    /// exceed `neededBytes` when no single group has room).
    public internal(set) var freeBytes: Int64
    /// The tier of those the area may use where it came closest to fitting, and the largest area
    /// one of its RAID groups could still give. Nil in states stored before they were recorded.
    public internal(set) var tier: String?
    public internal(set) var largestFreeBytes: Int64?
    /// Volumes whose backups wait for this request.
    public internal(set) var waitingVolumes: [Int]
    /// Why it was raised, in words.
    public internal(set) var reason: String
    public internal(set) var state: State = .pending

    /// "needs 300 GiB on tier ata (largest free area 120 GiB; 176 GiB free in the pool)": the one
    /// wording of the figures, for the event log, the console's log line and its prompt.
    public var needText: String {
        var text = "needs \(ByteSize.format(neededBytes))"
        if let tier, let largest = largestFreeBytes {
            text += " on tier \(tier) (largest free area \(ByteSize.format(largest)); \(ByteSize.format(freeBytes)) free in the pool)"
        } else {
            text += ", \(ByteSize.format(freeBytes)) free in the pool"
        }
        return text
    }
}

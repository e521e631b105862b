/// The array's request that the operator add capacity to the backup pool.
///
/// It stays pending until approved (a named spare RAID group is added) or denied. While it is
/// pending, the backups that need the space wait and their RPO lag grows; nothing is dropped.
public struct PoolExpansionRequest: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable { case pending, approved, denied }
    public let id: Int
    public let pool: String
    public let raisedAt: SimTime
    /// The largest single area a waiting backup (or the changed data) needs.
    public internal(set) var neededBytes: Int64
    /// Free bytes in the pool when the request was raised or last updated.
    public internal(set) var freeBytes: Int64
    /// Volumes whose backups wait for this request.
    public internal(set) var waitingVolumes: [Int]
    /// Why it was raised, in words.
    public internal(set) var reason: String
    public internal(set) var state: State = .pending
}

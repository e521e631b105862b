/// One transfer line to a remote backup array (Fibre Channel, Ethernet …). Several may be bundled;
/// the bandwidth in force is the sum of the lines that are up.
public struct TransferLine: Sendable, Codable, Equatable {
    public var mbps: Double
    public var latencySeconds: Double
    public var up = true
    public init(mbps: Double, latencySeconds: Double) {
        self.mbps = mbps
        self.latencySeconds = latencySeconds
    }
}

/// A logical unit the remote array's volume manager created for a backup, of exactly the size asked.
public struct RemoteLU: Sendable, Codable, Equatable {
    public let lun: Int
    public let raidGroup: Int
    public let bytes: Int64
    public var purpose: AreaPurpose
}

/// A remote backup array (the specification's second embodiment): its own RAID groups and volume
/// manager, reached over transfer lines, and its own management-information region.
public struct RemoteArray: Sendable, Codable, Equatable {
    public let id: String
    public let index: Int
    public internal(set) var raidGroups: [RAIDGroup]
    public internal(set) var lines: [TransferLine]
    /// Its copy program can assemble a full from the previous backup, so only changed data crosses
    /// the line.
    public let canCopy: Bool
    public internal(set) var lus: [Int: RemoteLU] = [:]
    var used: [Int: Int64] = [:]
    var diskFigures: [DiskType: DiskFigures] = [:]
    /// Copy records stored in this array's own management region (`catalog copy --to-array`).
    public internal(set) var records: [CopyRecord] = []

    /// MB/s the lines carry now: the sum of those up.
    public var bandwidth: Double { lines.filter(\.up).reduce(0) { $0 + $1.mbps } }
    public var capacity: Int64 { raidGroups.reduce(0) { $0 + $1.capacity } }
    public var free: Int64 { raidGroups.indices.reduce(0) { $0 + raidGroups[$1].capacity - (used[$1] ?? 0) } }
    public var largestFree: Int64 { raidGroups.indices.map { raidGroups[$0].capacity - (used[$0] ?? 0) }.max() ?? 0 }

    /// The streaming figures of one of its RAID groups (the same model as the local array's).
    public func figures(_ g: Int) -> (read: Double, write: Double) {
        let rg = raidGroups[g]
        return rg.layout.throughput(disk: diskFigures[rg.diskType] ?? .defaults(for: rg.diskType), degraded: rg.degraded)
    }

    /// The group an LU of `bytes` would be created on: the one with most free space.
    func placement(_ bytes: Int64) -> Int? {
        raidGroups.indices.filter { raidGroups[$0].capacity - (used[$0] ?? 0) >= bytes }
            .max { (raidGroups[$0].capacity - (used[$0] ?? 0), -$0) < (raidGroups[$1].capacity - (used[$1] ?? 0), -$1) }
    }

    /// The volume manager creates an LU of exactly `bytes`, so no capacity is wasted.
    mutating func createLU(bytes: Int64, lun: Int, purpose: AreaPurpose) -> RemoteLU? {
        guard let g = placement(bytes) else { return nil }
        let lu = RemoteLU(lun: lun, raidGroup: g, bytes: bytes, purpose: purpose)
        lus[lun] = lu
        used[g, default: 0] += bytes
        return lu
    }

    mutating func release(_ lun: Int) {
        guard let lu = lus.removeValue(forKey: lun) else { return }
        used[lu.raidGroup, default: 0] -= lu.bytes
    }
}

/// A copy over a transfer line in flight: how much still has to cross, at what rate since when.
struct RemoteTransfer: Sendable, Codable, Equatable {
    var remote: Int
    var lun: Int
    /// Generation number, or nil for the initial copy.
    var generation: Int?
    var lineBytesLeft: Double
    /// Seconds of work on the remote side that need no line (assembling a full there).
    var remoteSeconds: Int64
    var mbps: Double
    var since: SimTime
    var epoch: Int
}

/// The backup destination management program (116 in the specification's second embodiment): it
/// "manages the backup volume for backup data" on remote backup storage systems. It asks each
/// remote array's volume management program (117) for an LU of exactly the capacity a backup
/// needs (Fig. 9 step 905), keeps what it reports (LUN, RAID layout, disk type, speed) and frees
/// the LU when its backup is invalidated (Fig. 10 step 1003).
///
/// It owns the remote arrays (their RAID groups, LUs, lines and the copy records kept in their own
/// management regions, with the data those copies hold), the LUN counter for remote LUs, and the
/// transfers over the lines stored by versions before copies shared bandwidth. What crosses the
/// lines now is the data transfer program's (`BandwidthModel` in `CopyFlows`): this program only
/// says which resources an LU is reached through and what the lines carry.
///
/// It emits nothing and schedules nothing: the backup control program asks it to create, release
/// or relabel an LU, or to change a line, and reports what it answered as events.
struct BackupDestinationManagement {
    /// The remote arrays, in scenario order (a `BackupDestination.remoteArray` is an index here).
    private(set) var remotes: [RemoteArray]
    /// Per volume index, a transfer stored by a version before copies shared bandwidth; it runs on
    /// at its own rate until it completes. Only looked up by key or iterated sorted.
    private(set) var transfers: [Int: RemoteTransfer]
    /// The LUN the next remote LU gets. Remote LUNs start far above the pool's so that a LUN names
    /// one area in the whole array.
    private(set) var nextLUN: Int
    /// The data each copy kept on a remote array holds, by record ID. Kept apart from the records,
    /// as a store keeps it apart from them (not coded).
    private(set) var images: [Int: ContentMap]

    static let firstLUN = 50_000

    init(remotes: [RemoteArray] = [], transfers: [Int: RemoteTransfer] = [:], nextLUN: Int = Self.firstLUN,
         images: [Int: ContentMap] = [:]) {
        self.remotes = remotes
        self.transfers = transfers
        self.nextLUN = nextLUN
        self.images = images
    }

    /// The remote array with this id.
    func index(named id: String) -> Int? { remotes.firstIndex { $0.id == id } }

    // MARK: LUs

    /// The remote array holding an LU, if the LUN is one.
    func holding(_ lun: Int) -> Int? { remotes.firstIndex { $0.lus[lun] != nil } }

    /// The remote array and the LU a LUN names, if it is a remote one.
    func lu(_ lun: Int) -> (remote: Int, lu: RemoteLU)? {
        guard let r = holding(lun), let lu = remotes[r].lus[lun] else { return nil }
        return (r, lu)
    }

    /// The row the volume manager reports for one of a remote's LUs: its RAID group's figures,
    /// not limited by the lines (the performance table keeps what the disks deliver).
    private func reported(_ lu: RemoteLU, on r: Int) -> PerformanceEntry {
        let rg = remotes[r].raidGroups[lu.raidGroup]
        let f = remotes[r].figures(lu.raidGroup)
        return PerformanceEntry(lun: lu.lun, name: "\(remotes[r].id)/LU\(lu.lun)", layout: rg.layout, diskType: rg.diskType,
                                capacity: lu.bytes, readMBps: f.read, writeMBps: f.write, overridden: false, degraded: rg.degraded)
    }

    /// The figures a remote LU offers the local array: its RAID group's, limited by the lines up now.
    func entry(_ lun: Int) -> PerformanceEntry? {
        guard let (r, lu) = lu(lun) else { return nil }
        var e = reported(lu, on: r)
        let bw = remotes[r].bandwidth
        e.readMBps = min(e.readMBps, bw)
        e.writeMBps = min(e.writeMBps, bw)
        return e
    }

    /// What remote array `r` offers the planner now: the group an LU would be created on (its
    /// first when none has room, so the speed shown is still a real one), limited by the lines.
    func offer(_ r: Int) -> TierOffer {
        let remote = remotes[r]
        let g = remote.placement(1) ?? 0
        let f = remote.raidGroups.isEmpty ? (read: 0.0, write: 0.0) : remote.figures(g)
        return TierOffer(destination: .remoteArray(r), name: remote.id, readMBps: min(f.read, remote.bandwidth),
                         writeMBps: min(f.write, remote.bandwidth), largestFree: remote.largestFree)
    }

    /// An LU the volume manager created, with the row it reports for the performance table.
    struct CreatedLU: Equatable {
        var remote: Int
        var lun: Int
        var reported: PerformanceEntry
    }

    /// Asks remote array `r`'s volume manager for an LU of exactly `bytes` (so no capacity is
    /// wasted); nil when no RAID group of it has room. The LUN is used only when the LU is created.
    mutating func createLU(bytes: Int64, on r: Int, purpose: AreaPurpose) -> CreatedLU? {
        guard let lu = remotes[r].createLU(bytes: bytes, lun: nextLUN, purpose: purpose) else { return nil }
        nextLUN += 1
        return CreatedLU(remote: r, lun: lu.lun, reported: reported(lu, on: r))
    }

    /// Frees a remote LU; false when the LUN is not a remote one (it is the pool's).
    mutating func release(_ lun: Int) -> Bool {
        guard let r = holding(lun) else { return false }
        remotes[r].release(lun)
        return true
    }

    /// A remote LU changes what it holds; false when the LUN is not a remote one.
    mutating func relabel(_ lun: Int, as purpose: AreaPurpose) -> Bool {
        guard let r = holding(lun) else { return false }
        remotes[r].lus[lun]?.purpose = purpose
        return true
    }

    /// Every remote LU as stores and checks see it.
    var areas: [Int: AreaInfo] {
        var out: [Int: AreaInfo] = [:]
        for r in remotes {
            for (lun, lu) in r.lus {
                out[lun] = AreaInfo(tier: r.id, raidGroup: "\(r.id)/\(r.raidGroups[lu.raidGroup].name)", bytes: lu.bytes, purpose: lu.purpose)
            }
        }
        return out
    }

    // MARK: What copies go through

    /// What reading a remote LU goes through: its RAID group and the lines; nil when the LUN is
    /// not a remote one.
    func readPath(_ lun: Int) -> [TransferResource]? {
        lu(lun).map { [.remoteGroupRead($0.remote, $0.lu.raidGroup), .line($0.remote)] }
    }

    func writePath(_ lun: Int) -> [TransferResource]? {
        lu(lun).map { [.remoteGroupWrite($0.remote, $0.lu.raidGroup), .line($0.remote)] }
    }

    /// Two LUs of one remote array copy inside it (its copy program), so nothing crosses the
    /// lines; nil when they are not on the same remote array.
    func internalCopyPath(from source: Int, to destination: Int) -> [TransferResource]? {
        guard let a = lu(source), let b = lu(destination), a.remote == b.remote else { return nil }
        return [.remoteGroupRead(a.remote, a.lu.raidGroup), .remoteGroupWrite(b.remote, b.lu.raidGroup)]
    }

    /// The latency a copy to remote `r` waits after its data crossed: the slowest line up, in whole
    /// seconds (0 while every line is down).
    func latencySeconds(_ r: Int) -> Int64 {
        Int64(remotes[r].lines.filter(\.up).map(\.latencySeconds).max()?.rounded(.up) ?? 0)
    }

    // MARK: Lines

    /// What a line going down or coming back changed, for the backup control program to report.
    struct LineChange: Equatable {
        var remote: Int
        /// Volumes whose stored transfer stopped at 0 MB/s, and whose came back, in volume order.
        var paused: [Int] = []
        var resumed: [Int] = []
        /// Volumes whose stored transfer on that array must be rescheduled at its new rate (its
        /// epoch was bumped, so what was scheduled before is dropped), in volume order.
        var rescheduled: [Int] = []
    }

    /// The remote array whose line `line` may go down (`up` false) or come back now; why not when
    /// the array or the line does not exist or is already so. Asked before `setLine`, so that the
    /// coordinator can read the copies' rates between the check and the change.
    func lineChangeAllowed(named name: String, _ line: Int, up: Bool) -> Result<Int, LineRefusal> {
        guard let r = index(named: name) else { return .failure(LineRefusal("no remote array named \(name)")) }
        guard remotes[r].lines.indices.contains(line) else {
            return .failure(LineRefusal("\(name) has lines 0…\(remotes[r].lines.count - 1), not \(line)"))
        }
        guard remotes[r].lines[line].up != up else {
            return .failure(LineRefusal("line \(line) of \(name) is already \(up ? "up" : "down")"))
        }
        return .success(r)
    }

    /// Line `line` of remote array `r` goes down or comes back at `now`. Stored transfers on that
    /// array account for what crossed at their old rate, then run at the slower of their volume's
    /// read (`volumeReadMBps`, performance management's figure) and their LU's write with the
    /// line's new state; 0 pauses them (no generation is complete until all its data arrived).
    mutating func setLine(remote r: Int, _ line: Int, up: Bool, at now: SimTime,
                          volumeReadMBps: (_ volume: Int) -> Double) -> LineChange {
        var change = LineChange(remote: r)
        let moving = transfers.keys.sorted().filter { transfers[$0]?.remote == r }
        for v in moving {
            guard var t = transfers[v] else { continue }
            t.lineBytesLeft = max(0, t.lineBytesLeft - Double(now - t.since) * t.mbps * 1_000_000)
            t.since = now
            t.epoch += 1
            transfers[v] = t
        }
        if remotes[r].lines.indices.contains(line) { remotes[r].lines[line].up = up }
        for v in moving {
            guard var t = transfers[v] else { continue }
            let was = t.mbps
            t.mbps = min(volumeReadMBps(v), entry(t.lun)?.writeMBps ?? 0)
            transfers[v] = t
            if t.mbps == 0, was > 0 { change.paused.append(v) }
            if t.mbps > 0, was == 0 { change.resumed.append(v) }
            change.rescheduled.append(v)
        }
        return change
    }

    /// Why a line change was refused (the message is the command's answer).
    struct LineRefusal: Error, Equatable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// A stored transfer's due instant came: it is over unless the line changed since it was
    /// scheduled (`epoch`). Returns the finished transfer.
    mutating func finishTransfer(volume v: Int, epoch: Int) -> RemoteTransfer? {
        guard let t = transfers[v], t.epoch == epoch else { return nil }
        transfers[v] = nil
        return t
    }

    // MARK: Records kept on remote arrays

    /// Keeps a copy record in remote array `r`'s own management region (with its LU), with the
    /// data it will hold once copied.
    mutating func keep(_ record: CopyRecord, on r: Int, image: ContentMap) {
        remotes[r].records.append(record)
        images[record.id] = image
    }

    /// Marks the copy record `id` complete at `time` on whichever remote keeps it; returns the
    /// records completed (none when no remote keeps it).
    mutating func completeRecord(_ id: Int, at time: SimTime) -> [CopyRecord] {
        var done: [CopyRecord] = []
        for r in remotes.indices {
            guard let i = remotes[r].records.firstIndex(where: { $0.id == id }) else { continue }
            remotes[r].records[i].state = .complete
            remotes[r].records[i].completedAt = time
            done.append(remotes[r].records[i])
        }
        return done
    }

    /// The data a remote copy record holds.
    func image(_ id: Int) -> ContentMap? { images[id] }

    /// Rebuilds a complete copy kept on a remote array and checks it against its record's digest.
    func verify(record id: Int) -> Bool {
        guard let rec = remotes.lazy.flatMap(\.records).first(where: { $0.id == id }), rec.state == .complete,
              let image = images[id] else { return false }
        return image.recomputedDigest() == rec.digest
    }
}

// The arrays, the stored transfers and the LUN counter are coded under the names `SimulatorState`
// has always used for them; the copies' data is not: a store keeps it in a region of its own.
extension BackupDestinationManagement: Codable {
    enum CodingKeys: String, CodingKey { case remotes, transfers, nextRemoteLUN }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(remotes: try c.decode([RemoteArray].self, forKey: .remotes),
                  transfers: try c.decode([Int: RemoteTransfer].self, forKey: .transfers),
                  nextLUN: try c.decode(Int.self, forKey: .nextRemoteLUN))
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(remotes, forKey: .remotes)
        try c.encode(transfers, forKey: .transfers)
        try c.encode(nextLUN, forKey: .nextRemoteLUN)
    }
}

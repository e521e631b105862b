/// The copy program (program 111 of the specification): it "duplicates or copies data in the
/// storage system". It owns, per volume, the local copy in flight (the generation being copied, its
/// window and planned end), the standing mirror and whether one is still wanted, the retention
/// merge in flight and whether a restore writes the volume; and, for the array, the initial copies
/// in flight, the restores in flight and their IDs.
///
/// It only keeps that state and judges it (may a backup start now, which mirror transition
/// applies, which merge runs): the backup control program (`ArraySimulator`) starts and ends the
/// copies in the bandwidth model, allocates their areas and emits every event.
struct CopyProgram {
    /// One volume's copies in flight and its standing mirror.
    struct VolumeCopies: Equatable {
        /// Generation number whose copy is in flight (the initial full's number during the initial copy).
        var copying: Int?
        /// When the copy in flight started and will end (for progress).
        var copyWindow: TimeWindow?
        /// When the copy in flight was planned to end when it began (a paused transfer does not move
        /// it): an on-time backup keeps the RPO until then.
        var plannedEnd: SimTime?
        var mirror: MirrorState = .none
        /// The group wants a mirror but none could be allocated yet.
        var mirrorWanted = false
        /// Set while a restore writes onto this volume.
        var restoring = false
        /// The retention merge in flight, if any.
        var merging: MergeInFlight?
    }

    /// Why a backup of a volume must wait instead of starting now.
    enum BackupHold: Equatable {
        /// A restore writes the volume: a backup now would copy a half-restored image.
        case restoring
        /// The previous backup (or the initial copy) is still copying.
        case copying
    }

    /// Per volume, by volume index.
    private(set) var volumes: [VolumeCopies]
    /// Areas receiving a volume's initial copy (Fig. 5 step 507), until it is split off, by volume.
    private(set) var initialAreas: [Int: InitialCopy]
    /// Restores in flight, by restore ID.
    private(set) var restores: [Int: RestoreInFlight]
    /// The ID the next restore takes.
    private(set) var nextRestoreID: Int

    init(volumes count: Int) {
        volumes = Array(repeating: VolumeCopies(), count: count)
        initialAreas = [:]
        restores = [:]
        nextRestoreID = 1
    }

    init(volumes: [VolumeCopies], initialAreas: [Int: InitialCopy], restores: [Int: RestoreInFlight], nextRestoreID: Int) {
        self.volumes = volumes
        self.initialAreas = initialAreas
        self.restores = restores
        self.nextRestoreID = nextRestoreID
    }

    subscript(volume v: Int) -> VolumeCopies { volumes[v] }

    /// A volume added while the array runs (a file group's volume) has no copies yet.
    mutating func addVolume() { volumes.append(VolumeCopies()) }

    // MARK: Backups

    /// Whether a backup of the volume must wait: a restore writing it comes first, then a copy.
    func hold(volume v: Int) -> BackupHold? {
        if volumes[v].restoring { return .restoring }
        if volumes[v].copying != nil { return .copying }
        return nil
    }

    /// Whether any copy of the volume's own backups runs: a generation copying or its initial copy.
    func backupCopying(volume v: Int) -> Bool { volumes[v].copying != nil || initialAreas[v] != nil }

    /// The initial copy of generation `number` begins into `area`; its window opens at `now`.
    mutating func beginInitialCopy(volume v: Int, generation number: Int, area: Int, at now: SimTime) {
        volumes[v].copying = number
        initialAreas[v] = InitialCopy(area: area, started: now)
        volumes[v].copyWindow = TimeWindow(start: now, end: now)
    }

    /// The initial copy is split off: what it was (nil when none was running).
    mutating func finishInitialCopy(volume v: Int) -> InitialCopy? {
        guard let initial = initialAreas.removeValue(forKey: v) else { return nil }
        volumes[v].copying = nil
        return initial
    }

    /// A backup's copy of generation `number` begins; its window opens at `now`.
    mutating func beginCopy(volume v: Int, generation number: Int, at now: SimTime) {
        volumes[v].copying = number
        volumes[v].copyWindow = TimeWindow(start: now, end: now)
    }

    /// The copy in flight is now expected to end at `end` (the window keeps its start; an
    /// initial copy or transfer that had none starts it at `now`).
    mutating func expectEnd(volume v: Int, at end: SimTime, now: SimTime) {
        volumes[v].copyWindow = TimeWindow(start: volumes[v].copyWindow?.start ?? now, end: end)
    }

    /// The end the copy in flight was planned for when it began (see `VolumeCopies.plannedEnd`).
    mutating func plan(volume v: Int, end: SimTime) { volumes[v].plannedEnd = end }

    /// The copy of the volume's generation has completed.
    mutating func finishCopy(volume v: Int) { volumes[v].copying = nil }

    /// The bandwidth model moved the end of the volume's copy to `due` (nil: stopped at 0 MB/s).
    /// The window follows; the planned end does too, since a backup started on time keeps its RPO
    /// for as long as its copy takes with the bandwidth it shares — but one stopped (a line down)
    /// keeps the end it had, so the outage shows as RPO lag.
    mutating func copyRescheduled(volume v: Int, due: SimTime?) {
        if let w = volumes[v].copyWindow { volumes[v].copyWindow = TimeWindow(start: w.start, end: due ?? w.end) }
        if let due { volumes[v].plannedEnd = due }
    }

    /// The backup in flight as the RPO sees it: the point in time it will cover and when it was
    /// planned to end (until then the RPO is kept). The initial copy covers the instant it began;
    /// a generation its trigger instant (`triggeredAt` looks the generation up). Nil when none runs.
    func backupInFlight(volume v: Int, triggeredAt: (Int) -> SimTime?) -> (point: SimTime, plannedEnd: SimTime)? {
        // Fields rather than a copy of the volume's record, and no hashing once the initial
        // copies are done: compliance asks for every volume at every instant.
        if !initialAreas.isEmpty, let initial = initialAreas[v] { return (initial.started, volumes[v].plannedEnd ?? initial.started) }
        if let n = volumes[v].copying, let point = triggeredAt(n) { return (point, volumes[v].plannedEnd ?? point) }
        return nil
    }

    // MARK: The standing mirror

    /// Whether a new standing mirror should be made: the group keeps one and none exists.
    func needsMirror(volume v: Int, groupMirrors: Bool) -> Bool { groupMirrors && volumes[v].mirror == .none }

    /// Whether the mirror is in step, so that a full can be taken by splitting it.
    func mirrorReady(volume v: Int) -> Bool {
        if case .inSync = volumes[v].mirror { return true }
        return false
    }

    /// Splits the in-step mirror off as a full: its area, or nil when the mirror is not in step.
    mutating func splitMirror(volume v: Int) -> Int? {
        guard case .inSync(let area) = volumes[v].mirror else { return nil }
        volumes[v].mirror = .none
        return area
    }

    /// No area could be allocated for the mirror: it is wanted until one can.
    mutating func wantMirror(volume v: Int) { volumes[v].mirrorWanted = true }

    /// The mirror's area is allocated and syncing until `until`.
    mutating func startMirror(volume v: Int, area: Int, until: SimTime) {
        volumes[v].mirrorWanted = false
        volumes[v].mirror = .syncing(area: area, until: until)
    }

    /// The re-mirror into `area` has copied the whole volume; false when that is not the mirror
    /// syncing (a stale completion), which changes nothing.
    mutating func mirrorSynced(volume v: Int, area: Int) -> Bool {
        guard case .syncing(area, _) = volumes[v].mirror else { return false }
        volumes[v].mirror = .inSync(area: area)
        return true
    }

    /// Pool areas that hold a standing mirror or an initial copy in flight (no record owns them).
    var mirrorAreas: Set<Int> {
        var areas = Set(initialAreas.values.map(\.area))
        for copies in volumes {
            switch copies.mirror {
            case .inSync(let a), .syncing(let a, _): areas.insert(a)
            case .none: break
            }
        }
        return areas
    }

    // MARK: Merges

    /// The retention merge running on the volume, if any (one at a time per volume).
    func merge(volume v: Int) -> MergeInFlight? { volumes[v].merging }

    mutating func beginMerge(volume v: Int, _ merge: MergeInFlight) { volumes[v].merging = merge }

    /// The merge has ended: what it was (nil when none ran).
    mutating func finishMerge(volume v: Int) -> MergeInFlight? {
        defer { volumes[v].merging = nil }
        return volumes[v].merging
    }

    // MARK: Restores

    /// A restore begins: its ID. A restore onto a volume (not a verification) marks it as written.
    mutating func beginRestore(_ restore: RestoreInFlight) -> Int {
        let id = nextRestoreID
        nextRestoreID += 1
        restores[id] = restore
        if let t = restore.target { volumes[t].restoring = true }
        return id
    }

    /// The restore has ended: what it was (nil when none has that ID). Its target may be backed up again.
    mutating func finishRestore(_ id: Int) -> RestoreInFlight? {
        guard let r = restores.removeValue(forKey: id) else { return nil }
        if let t = r.target { volumes[t].restoring = false }
        return r
    }

    /// The restore writing onto the volume, if any (the lowest ID, should there be several).
    func restore(onto v: Int) -> RestoreInFlight? {
        restores.keys.sorted().lazy.compactMap { self.restores[$0] }.first { $0.target == v }
    }
}

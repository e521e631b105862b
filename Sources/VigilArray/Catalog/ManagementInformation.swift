/// The management information of the claims document: the record the array keeps for every backup
/// in a region of its own, apart from the backup data, and the commands that list, read, delete and
/// copy those records (`../shared/design/backup-semantics.md`, "Management information").
///
/// It owns the record-ID counter (shared by generations, copies and copies kept on remote arrays,
/// so that an ID names one record in the whole array and is never reused), every volume's backup
/// generation records (`records`, with the data each holds as its `content`), and the records of
/// the copies the host asked for, with the data each holds. Chains, retention, merges and restores
/// read the generations through its lookups and change them through its methods; it judges their
/// deletion (`deletion(of:…)`). Copies kept in a remote array's region belong to that array.
///
/// It emits nothing: the backup control program asks it to take, complete or delete a record and
/// reports what it answered as events.
struct ManagementInformation {
    /// The last record ID handed out (0 before the first).
    private(set) var lastRecordID: Int
    /// Records of copies the host asked for, in the order they were opened (ascending IDs).
    private(set) var copies: [CopyRecord]
    /// The data each complete copy holds, by record ID: what `verify(copy:)` rebuilds. Kept apart
    /// from the records, as a store keeps it apart from them.
    private(set) var images: [Int: ContentMap]
    /// Each volume's kept generations, by volume index, oldest first (ascending numbers).
    private(set) var records: [[BackupGeneration]]

    init(lastRecordID: Int = 0, copies: [CopyRecord] = [], images: [Int: ContentMap] = [:],
         records: [[BackupGeneration]] = []) {
        self.lastRecordID = lastRecordID
        self.copies = copies
        self.images = images
        self.records = records
    }

    /// A new record ID, one past the last.
    mutating func takeRecordID() -> Int {
        lastRecordID += 1
        return lastRecordID
    }

    // MARK: Reading

    /// The copy record with this ID, if it is one.
    func copy(_ id: Int) -> CopyRecord? { copies.first { $0.id == id } }

    /// The data a complete copy holds.
    func image(_ id: Int) -> ContentMap? { images[id] }

    /// Whether a copy is being written onto `volume` (a volume takes one copy at a time).
    func isReceivingCopy(_ volume: String) -> Bool {
        copies.contains { $0.state == .copying && $0.destinationVolume == volume }
    }

    /// Why record `id`, not being a kept generation, cannot be copied: a copy is copied from the
    /// generation it came from, so that the new record names that generation as its source.
    func notAGeneration(_ id: Int) -> String {
        copy(id) != nil ? "record \(id) is a copy; copy the generation it came from" : "no record \(id)"
    }

    /// Rebuilds a complete copy's data and checks it against the digest its record carries.
    func verify(copy id: Int) -> Bool {
        guard let c = copy(id), c.state == .complete, let image = images[id] else { return false }
        return image.recomputedDigest() == c.digest
    }

    // MARK: Opening and completing copy records

    /// A new record for a copy of kept generation `gen` of `volume` to `destination`, with the
    /// source's information carried along (its record, generation, method and digest); not yet
    /// kept here, since a copy to another array is kept in that array's region.
    mutating func generationCopy(of gen: BackupGeneration, volume: String, to destination: String,
                                 bytes: Int64, at time: SimTime) -> CopyRecord {
        CopyRecord(id: takeRecordID(), kind: .generationCopy, sourceRecord: gen.recordID, sourceVolume: volume,
                   generation: gen.number, method: gen.method.rawValue, destinationVolume: destination, startedAt: time,
                   completedAt: nil, digest: gen.digest, bytes: bytes, state: .copying)
    }

    /// A new record for a host-initiated backup of `source` to `destination` by mirror or snapshot.
    /// Its digest is the source's now; a mirror's is replaced by the image's when it splits.
    mutating func hostBackup(_ method: CopyRecord.Kind, of source: String, to destination: String,
                             digest: UInt64, bytes: Int64, at time: SimTime) -> CopyRecord {
        CopyRecord(id: takeRecordID(), kind: method, sourceRecord: nil, sourceVolume: source, generation: nil,
                   method: method.rawValue, destinationVolume: destination, startedAt: time, completedAt: nil,
                   digest: digest, bytes: bytes, state: .copying)
    }

    /// Keeps a copy record while its copy runs.
    mutating func keep(_ record: CopyRecord) { copies.append(record) }

    /// Drops a record whose copy could not start (its ID stays used: IDs are never reused).
    mutating func withdraw(_ id: Int) { copies.removeAll { $0.id == id } }

    /// Re-associates a copying record with the data now on its destination: complete at `time`,
    /// holding `image`. A generation copy keeps the digest carried from its source record (the
    /// image was checked against it); a mirror or snapshot holds the source as it was at the split,
    /// so its digest becomes the image's. Nil when no copy with this ID is copying.
    mutating func complete(_ id: Int, holding image: ContentMap, at time: SimTime) -> CopyRecord? {
        guard let i = copies.firstIndex(where: { $0.id == id }), copies[i].state == .copying else { return nil }
        if copies[i].kind != .generationCopy { copies[i].digest = image.digest }
        copies[i].state = .complete
        copies[i].completedAt = time
        images[id] = image
        return copies[i]
    }

    // MARK: Generation records

    /// Room for the records of one more volume (the next index).
    mutating func addVolume() { records.append([]) }

    /// Volume `v`'s kept generations, oldest first.
    func generations(_ v: Int) -> [BackupGeneration] { records[v] }

    /// How many generations volume `v` keeps (complete or copying).
    func keptCount(_ v: Int) -> Int { records[v].count }

    /// Volume `v`'s generation with this number.
    func generation(_ v: Int, _ number: Int) -> BackupGeneration? { records[v].first { $0.number == number } }

    /// Where volume `v`'s generation with this number is in `generations(v)`.
    func index(_ v: Int, of number: Int) -> Int? { records[v].firstIndex { $0.number == number } }

    /// Volume `v`'s newest complete generation.
    func newestComplete(_ v: Int) -> BackupGeneration? { newestCompleteIndex(v).map { records[v][$0] } }

    /// Where volume `v`'s newest complete generation is in `generations(v)`. Compliance reads the
    /// newest generation of every volume at every instant: by position, only the fields it needs
    /// are read, where `newestComplete` copies a whole record.
    func newestCompleteIndex(_ v: Int) -> Int? {
        var i = records[v].count - 1
        while i >= 0 {
            if records[v][i].state == .complete { return i }
            i -= 1
        }
        return nil
    }

    /// The number and point in time of volume `v`'s newest complete generation.
    func newestCompletePoint(_ v: Int) -> (number: Int, triggeredAt: SimTime)? {
        guard let i = newestCompleteIndex(v) else { return nil }
        return (records[v][i].number, records[v][i].triggeredAt)
    }

    /// Whether volume `v` keeps a complete generation.
    func hasComplete(_ v: Int) -> Bool { records[v].contains { $0.state == .complete } }

    /// Generation `number` of volume `v` and the kept generations it is applied on, oldest first:
    /// from its parent up while each parent is kept. Empty when it is not kept; when a parent is
    /// missing, the chain starts at the generation that names it (whose `parent` is then not nil).
    func chain(_ v: Int, of number: Int) -> [BackupGeneration] {
        // Walked by position in the volume's list (a handful of records), collecting positions
        // first so that each record is copied once, into the result: this runs at every trigger
        // and every compliance check.
        chainPositions(v, of: number).map { records[v][$0] }
    }

    /// Where the first member of `chain(v, of: number)` (its root) is in `generations(v)`, walked
    /// without collecting the chain: the RTO-derived trigger reads it for every volume at every tick.
    func chainRootPosition(_ v: Int, of number: Int) -> Int? {
        let list = records[v]
        guard var i = list.firstIndex(where: { $0.number == number }) else { return nil }
        // As `chainPositions`: a chain cannot be longer than the list.
        var length = 1
        while length <= list.count, let p = list[i].parent, let j = list.firstIndex(where: { $0.number == p }) {
            length += 1
            i = j
        }
        return i
    }

    /// Where the members of `chain(v, of: number)` are in `generations(v)`, oldest first: for
    /// callers that read a field or two of each member and need no copy of the records.
    func chainPositions(_ v: Int, of number: Int) -> [Int] {
        let list = records[v]
        guard var i = list.firstIndex(where: { $0.number == number }) else { return [] }
        var positions = [i]
        // A chain cannot be longer than the list; a damaged state whose parents loop stops there.
        while positions.count <= list.count, let p = list[i].parent, let j = list.firstIndex(where: { $0.number == p }) {
            positions.append(j)
            i = j
        }
        positions.reverse()
        return positions
    }

    /// Keeps the record of a new generation of volume `v` (the newest).
    mutating func append(_ gen: BackupGeneration, volume v: Int) { records[v].append(gen) }

    /// Marks generation `number` of volume `v` complete at `time`; nil when it is not kept.
    mutating func markComplete(volume v: Int, number: Int, at time: SimTime) -> BackupGeneration? {
        guard let i = index(v, of: number) else { return nil }
        records[v][i].state = .complete
        records[v][i].completedAt = time
        return records[v][i]
    }

    /// Drops the record at `index` of volume `v`'s generations (invalidated) and returns it.
    mutating func remove(volume v: Int, at index: Int) -> BackupGeneration { records[v].remove(at: index) }

    /// Completes a merge of volume `v`'s oldest generation into the next: the next becomes a merged
    /// full holding `image` in the base's area, `bytes` long; what was applied on the base is now
    /// applied on it; the base's record goes. Nil unless the two oldest are `base` and `into`.
    mutating func mergeOldest(volume v: Int, base: Int, into: Int, image: ContentMap, bytes: Int64)
        -> (base: BackupGeneration, into: BackupGeneration)? {
        guard records[v].count >= 2, records[v][0].number == base, records[v][1].number == into else { return nil }
        let old = records[v][0], next = records[v][1]
        records[v][1].content = .image(image)
        records[v][1].method = .full
        records[v][1].copyFunction = .mergedFull
        records[v][1].parent = nil
        records[v][1].area = old.area
        records[v][1].bytes = bytes
        records[v][1].revision += 1
        // A differential based on the old full holds every granule changed since it, so it applies
        // just as well on top of the merged full, which lies between the two points in time.
        for i in records[v].indices where records[v][i].parent == old.number {
            records[v][i].parent = next.number
        }
        records[v].remove(at: 0)
        return (old, next)
    }

    /// Takes the image record `index` of volume `v` holds out of it (its data becomes an empty
    /// delta) and returns it, so that the caller holds the only reference and edits it in place.
    /// Only for a record about to go (the base of a merge being completed).
    mutating func takeImage(volume v: Int, at index: Int) -> ContentMap? {
        guard case .image(let map) = records[v][index].content else { return nil }
        records[v][index].content = .delta([])
        return map
    }

    /// Sets the data record `index` of volume `v` holds (a stored state's data, kept apart).
    mutating func attach(_ content: GenerationContent, volume v: Int, at index: Int) { records[v][index].content = content }

    /// Sets every kept generation's data from the store's, by record ID (none stored: no changes).
    mutating func attachData(_ data: [Int: GenerationContent]) {
        for v in records.indices {
            for i in records[v].indices { records[v][i].content = data[records[v][i].recordID] ?? .delta([]) }
        }
    }

    // MARK: Deleting

    /// What deleting record `id` comes to, if it is a copy record.
    enum CopyDeletion: Equatable {
        /// No copy record has this ID (it may be a generation's).
        case notACopy
        case refused(String)
        /// The record and its data are gone; the volume holding the copy keeps its content.
        case deleted(CopyRecord)
    }

    /// Deletes a copy record and its data, unless its copy is still running.
    mutating func deleteCopy(_ id: Int) -> CopyDeletion {
        guard let c = copies.firstIndex(where: { $0.id == id }) else { return .notACopy }
        if copies[c].state == .copying { return .refused("record \(id) (copy to \(copies[c].destinationVolume)) is still copying") }
        let record = copies.remove(at: c)
        images[id] = nil
        return .deleted(record)
    }

    /// Whether a generation's record may be deleted, judged on the records alone.
    enum GenerationDeletion: Equatable {
        case refused(String)
        /// Allowed; `newest` when it is the volume's newest complete generation, whose deletion
        /// leaves the volume's change table describing nothing kept.
        case allowed(newest: Bool)
    }

    /// Whether generation `gen` (record `gen.recordID`) of `volume` may be deleted, given the
    /// volume's kept generations and the merge in flight: not while it is copying or being merged,
    /// nor while a kept generation is applied on top of it (its restore would lose its base).
    static func deletion(of gen: BackupGeneration, volume: String, kept: [BackupGeneration],
                         merging: MergeInFlight?) -> GenerationDeletion {
        let id = gen.recordID
        if gen.state == .copying { return .refused("record \(id) (\(volume) generation \(gen.number)) is still copying") }
        if let m = merging, m.base == gen.number || m.into == gen.number {
            return .refused("record \(id) (\(volume) generation \(gen.number)) is being merged (generation \(m.base) into \(m.into))")
        }
        let dependents = kept.filter { $0.parent == gen.number }.map(\.number)
        if !dependents.isEmpty {
            return .refused("record \(id) (\(volume) generation \(gen.number)) is the base of generation \(dependents.map(String.init).joined(separator: ", ")); a kept generation depends on it")
        }
        return .allowed(newest: kept.last(where: { $0.state == .complete })?.number == gen.number)
    }
}

// The records and the counter are coded; the copies' data is not: a store keeps it in a region of
// its own, as it keeps the generations' data (`SimulatorState` maps these fields one by one).
extension ManagementInformation: Codable {
    enum CodingKeys: String, CodingKey { case nextRecordID, copies }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(lastRecordID: try c.decode(Int.self, forKey: .nextRecordID), copies: try c.decode([CopyRecord].self, forKey: .copies))
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(lastRecordID, forKey: .nextRecordID)
        try c.encode(copies, forKey: .copies)
    }
}

/// The management information of the claims document: the record the array keeps for every backup
/// in a region of its own, apart from the backup data, and the commands that list, read, delete and
/// copy those records (`../shared/design/backup-semantics.md`, "Management information").
///
/// It owns the record-ID counter (shared by generations, copies and copies kept on remote arrays,
/// so that an ID names one record in the whole array and is never reused) and the records of the
/// copies the host asked for, with the data each holds. The generations' own records stay with the
/// backup control program's per-volume state (`VolumeRuntime.gens`): chains, retention, merges and
/// restores read and rewrite them at every step, so this program judges them (`deletion(of:…)`)
/// without holding them. Copies kept in a remote array's region belong to that array.
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

    init(lastRecordID: Int = 0, copies: [CopyRecord] = [], images: [Int: ContentMap] = [:]) {
        self.lastRecordID = lastRecordID
        self.copies = copies
        self.images = images
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

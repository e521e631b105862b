import Foundation
import GRDB
import VigilArray

extension StateStore {
    /// What a restart found half-done and how it was resolved.
    public struct Resumption: Sendable {
        public var clock: SimTime
        public var copiesInFlight: [String]
        public var restoresInFlight: Int
        public var report: [String]
    }

    /// Rebuilds the simulator from the last checkpoint, reading one consistent snapshot. Every row
    /// read is checked against its checksum, and the catalog against the array's state (what
    /// `verify` checks without rebuilding any data): a damaged or edited state is refused with what
    /// is wrong, never resumed silently.
    public func load() throws -> (ArraySimulator, Resumption) {
        // Guard (StateStore+Guard.swift): last-checkpoint is read before the snapshot it is checked against.
        let lastCheckpoint = readLastCheckpoint()
        let sim = try reading { db in
            try checkIdentity(db, lastCheckpoint)
            return try load(db)
        }
        let snap = sim.snapshot()
        var report: [String] = []
        let copies = snap.inFlight.map { "\($0.volume) generation \($0.generation) (\($0.method.rawValue))" }
        if !copies.isEmpty { report.append("copies in flight at the checkpoint resume: \(copies.joined(separator: ", "))") }
        let restoring = snap.volumes.filter { $0.states.contains(.restoring) }.map(\.name)
        if !restoring.isEmpty { report.append("restores in flight resume: \(restoring.joined(separator: ", "))") }
        return (sim, Resumption(clock: sim.now, copiesInFlight: copies, restoresInFlight: restoring.count, report: report))
    }

    /// `load` inside a read transaction the caller holds (so `verify` reads the same snapshot).
    /// `verify` checks the catalog itself, to list every problem rather than stop at the first.
    func load(_ db: Database, checkCatalog: Bool = true) throws -> ArraySimulator {
        guard let row = try Row.fetchOne(db, sql: StoredTable.simState.selectSQL + " WHERE id = 1") else {
            throw StateStoreError("\(databasePath) holds no checkpoint yet")
        }
        try sound(row, .simState, "the checkpoint row")
        let seq: Int64 = try column(row, "seq", "sim_state")  // checked against last-checkpoint by the guard (checkIdentity)

        // The array-wide parts.
        var blobs: [String: Data] = [:]
        for r in try Row.fetchAll(db, sql: StoredTable.statePart.selectSQL) {
            let name: String = try column(r, "name", "state_part")
            try sound(r, .statePart, "state part \(name)")
            blobs[name] = try column(r, "blob", "state_part \(name)")
        }
        func part<T: Decodable>(_ name: String, _ type: T.Type) throws -> T {
            guard let blob = blobs[name] else { throw damaged("the state part \(name) is missing") }
            do { return try PartCoder.decode(type, from: blob) } catch { throw damaged("the state part \(name) cannot be read: \(error)") }
        }
        let configuration = try part(StatePartName.configuration, StoredStateParts.Configuration.self)
        let clock = try part(StatePartName.clock, StoredStateParts.Clock.self)
        let pool = try part(StatePartName.pool, StoredStateParts.Pool.self)
        let copyPart = try part(StatePartName.copies, StoredStateParts.Copies.self)
        let performance = try part(StatePartName.performance, StoredStateParts.Performance.self)
        let compliance = try part(StatePartName.compliance, StoredStateParts.Compliance.self)

        // Each volume's two parts.
        var records: [Int: StoredStateParts.VolumeRecords] = [:], activity: [Int: StoredStateParts.VolumeActivity] = [:]
        for r in try Row.fetchAll(db, sql: StoredTable.volumePart.selectSQL) {
            let v: Int = try column(r, "volume", "volume_part"), kind: String = try column(r, "kind", "volume_part")
            try sound(r, .volumePart, "volume #\(v)'s \(kind) part")
            let blob: Data = try column(r, "blob", "volume_part")
            do {
                switch kind {
                case VolumePartKind.records: records[v] = try PartCoder.decode(StoredStateParts.VolumeRecords.self, from: blob)
                case VolumePartKind.activity: activity[v] = try PartCoder.decode(StoredStateParts.VolumeActivity.self, from: blob)
                default: throw damaged("volume #\(v) has a part of unknown kind \(kind)")
                }
            } catch let e as StateStoreError { throw e } catch {
                throw damaged("volume #\(v)'s \(kind) part cannot be read: \(error)")
            }
        }
        let count = records.count
        for v in 0..<count where records[v] == nil || activity[v] == nil {
            throw damaged("volume #\(v)'s \(records[v] == nil ? "records" : "activity") part is missing")
        }
        guard activity.count == count else { throw damaged("\(activity.count) volumes have activity parts but \(count) have records") }
        let volumeParts = (0..<count).compactMap { records[$0] }
        var imageOf: [Int: Int] = [:]
        let parts = StoredStateParts(configuration: configuration, clock: clock, pool: pool, copies: copyPart,
                                     performance: performance, compliance: compliance,
                                     volumes: volumeParts, activity: (0..<count).compactMap { activity[$0] },
                                     generations: try storedGenerations(db, volumes: volumeParts.map(\.volume.name), imageOf: &imageOf))
        let state = SimulatorState(parts: parts)

        // The volumes' live content.
        let volumes = state.volumeGranules
        var live: [[Int: [ContentRun]]] = Array(repeating: [:], count: volumes.count)
        for r in try Row.fetchAll(db, sql: StoredTable.liveSegment.selectSQL) {
            let v: Int = try column(r, "volume", "live_segment"), seg: Int = try column(r, "seg", "live_segment")
            guard live.indices.contains(v) else { throw damaged("content stored for volume #\(v), which does not exist") }
            live[v][seg] = try runs(r, .liveSegment, what: "volume \(state.volumeName(v)) segment \(seg)")
        }
        var maps = try live.enumerated().map { v, segs in
            do { return try ContentMap(granules: volumes[v], segments: segs) } catch {
                throw damaged("volume \(state.volumeName(v)) content is invalid: \(error)")
            }
        }
        for map in maps.indices { _ = maps[map].takeDirtySegments() }
        // The host writes since the base was written, replayed in order.
        var logBytes = 0
        for r in try Row.fetchAll(db, sql: StoredTable.contentLog.selectSQL + " ORDER BY seq") {
            let seq: Int64 = try column(r, "seq", "content_log")
            try sound(r, .contentLog, "content log row \(seq)")
            let blob: Data = try column(r, "writes", "content_log")
            logBytes += blob.count
            guard let journal = ContentLogCodec.decode([UInt8](blob)) else { throw damaged("content log row \(seq) is not a list of writes") }
            for (v, writes) in journal {
                guard maps.indices.contains(v) else { throw damaged("content log row \(seq) writes to volume #\(v), which does not exist") }
                for w in writes { maps[v].write(start: w.start, end: w.end, token: w.token) }
            }
        }
        var replayed: [Int: Set<Int>] = [:]
        for v in maps.indices {
            let touched = maps[v].takeDirtySegments()
            if !touched.isEmpty { replayed[v] = Set(touched) }
        }
        let baseBytes = try Self.contentBaseBytes(db)

        // The generations' data: a delta's runs, or the image the record names.
        var deltas: [Int: [ContentRun]] = [:]
        for r in try Row.fetchAll(db, sql: StoredTable.recordData.selectSQL) {
            let id: Int = try column(r, "record", "record_data"), seg: Int = try column(r, "seg", "record_data")
            guard seg == StoredSegment.delta else { throw damaged("record \(id) data has a row for segment \(seg); only a delta's row belongs there") }
            deltas[id] = try runs(r, .recordData, what: "record \(id) data")
        }
        var imageSegs: [Int: [Int: [ContentRun]]] = [:]
        for r in try Row.fetchAll(db, sql: StoredTable.imageSegment.selectSQL) {
            let img: Int = try column(r, "image", "image_segment"), seg: Int = try column(r, "seg", "image_segment")
            imageSegs[img, default: [:]][seg] = try runs(r, .imageSegment, what: "image \(img) segment \(seg)")
        }
        // The overlays laid over images since they were written, in order.
        var overlays: [Int: [(seq: Int64, runs: [ContentRun], bytes: Int)]] = [:]
        for r in try Row.fetchAll(db, sql: StoredTable.imageOverlay.selectSQL + " ORDER BY image, seq") {
            let img: Int = try column(r, "image", "image_overlay"), seq: Int64 = try column(r, "seq", "image_overlay")
            let runs = try runs(r, .imageOverlay, what: "image \(img) overlay \(seq)")
            overlays[img, default: []].append((seq, runs, runs.count * RunCodec.bytesPerRun))
        }
        var contents: [Int: GenerationContent] = [:]
        var storedImages: [Int: StoredImage] = [:]
        var imageVolume: [Int: Int] = [:]
        for (v, gens) in state.runtimeGenerations.enumerated() {
            for g in gens {
                if let delta = deltas[g.recordID] { contents[g.recordID] = .delta(delta); continue }
                guard let img = imageOf[g.recordID], var segs = imageSegs[img] else { continue }
                segs[StoredSegment.emptyImage] = nil
                do {
                    let map = try ContentMap(granules: state.volumeList[v].granules, segments: segs)
                    var stored = StoredImage(base: map)
                    for overlay in overlays[img] ?? [] {
                        guard overlay.runs.allSatisfy({ $0.start >= 0 && $0.end <= map.granules && $0.end > $0.start }) else {
                            throw damaged("image \(img) overlay \(overlay.seq) lies outside the volume")
                        }
                        stored.effective.overlay(overlay.runs)
                        stored.overlayBytes += overlay.bytes
                    }
                    _ = stored.effective.takeDirtySegments()
                    contents[g.recordID] = .image(stored.effective)
                    storedImages[img] = stored
                    imageVolume[img] = v
                } catch {
                    throw damaged("record \(g.recordID)'s image \(img) is invalid: \(error)")
                }
            }
        }
        for img in Set(imageSegs.keys).union(overlays.keys).subtracting(imageOf.values).sorted() {
            throw damaged("image \(img) is stored but no record holds it")
        }

        // The copies' data.
        var copySegs: [Int: [Int: [ContentRun]]] = [:]
        for r in try Row.fetchAll(db, sql: StoredTable.copyData.selectSQL) {
            let id: Int = try column(r, "record", "copy_data"), seg: Int = try column(r, "seg", "copy_data")
            copySegs[id, default: [:]][seg] = try runs(r, .copyData, what: "copy record \(id) data")
        }
        var copyImages: [Int: ContentMap] = [:], remoteImages: [Int: ContentMap] = [:]
        let remoteIDs = Set(state.remoteRecords.map(\.id))
        let allCopies = Dictionary(state.copyList.map { ($0.id, $0) } + state.remoteRecords.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let volumeIndex = Dictionary(state.volumeList.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for (id, segs) in copySegs {
            guard let c = allCopies[id], let v = volumeIndex[c.sourceVolume] else { continue }
            var image = segs
            image[StoredSegment.emptyImage] = nil
            do {
                let map = try ContentMap(granules: volumes[v], segments: image)
                if remoteIDs.contains(id) { remoteImages[id] = map } else { copyImages[id] = map }
            } catch {
                throw damaged("copy record \(id) data is invalid: \(error)")
            }
        }

        let sim: ArraySimulator
        do { sim = try ArraySimulator(restoring: state, live: maps, data: contents, copyImages: copyImages, remoteImages: remoteImages) } catch {
            throw damaged("\(error)")
        }
        if checkCatalog, let problem = try catalogProblems(db, sim).first {
            throw damaged("\(problem); run `vigil verify --state \(directory)` for the full list")
        }
        // The next checkpoint writes only what differs from what was just read, and appends the
        // host writes from now on to the log.
        for v in sim.volumes.indices { _ = sim.takeContentJournal(volume: v) }
        contentLoaded(logBytes: logBytes, baseBytes: baseBytes, replayed: replayed)
        commitLock.lock()
        defer { commitLock.unlock() }
        written.stored(parts: parts, generations: sim.allGenerations.map(\.generation),
                       images: StoredImages(imageOf: imageOf, images: storedImages, volume: imageVolume), areas: sim.allAreas,
                       copies: Array(allCopies.values), requests: sim.requests, requestsKnown: false)
        sequence = seq
        return sim
    }

    /// What the catalog tables say that disagrees with the array's state, and every row of them that
    /// fails its checksum: the checks `verify` makes short of rebuilding data, cheap enough for every
    /// resume.
    func catalogProblems(_ db: Database, _ sim: ArraySimulator) throws -> [String] {
        var problems: [String] = []
        for table in [StoredTable.meta, .backupRecord, .poolArea, .expansionRequest, .copyRecord, .journal] {
            var bad = 0
            var first: String?
            for r in try Row.fetchAll(db, sql: table.selectSQL) where !table.rowIsSound(r) {
                bad += 1
                if first == nil { first = table.columns.prefix(2).map { "\($0) \(r[$0] as DatabaseValue)" }.joined(separator: ", ") }
            }
            if bad > 0 { problems.append("\(bad) row(s) of \(table.name) fail their checksum (first: \(first ?? "?")): the file was damaged or edited") }
        }
        var byID: [Int: (generation: Int, state: String, area: Int, method: String)] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, generation, state, area, method FROM backup_record") {
            let t = "backup_record"
            guard let id = try r.optional("id", table: t) as Int?, let generation = try r.optional("generation", table: t, key: "id") as Int?,
                  let state = try r.optional("state", table: t, key: "id") as String?, let area = try r.optional("area", table: t, key: "id") as Int?,
                  let method = try r.optional("method", table: t, key: "id") as String? else {
                problems.append("a backup_record row has an empty column")
                continue
            }
            byID[id] = (generation, state, area, method)
        }
        let gens = sim.allGenerations
        for (v, g) in gens {
            guard let r = byID[g.recordID] else {
                problems.append("\(sim.volumes[v].name) generation \(g.number): no record \(g.recordID) in the catalog")
                continue
            }
            if r.state != g.state.rawValue || r.generation != g.number || r.area != g.area || r.method != g.method.rawValue {
                problems.append("record \(g.recordID) (\(sim.volumes[v].name) generation \(r.generation)) disagrees with the array's state")
            }
        }
        let kept = Set(gens.map(\.generation.recordID))
        for (id, r) in byID where !kept.contains(id) {
            problems.append("record \(id) (generation \(r.generation)) is not kept by the array")
        }
        let stored = Set(try Int.fetchAll(db, sql: "SELECT lun FROM pool_area"))
        let referenced = Set(byID.values.map(\.area)).union(sim.remotes.flatMap { $0.records.compactMap(\.area) })
        let mirrors = sim.mirrorAreas
        for lun in stored.sorted() where !referenced.contains(lun) && !mirrors.contains(lun) {
            problems.append("pool area \(lun) is orphaned: no record or mirror owns it")
        }
        for lun in Set(sim.allAreas.keys).subtracting(stored).sorted() {
            problems.append("pool area \(lun) is allocated in the array's state but missing from the catalog")
        }
        let storedCopies = Set(try Int.fetchAll(db, sql: "SELECT id FROM copy_record"))
        let copies = Set(sim.copies.map(\.id) + sim.remotes.flatMap { $0.records.map(\.id) })
        for id in copies.subtracting(storedCopies).sorted() { problems.append("copy record \(id) is missing from the catalog") }
        for id in storedCopies.subtracting(copies).sorted() { problems.append("copy record \(id) is not kept by the array") }
        return problems
    }

    /// Each volume's kept generations, from the catalog's rows (the management information region
    /// is where the records live), oldest first.
    private func storedGenerations(_ db: Database, volumes: [String], imageOf: inout [Int: Int]) throws -> [[BackupGeneration]] {
        let index = Dictionary(volumes.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var generations: [[BackupGeneration]] = Array(repeating: [], count: volumes.count)
        for r in try Row.fetchAll(db, sql: StoredTable.backupRecord.selectSQL + " ORDER BY generation") {
            let id: Int = try column(r, "id", "backup_record")
            let what = "backup_record \(id)"
            try sound(r, .backupRecord, "record \(id)")
            let volume: String = try column(r, "volume", what)
            guard let v = index[volume] else { throw damaged("\(what) belongs to volume \(volume), which the array does not have") }
            func parsed<T>(_ name: String, _ make: (String) -> T?) throws -> T {
                let text: String = try column(r, name, what)
                guard let value = make(text) else { throw damaged("\(what): \(name) \"\(text)\" cannot be read") }
                return value
            }
            if let img: Int = try r.optional("image", table: "backup_record", key: "id") { imageOf[id] = img }
            let completed: String? = try r.optional("completed_at", table: "backup_record", key: "id")
            let completedAt = try completed.map { text in
                guard let t = SimTime.parse(text) else { throw damaged("\(what): completed_at \"\(text)\" cannot be read") }
                return t
            }
            generations[v].append(BackupGeneration(
                storedRecordID: id, number: try column(r, "generation", what), method: try parsed("method", BackupMethod.init(rawValue:)),
                copyFunction: try parsed("copy_function", CopyFunction.init(rawValue:)),
                trigger: try parsed("trigger", TriggerKind.init(rawValue:)), parent: try r.optional("parent", table: "backup_record", key: "id"),
                area: try column(r, "area", what), bytes: try column(r, "bytes", what),
                triggeredAt: try parsed("triggered_at", SimTime.parse), completedAt: completedAt,
                digest: try parsed("digest") { UInt64($0, radix: 16) },
                state: try parsed("state", BackupGeneration.State.init(rawValue:)), revision: try column(r, "revision", what)))
        }
        return generations
    }

    private func damaged(_ what: String) -> StateStoreError {
        StateStoreError("\(databasePath): \(what)")
    }

    /// A row's checksum, or the damage it shows.
    private func sound(_ row: Row, _ table: StoredTable, _ what: String) throws {
        guard table.rowIsSound(row) else {
            throw damaged("\(what) fails its checksum (the file is damaged or was edited); run `vigil verify --state \(directory)`")
        }
    }

    /// A stored column's value, or the damage it shows (NULL or the wrong type where a value must be).
    private func column<T: DatabaseValueConvertible>(_ row: Row, _ name: String, _ table: String) throws -> T {
        guard let value = T.fromDatabaseValue(row[name] as DatabaseValue) else {
            throw damaged("\(table): the column \(name) is empty or of the wrong type (the file is damaged)")
        }
        return value
    }

    private func runs(_ r: Row, _ table: StoredTable, what: String) throws -> [ContentRun] {
        try sound(r, table, what)
        let blob: Data = try column(r, "runs", table.name)
        guard let runs = RunCodec.unpack([UInt8](blob)) else { throw damaged("\(what) is not a whole number of runs") }
        return runs
    }
}

extension SimulatorState {
    var volumeGranules: [Int] { volumeList.map(\.granules) }
    func volumeName(_ v: Int) -> String { volumeList.indices.contains(v) ? volumeList[v].name : "#\(v)" }
}

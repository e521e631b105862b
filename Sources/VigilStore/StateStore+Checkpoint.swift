import Foundation
import GRDB
import VigilArray

/// One checkpoint of the array, taken as values on the simulator's thread (`StateStore.capture`) so
/// that it can be written on another (`StateStore.commit`) while the simulator runs on. Taking it
/// copies nothing large: the parts, records and images share their storage with the simulator
/// until it next changes them. Only the runs of the content segments written since the last
/// checkpoint are read out.
public struct CheckpointImage: Sendable {
    /// The simulated instant the checkpoint holds.
    public let clock: SimTime
    let parts: StoredStateParts
    /// The host writes since the last capture, appended to the content log — or, when this
    /// checkpoint rewrites the content's base (`rebase`), nothing: the segments carry them.
    let journal: [(volume: Int, writes: [ContentRun])]
    /// True when this checkpoint rewrites the base: `segments` are every segment that differs from
    /// the stored base, and the content log is emptied.
    let rebase: Bool
    /// With `rebase`, the segments whose stored runs change (empty runs: a segment now empty).
    let segments: [(volume: Int, segment: Int, runs: [ContentRun])]
    let generations: [(volume: Int, generation: BackupGeneration)]
    let volumeNames: [String]
    let groupNames: [String]
    let areas: [Int: AreaInfo]
    /// Copy records: local ones (array nil) and those kept in remote arrays' regions, with the data
    /// a complete one holds.
    let copies: [(record: CopyRecord, array: String?, image: ContentMap?)]
    let requests: [PoolExpansionRequest]
}

/// What the last committed checkpoint wrote, so that the next writes only what differs. Touched
/// only by `commit` (one at a time, under the store's lock).
final class WrittenState {
    var parts: StoredStateParts?
    var records: [Int: BackupGeneration] = [:]
    /// The revision of each record whose data is stored (a new revision rewrites the data).
    var dataRevisions: [Int: Int] = [:]
    var images = StoredImages()
    /// Images stored whose content is not known here (primed from the database).
    var unknownImages: Set<Int> = []
    var areas: [Int: AreaInfo] = [:]
    /// Areas stored whose figures are not known here (primed from the database): rewritten once.
    var unknownAreas: Set<Int> = []
    var copies: [Int: CopyRecord] = [:]
    /// Copy records stored whose figures are not known here (primed from the database).
    var unknownCopies: Set<Int> = []
    var requests: [Int: PoolExpansionRequest] = [:]
    var requestsKnown = false
    var primed = false

    /// Takes note of what is now stored: after a commit, or after a load read it. `requestsKnown`
    /// false makes the next commit rewrite the expansion requests in full.
    func stored(parts: StoredStateParts, generations: [BackupGeneration], images: StoredImages, areas: [Int: AreaInfo],
                copies: [CopyRecord], requests: [PoolExpansionRequest], requestsKnown: Bool) {
        self.parts = parts
        records = Dictionary(generations.map { ($0.recordID, $0) }, uniquingKeysWith: { a, _ in a })
        dataRevisions = records.mapValues(\.revision)
        self.images = images
        unknownImages = []
        self.areas = areas
        unknownAreas = []
        self.copies = Dictionary(copies.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        unknownCopies = []
        self.requests = Dictionary(requests.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.requestsKnown = requestsKnown
        primed = true
    }
}

/// The full images a store holds (`image_segment`, `image_overlay`) and who holds them.
struct StoredImages {
    /// The image holding each record's data when it is an image.
    var imageOf: [Int: Int] = [:]
    /// The stored images, by image number (see `StoredImage`).
    var images: [Int: StoredImage] = [:]
    /// Each image's volume (an image is taken over only by a generation of its own volume).
    var volume: [Int: Int] = [:]
}

extension StateStore {
    /// Takes a checkpoint of the simulator as values (on the simulator's thread). Cheap: see
    /// `CheckpointImage`. Usually it takes the host writes since the last capture, for the content
    /// log; when the log has grown past the base it stands on (or the first time, or after a
    /// restore replaced a volume's content, or after a failed commit) it takes instead the
    /// segments that differ from the stored base, and the log starts over.
    public func capture(_ sim: ArraySimulator) -> CheckpointImage {
        let content = takeContentPlan()
        var journal: [(volume: Int, writes: [ContentRun])] = []
        var replaced: Set<Int> = []
        for v in sim.volumes.indices {
            let taken = sim.takeContentJournal(volume: v)
            if taken.replaced { replaced.insert(v) }
            if !taken.writes.isEmpty { journal.append((v, taken.writes)) }
        }
        let rebase = content.rebase || !replaced.isEmpty
        var segments: [(volume: Int, segment: Int, runs: [ContentRun])] = []
        if rebase {
            journal = []
            for v in sim.volumes.indices {
                let map = sim.trackers[v].content
                var dirty = Set(sim.takeDirtySegments(volume: v)).union(content.pending[v] ?? [])
                if replaced.contains(v) { dirty = Set(0..<map.segmentCount) }
                for seg in dirty.sorted() { segments.append((v, seg, map.segmentRuns(seg))) }
            }
        }
        let all = sim.copies.map { ($0, String?.none) } + sim.remotes.flatMap { r in r.records.map { ($0, Optional(r.id)) } }
        let copies = all.map { c, array in
            (record: c, array: array, image: c.state == .complete ? (sim.copyImage(c.id) ?? sim.remoteImage(c.id)) : nil)
        }
        return CheckpointImage(clock: sim.now, parts: sim.exportState().parts, journal: journal, rebase: rebase, segments: segments,
                               generations: sim.allGenerations,
                               volumeNames: sim.volumes.map(\.name), groupNames: sim.volumes.map { sim.groups[$0.group].name },
                               areas: sim.allAreas, copies: copies, requests: sim.requests)
    }

    /// Captures and commits at once (the headless commands, which have nothing else to do).
    public func checkpoint(_ sim: ArraySimulator) throws {
        try commit(capture(sim))
    }

    /// Writes what changed since the last committed checkpoint, in one transaction: a crash leaves
    /// the state as of the last commit — a generation is complete only together with its data, a
    /// change table is reset only together with the generation that took its changes, a pruned
    /// record goes together with its area's release. Safe to call from any thread; commits are
    /// serialised.
    public func commit(_ image: CheckpointImage) throws {
        precondition(mode == .writer, "a reader cannot write")
        commitLock.lock()
        defer { commitLock.unlock() }
        let w = written
        let images: StoredImages
        do {
            if !w.primed { try primeWritten(w) }
            let next = sequence + 1
            images = try db.write { db in
                try db.cachedStatement(sql: StoredTable.simState.replaceSQL)
                    .execute(arguments: StoredTable.arguments([1, next, image.clock.seconds]))
                try Self.writeParts(db, image.parts, over: w.parts)
                try writeContent(db, image, sequence: next)
                let images = try writeCatalog(db, image, over: w, sequence: next)
                crashPoint("before-catalog-commit")
                try faultPoint()
                return images
            }
        } catch {
            // Nothing of this checkpoint is stored: the next one rewrites the base with what this
            // one held, and what was written before stays as the cache says.
            failedContent(image)
            throw error
        }
        w.stored(parts: image.parts, generations: image.generations.map(\.generation), images: images, areas: image.areas,
                 copies: image.copies.map(\.record), requests: image.requests, requestsKnown: true)
        sequence += 1
        try recordSequence(sequence)
        crashPoint("after-catalog-commit")
    }

    /// Writes the parts of the state that differ from `old` (all of them without it).
    static func writeParts(_ db: Database, _ parts: StoredStateParts, over old: StoredStateParts?) throws {
        func part<T: Encodable & Equatable>(_ name: String, _ value: T, _ previous: T?) throws {
            guard value != previous else { return }
            try db.cachedStatement(sql: StoredTable.statePart.replaceSQL)
                .execute(arguments: StoredTable.arguments([name, try PartCoder.encode(value)]))
        }
        try part(StatePartName.configuration, parts.configuration, old?.configuration)
        try part(StatePartName.clock, parts.clock, old?.clock)
        try part(StatePartName.pool, parts.pool, old?.pool)
        try part(StatePartName.copies, parts.copies, old?.copies)
        try part(StatePartName.performance, parts.performance, old?.performance)
        try part(StatePartName.compliance, parts.compliance, old?.compliance)
        let replace = try db.cachedStatement(sql: StoredTable.volumePart.replaceSQL)
        for v in parts.volumes.indices {
            let known = old.map { v < $0.volumes.count } ?? false
            if !known || parts.volumes[v] != old?.volumes[v] {
                try replace.execute(arguments: StoredTable.arguments([v, VolumePartKind.records, try PartCoder.encode(parts.volumes[v])]))
            }
            if !known || parts.activity[v] != old?.activity[v] {
                try replace.execute(arguments: StoredTable.arguments([v, VolumePartKind.activity, try PartCoder.encode(parts.activity[v])]))
            }
        }
        if let old, old.volumes.count > parts.volumes.count {
            try db.execute(sql: "DELETE FROM volume_part WHERE volume >= ?", arguments: [parts.volumes.count])
        }
    }

    /// The volumes' content: a row of the content log, or a new base and an empty log.
    private func writeContent(_ db: Database, _ image: CheckpointImage, sequence: Int64) throws {
        guard image.rebase else {
            guard !image.journal.isEmpty else { return }
            let bytes = Data(ContentLogCodec.encode(image.journal))
            try db.cachedStatement(sql: StoredTable.contentLog.replaceSQL).execute(arguments: StoredTable.arguments([sequence, bytes]))
            contentLogged(bytes: bytes.count, base: nil)
            return
        }
        let replace = try db.cachedStatement(sql: StoredTable.liveSegment.replaceSQL)
        let delete = try db.cachedStatement(sql: "DELETE FROM live_segment WHERE volume = ? AND seg = ?")
        for s in image.segments {
            if s.runs.isEmpty {
                try delete.execute(arguments: [s.volume, s.segment])
            } else {
                try replace.execute(arguments: StoredTable.arguments([s.volume, s.segment, Data(RunCodec.pack(s.runs))]))
            }
        }
        try db.execute(sql: "DELETE FROM content_log")
        contentLogged(bytes: 0, base: try Self.contentBaseBytes(db))
    }

    /// The size of the stored content base (the log may grow to it before the base is rewritten).
    static func contentBaseBytes(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(LENGTH(runs)), 0) FROM live_segment") ?? 0
    }

    /// The management information region: records and their data, pool areas, copy records and
    /// their data, expansion requests. Returns the images stored once the transaction commits.
    private func writeCatalog(_ db: Database, _ image: CheckpointImage, over w: WrittenState, sequence: Int64) throws -> StoredImages {
        let kept = Set(image.generations.map(\.generation.recordID))
        var imageOf = w.images.imageOf.filter { kept.contains($0.key) }
        var images = w.images.images
        var imageVolume = w.images.volume
        // Images of records that go in this checkpoint: a merge's surviving generation takes one over.
        var released: [Int] = []
        // Records that are gone: the record first, then its area (the same transaction).
        for id in w.dataRevisions.keys where !kept.contains(id) {
            try db.cachedStatement(sql: "DELETE FROM backup_record WHERE id = ?").execute(arguments: [id])
            if let img = w.images.imageOf[id] { released.append(img) }
            crashPoint("mid-prune-store")
        }
        for lun in w.areas.keys where image.areas[lun] == nil {
            try db.cachedStatement(sql: "DELETE FROM pool_area WHERE lun = ?").execute(arguments: [lun])
        }
        for lun in w.unknownAreas where image.areas[lun] == nil {
            try db.cachedStatement(sql: "DELETE FROM pool_area WHERE lun = ?").execute(arguments: [lun])
        }
        for (lun, area) in image.areas where w.areas[lun] != area || w.unknownAreas.contains(lun) {
            try db.cachedStatement(sql: StoredTable.poolArea.replaceSQL)
                .execute(arguments: StoredTable.arguments([lun, area.tier, area.raidGroup, area.bytes, area.purpose.rawValue]))
        }
        // An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the delete would
        // cascade to the record's data.
        let upsertRecord = try db.cachedStatement(sql: StoredTable.backupRecord.upsertSQL(key: ["id"]))
        for (v, g) in image.generations {
            let id = g.recordID
            if w.dataRevisions[id] != g.revision {
                try db.cachedStatement(sql: "DELETE FROM record_data WHERE record = ?").execute(arguments: [id])
                switch g.content {
                case .delta(let runs):
                    if let old = imageOf.removeValue(forKey: id) { released.append(old) }
                    try db.cachedStatement(sql: StoredTable.recordData.replaceSQL)
                        .execute(arguments: StoredTable.arguments([id, StoredSegment.delta, Data(RunCodec.pack(runs))]))
                case .image(let map):
                    if let img = imageOf[id], let stored = images[img], stored.effective.segmentCount == map.segmentCount {
                        images[img] = try Self.update(db, image: img, stored, to: map, sequence: sequence)
                    } else if let at = released.firstIndex(where: { imageVolume[$0] == v && images[$0]?.effective.segmentCount == map.segmentCount }),
                              let stored = images[released[at]] {
                        let img = released.remove(at: at)
                        images[img] = try Self.update(db, image: img, stored, to: map, sequence: sequence)
                        imageOf[id] = img
                    } else {
                        // A new image, numbered after the record that first holds it (record IDs
                        // are never reused, so neither are image numbers).
                        if let old = imageOf[id] { released.append(old) }
                        try Self.dropImage(db, id)
                        try Self.writeImage(db, table: .imageSegment, record: id, map: map)
                        imageOf[id] = id
                        images[id] = StoredImage(base: map)
                        imageVolume[id] = v
                    }
                }
            }
            if w.records[id] != g || w.images.imageOf[id] != imageOf[id] {
                let tier = image.areas[g.area]?.tier ?? "-"
                try upsertRecord.execute(arguments: StoredTable.arguments([
                    id, image.volumeNames[v], image.groupNames[v], g.number, g.method.rawValue, g.copyFunction.rawValue,
                    g.trigger.rawValue, g.parent, g.area, tier, g.bytes, g.triggeredAt.iso8601, g.completedAt?.iso8601,
                    ContentDigest.hex(g.digest), g.state.rawValue, g.revision, imageOf[id]]))
            }
        }
        // Images no record holds any more.
        let held = Set(imageOf.values)
        for img in w.unknownImages where !held.contains(img) && images[img] == nil {
            try Self.dropImage(db, img)
        }
        for img in images.keys where !held.contains(img) {
            try Self.dropImage(db, img)
            images[img] = nil
            imageVolume[img] = nil
        }
        // Copy records (claims 7, 9): the record, and once complete the data it holds. Local
        // copies, and copies kept in remote arrays' own regions (with the array's ID).
        let copyIDs = Set(image.copies.map(\.record.id))
        for id in Set(w.copies.keys).union(w.unknownCopies) where !copyIDs.contains(id) {
            try db.cachedStatement(sql: "DELETE FROM copy_record WHERE id = ?").execute(arguments: [id])
        }
        let upsertCopy = try db.cachedStatement(sql: StoredTable.copyRecord.upsertSQL(key: ["id"]))
        for (c, array, image) in image.copies where w.copies[c.id] != c || w.unknownCopies.contains(c.id) {
            try upsertCopy.execute(arguments: StoredTable.arguments([
                c.id, c.kind.rawValue, c.sourceRecord, c.sourceVolume, c.generation, c.method, c.destinationVolume,
                c.startedAt.iso8601, c.completedAt?.iso8601, ContentDigest.hex(c.digest), c.bytes, c.state.rawValue, array]))
            if c.state == .complete, w.copies[c.id]?.state != .complete || w.unknownCopies.contains(c.id), let image {
                try db.cachedStatement(sql: "DELETE FROM copy_data WHERE record = ?").execute(arguments: [c.id])
                try Self.writeImage(db, table: .copyData, record: c.id, map: image)
            }
        }
        // Expansion requests: the ones that changed.
        if !w.requestsKnown { try db.execute(sql: "DELETE FROM expansion_request") }
        let replaceRequest = try db.cachedStatement(sql: StoredTable.expansionRequest.replaceSQL)
        for r in image.requests where !w.requestsKnown || w.requests[r.id] != r {
            try replaceRequest.execute(arguments: StoredTable.arguments([r.id, r.pool, r.raisedAt.iso8601, r.neededBytes, r.freeBytes,
                                                                         r.state.rawValue, r.reason]))
        }
        let requestIDs = Set(image.requests.map(\.id))
        for id in w.requests.keys where !requestIDs.contains(id) {
            try db.cachedStatement(sql: "DELETE FROM expansion_request WHERE id = ?").execute(arguments: [id])
        }
        return StoredImages(imageOf: imageOf, images: images, volume: imageVolume)
    }

    /// Writes an image segment by segment. An empty image still gets a row (`StoredSegment.emptyImage`),
    /// so "no data" is never mistaken for "empty volume".
    static func writeImage(_ db: Database, table: StoredTable, record: Int, map: ContentMap) throws {
        let insert = try db.cachedStatement(sql: table.replaceSQL)
        let segs = map.nonEmptySegments
        if segs.isEmpty {
            try insert.execute(arguments: StoredTable.arguments([record, StoredSegment.emptyImage, Data()]))
        }
        for seg in segs {
            try insert.execute(arguments: StoredTable.arguments([record, seg, Data(RunCodec.pack(map.segmentRuns(seg)))]))
        }
    }

    /// Brings a stored image to `map`. A merge lays a generation's changes over the full's image,
    /// touching most segments a little; so the runs it changed are appended as an overlay row
    /// (a few runs a segment instead of the segment's hundreds), until the overlays outgrow the
    /// image's own rows, when the image is rewritten (the segments that differ) and its overlays
    /// dropped. An overlay is used only where laying it over the stored runs gives exactly the new
    /// runs, checked segment by segment; anything else rewrites the image.
    static func update(_ db: Database, image img: Int, _ stored: StoredImage, to map: ContentMap, sequence: Int64) throws -> StoredImage {
        var patch: [ContentRun] = []
        var exact = true
        for seg in 0..<map.segmentCount {
            let new = map.segmentRuns(seg), old = stored.effective.segmentRuns(seg)
            guard new != old else { continue }
            let changed = StoredImage.unmatched(new, in: old)
            guard StoredImage.laid(old, changed) == new else { exact = false; break }
            patch += changed
        }
        if patch.isEmpty && exact { return stored }
        let bytes = patch.count * RunCodec.bytesPerRun
        if exact, stored.overlayBytes + bytes <= stored.baseBytes {
            try db.cachedStatement(sql: StoredTable.imageOverlay.replaceSQL)
                .execute(arguments: StoredTable.arguments([img, sequence, Data(RunCodec.pack(patch))]))
            var next = stored
            next.effective = map
            next.overlayBytes += bytes
            return next
        }
        try rewriteImage(db, image: img, map: map, over: stored.base)
        try db.cachedStatement(sql: "DELETE FROM image_overlay WHERE image = ?").execute(arguments: [img])
        return StoredImage(base: map)
    }

    /// Removes an image's rows and overlays.
    static func dropImage(_ db: Database, _ img: Int) throws {
        try db.cachedStatement(sql: "DELETE FROM image_segment WHERE image = ?").execute(arguments: [img])
        try db.cachedStatement(sql: "DELETE FROM image_overlay WHERE image = ?").execute(arguments: [img])
    }

    /// Rewrites the segments of a stored image that differ from `stored` (what was written).
    static func rewriteImage(_ db: Database, image record: Int, map: ContentMap, over stored: ContentMap) throws {
        let replace = try db.cachedStatement(sql: StoredTable.imageSegment.replaceSQL)
        let delete = try db.cachedStatement(sql: "DELETE FROM image_segment WHERE image = ? AND seg = ?")
        for seg in 0..<map.segmentCount {
            let runs = map.segmentRuns(seg)
            guard runs != stored.segmentRuns(seg) else { continue }
            if runs.isEmpty {
                try delete.execute(arguments: [record, seg])
            } else {
                try replace.execute(arguments: StoredTable.arguments([record, seg, Data(RunCodec.pack(runs))]))
            }
        }
        // The row that says "empty image" exists exactly when no segment holds a run.
        let empty = map.nonEmptySegments.isEmpty
        if empty != stored.nonEmptySegments.isEmpty {
            if empty {
                try replace.execute(arguments: StoredTable.arguments([record, StoredSegment.emptyImage, Data()]))
            } else {
                try delete.execute(arguments: [record, StoredSegment.emptyImage])
            }
        }
    }

    /// Learns what is already stored when this store has not loaded it (a writer that starts a new
    /// array over an erased state, or a tool): records' data revisions and areas are read, so
    /// their data is not rewritten; the parts are written in full once.
    private func primeWritten(_ w: WrittenState) throws {
        try db.read { db in
            for r in try Row.fetchAll(db, sql: "SELECT id, revision, image FROM backup_record") {
                guard let id = try r.optional("id", table: "backup_record") as Int? else { continue }
                if let revision = try r.optional("revision", table: "backup_record", key: "id") as Int? { w.dataRevisions[id] = revision }
                if let img = try r.optional("image", table: "backup_record", key: "id") as Int? { w.images.imageOf[id] = img }
            }
            w.unknownAreas = Set(try Int.fetchAll(db, sql: "SELECT lun FROM pool_area"))
            w.unknownImages = Set(try Int.fetchAll(db, sql: "SELECT DISTINCT image FROM image_segment UNION SELECT DISTINCT image FROM image_overlay"))
            // A stored copy whose figures are not known here is rewritten once (its data too when
            // it is complete), or deleted when the array no longer has it.
            w.unknownCopies = Set(try Int.fetchAll(db, sql: "SELECT id FROM copy_record"))
            sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sim_state WHERE id = 1") ?? 0
        }
        w.primed = true
    }
}

/// The names of the array-wide parts in `state_part`.
enum StatePartName {
    static let configuration = "configuration"
    static let clock = "clock"
    static let pool = "pool"
    static let copies = "copies"
    static let performance = "performance"
    static let compliance = "compliance"
    static let all = [configuration, clock, pool, copies, performance, compliance]
}

/// The kinds of a volume's parts in `volume_part`.
enum VolumePartKind {
    static let records = "records"
    static let activity = "activity"
}

/// Segment numbers with a meaning of their own in `record_data` and `copy_data`.
enum StoredSegment {
    /// The one row of a delta generation's runs.
    static let delta = -1
    /// The row that says an image is empty.
    static let emptyImage = -2
}

/// The content log's bookkeeping (see `StateStore.capture`).
struct ContentLogState {
    /// False until the first capture: writes before it are known only by dirty segments.
    var started = false
    /// A commit failed: the next capture rewrites the base.
    var mustRebase = false
    var logBytes = 0
    var baseBytes = 0
    /// Segments that differ from the stored base beyond the simulator's dirty flags, by volume.
    var pending: [Int: Set<Int>] = [:]
}

/// An image as stored: its rows (`base`), the overlays laid over them since, and what they add up
/// to (`effective`, what a load rebuilds).
struct StoredImage {
    var base: ContentMap
    var effective: ContentMap
    var overlayBytes = 0
    /// The size of the image's own rows: overlays may grow to this before the image is rewritten.
    var baseBytes: Int

    init(base: ContentMap) {
        self.base = base
        effective = base
        baseBytes = max(1, base.nonEmptySegments.reduce(0) { $0 + base.segmentRuns($1).count }) * RunCodec.bytesPerRun
    }

    /// The runs of `new` that are not runs of `old` (both sorted by start and disjoint), in one
    /// pass over both.
    static func unmatched(_ new: [ContentRun], in old: [ContentRun]) -> [ContentRun] {
        var out: [ContentRun] = []
        var j = 0
        for r in new {
            while j < old.count, old[j].start < r.start { j += 1 }
            if j < old.count, old[j] == r { continue }
            out.append(r)
        }
        return out
    }

    /// `old` runs with `patch` laid over them (both sorted and disjoint), as `ContentMap.overlay`
    /// would leave a segment.
    static func laid(_ old: [ContentRun], _ patch: [ContentRun]) -> [ContentRun] {
        var out: [ContentRun] = []
        out.reserveCapacity(old.count + 2 * patch.count)
        var i = 0
        var head: ContentRun? = old.first
        for p in patch {
            while let h = head, h.end <= p.start {
                out.append(h)
                i += 1
                head = i < old.count ? old[i] : nil
            }
            if let h = head, h.start < p.start {
                out.append(ContentRun(start: h.start, end: p.start, token: h.token))
                head = ContentRun(start: p.start, end: h.end, token: h.token)
            }
            out.append(p)
            while let h = head, h.end <= p.end {
                i += 1
                head = i < old.count ? old[i] : nil
            }
            if let h = head, h.start < p.end { head = ContentRun(start: p.end, end: h.end, token: h.token) }
        }
        while let h = head {
            out.append(h)
            i += 1
            head = i < old.count ? old[i] : nil
        }
        return out
    }
}


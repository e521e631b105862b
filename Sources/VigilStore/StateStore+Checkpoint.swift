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
    /// Live content segments written since the last capture (empty runs: a segment now empty).
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
    var areas: [Int: AreaInfo] = [:]
    /// Areas stored whose figures are not known here (primed from the database): rewritten once.
    var unknownAreas: Set<Int> = []
    var copies: [Int: CopyRecord] = [:]
    /// Copy records stored whose figures are not known here (primed from the database).
    var unknownCopies: Set<Int> = []
    var requests: [Int: PoolExpansionRequest] = [:]
    var requestsKnown = false
    var primed = false
}

extension StateStore {
    /// Takes a checkpoint of the simulator as values (on the simulator's thread). Cheap: see
    /// `CheckpointImage`. The segments it takes are marked clean in the simulator; if the commit
    /// that writes them fails, the next capture takes them again.
    public func capture(_ sim: ArraySimulator) -> CheckpointImage {
        var segments: [(volume: Int, segment: Int, runs: [ContentRun])] = []
        let retry = takeRetrySegments()
        for v in sim.volumes.indices {
            var dirty = sim.takeDirtySegments(volume: v)
            if let again = retry[v] { dirty = Array(Set(dirty).union(again)).sorted() }
            let map = sim.trackers[v].content
            for seg in dirty { segments.append((v, seg, map.segmentRuns(seg))) }
        }
        let all = sim.copies.map { ($0, String?.none) } + sim.remotes.flatMap { r in r.records.map { ($0, Optional(r.id)) } }
        let copies = all.map { c, array in
            (record: c, array: array, image: c.state == .complete ? (sim.copyImage(c.id) ?? sim.remoteImage(c.id)) : nil)
        }
        return CheckpointImage(clock: sim.now, parts: sim.exportState().parts, segments: segments, generations: sim.allGenerations,
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
        do {
            if !w.primed { try primeWritten(w) }
            let next = sequence + 1
            try db.write { db in
                try db.cachedStatement(sql: StoredTable.simState.replaceSQL)
                    .execute(arguments: StoredTable.arguments([1, next, image.clock.seconds]))
                try Self.writeParts(db, image.parts, over: w.parts)
                try writeSegments(db, image.segments)
                try writeCatalog(db, image, over: w)
                crashPoint("before-catalog-commit")
                try faultPoint()
            }
        } catch {
            // Nothing of this checkpoint is stored: its segments are written by the next one, and
            // what was written before stays as the cache says.
            keepForRetry(image.segments)
            throw error
        }
        w.parts = image.parts
        w.records = Dictionary(image.generations.map { ($0.generation.recordID, $0.generation) }, uniquingKeysWith: { a, _ in a })
        w.dataRevisions = w.records.mapValues(\.revision)
        w.areas = image.areas
        w.unknownAreas = []
        w.unknownCopies = []
        w.copies = Dictionary(image.copies.map { ($0.record.id, $0.record) }, uniquingKeysWith: { a, _ in a })
        w.requests = Dictionary(image.requests.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        w.requestsKnown = true
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

    private func writeSegments(_ db: Database, _ segments: [(volume: Int, segment: Int, runs: [ContentRun])]) throws {
        let replace = try db.cachedStatement(sql: StoredTable.liveSegment.replaceSQL)
        let delete = try db.cachedStatement(sql: "DELETE FROM live_segment WHERE volume = ? AND seg = ?")
        for s in segments {
            if s.runs.isEmpty {
                try delete.execute(arguments: [s.volume, s.segment])
            } else {
                try replace.execute(arguments: StoredTable.arguments([s.volume, s.segment, Data(RunCodec.pack(s.runs))]))
            }
        }
    }

    /// The management information region: records and their data, pool areas, copy records and
    /// their data, change tables, expansion requests.
    private func writeCatalog(_ db: Database, _ image: CheckpointImage, over w: WrittenState) throws {
        let kept = Set(image.generations.map(\.generation.recordID))
        // Records that are gone: the record first, then its area (the same transaction).
        for id in w.dataRevisions.keys where !kept.contains(id) {
            try db.cachedStatement(sql: "DELETE FROM backup_record WHERE id = ?").execute(arguments: [id])
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
            if w.records[g.recordID] != g {
                let tier = image.areas[g.area]?.tier ?? "-"
                try upsertRecord.execute(arguments: StoredTable.arguments([
                    g.recordID, image.volumeNames[v], image.groupNames[v], g.number, g.method.rawValue, g.copyFunction.rawValue,
                    g.trigger.rawValue, g.parent, g.area, tier, g.bytes, g.triggeredAt.iso8601, g.completedAt?.iso8601,
                    ContentDigest.hex(g.digest), g.state.rawValue, g.revision]))
            }
            if w.dataRevisions[g.recordID] != g.revision {
                try db.cachedStatement(sql: "DELETE FROM record_data WHERE record = ?").execute(arguments: [g.recordID])
                try Self.writeData(db, record: g.recordID, content: g.content)
            }
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
        // Change tables: a volume's two rows, whenever its tables moved.
        let replaceTable = try db.cachedStatement(sql: StoredTable.changeTable.replaceSQL)
        for (v, activity) in image.parts.activity.enumerated() {
            let t = activity.tracker
            if let old = w.parts, v < old.activity.count, old.activity[v].tracker == t { continue }
            for (kind, table) in [("since_last_backup", t.sinceLastBackup), ("since_last_full", t.sinceLastFull)] {
                try replaceTable.execute(arguments: StoredTable.arguments([
                    image.volumeNames[v], kind, table.openedAt.iso8601, Int64(bitPattern: table.sinceToken),
                    Int64(table.changedGranules) * t.granule]))
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
    }

    static func writeData(_ db: Database, record: Int, content: GenerationContent) throws {
        switch content {
        case .delta(let runs):
            try db.cachedStatement(sql: StoredTable.recordData.replaceSQL)
                .execute(arguments: StoredTable.arguments([record, StoredSegment.delta, Data(RunCodec.pack(runs))]))
        case .image(let map):
            try writeImage(db, table: .recordData, record: record, map: map)
        }
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

    /// Learns what is already stored when this store has not loaded it (a writer that starts a new
    /// array over an erased state, or a tool): records' data revisions and areas are read, so
    /// their data is not rewritten; the parts are written in full once.
    private func primeWritten(_ w: WrittenState) throws {
        try db.read { db in
            for r in try Row.fetchAll(db, sql: "SELECT id, revision FROM backup_record") {
                if let id = r["id"] as Int?, let revision = r["revision"] as Int? { w.dataRevisions[id] = revision }
            }
            w.unknownAreas = Set(try Int.fetchAll(db, sql: "SELECT lun FROM pool_area"))
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

import Foundation
import Testing
@testable import VigilArray

/// The management-information commands of the claims document, including every refusal: each
/// refusal says why and changes nothing.
@Suite struct CatalogCommandTests {
    func array(hours: Int64 = 6) throws -> (ArraySimulator, EventLog) {
        let sim = try ArraySimulator(scenario: ScenarioLoader.load(path: DemoScenarioTests.demo("quickstart.toml")))
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + hours * 3_600)
        return (sim, log)
    }

    /// The state as bytes, to show a refused command changed nothing.
    func fingerprint(_ sim: ArraySimulator) throws -> Data { try Self.encoder.encode(sim.exportState()) }
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }()

    func record(_ sim: ArraySimulator, _ volume: String, _ generation: Int) -> Int {
        sim.generations(of: volume).first { $0.number == generation }!.recordID
    }

    @Test func refusalsSayWhyAndChangeNothing() throws {
        let (sim, _) = try array()
        let before = try fingerprint(sim)
        let base = record(sim, "db-01", 1)
        let cases: [(ArrayCommand, String)] = [
            (.deleteRecord(id: base), "record \(base) (db-01 generation 1) is the base of generation 2; a kept generation depends on it"),
            (.deleteRecord(id: 9_999), "no record 9999"),
            (.copyRecord(id: 9_999, toVolume: "fs-01"), "no record 9999"),
            (.copyRecord(id: record(sim, "fs-01", 2), toVolume: "db-01"), "db-01 (200 GiB) is smaller than fs-01 (500 GiB)"),
            (.copyRecord(id: record(sim, "fs-01", 2), toVolume: "fs-01"), "it is the source itself"),
            (.copyRecord(id: base, toVolume: "nope"), "no volume named nope"),
            (.hostBackup(source: "fs-01", destination: "db-02", method: .snapshot), "db-02 (200 GiB) is smaller than fs-01 (500 GiB)"),
            (.hostBackup(source: "db-01", destination: "db-01", method: .mirror), "it is the source itself"),
        ]
        for (command, message) in cases {
            #expect(refusal(sim.apply(command)) == message)
        }
        // The refusals were reported as events, and nothing else changed.
        var after = sim.exportState()
        after.eventCount -= cases.count
        let a = String(decoding: try Self.encoder.encode(after), as: UTF8.self), b = String(decoding: before, as: UTF8.self)
        if a != b {
            let i = zip(a, b).prefix { $0 == $1 }.count
            Issue.record("state changed near: \(a.dropFirst(max(0, i - 80)).prefix(160)) vs \(b.dropFirst(max(0, i - 80)).prefix(160))")
        }
    }

    @Test func deletingALeafReleasesItsAreaAndTheNewestForcesAFull() throws {
        let (sim, log) = try array()
        sim.run(until: sim.now + 600)  // let the 06:00 copies finish
        let gens = sim.generations(of: "fs-02")
        let newest = try #require(gens.last)
        let freeBefore = sim.pool.totalFree(groups: sim.raidGroups)
        #expect(refusal(sim.apply(.deleteRecord(id: newest.recordID))) == nil)
        #expect(sim.generations(of: "fs-02").map(\.number) == gens.dropLast().map(\.number))
        #expect(sim.pool.totalFree(groups: sim.raidGroups) == freeBefore + (sim.pool.areas[newest.area]?.bytes ?? newest.bytes))
        #expect(log.events.contains { if case .catalogDeleted(newest.recordID, _) = $0.kind { true } else { false } })
        // The changes since the deleted generation are not in any table: the next backup is a full.
        sim.apply(.backupNow(volume: "fs-02"))
        #expect(log.decisions.last?.method == .full)
        #expect(log.decisions.last?.reason.contains("its newest generation (record \(newest.recordID)) was deleted") == true)
    }

    @Test func copyingAGenerationToAThirdVolumeCarriesItsRecordAndVerifies() throws {
        let (sim, log) = try array()
        let source = sim.generations(of: "db-01").first { $0.number == 3 }!
        #expect(refusal(sim.apply(.copyRecord(id: source.recordID, toVolume: "log-01"))) == nil)
        let copy = try #require(sim.copies.first)
        #expect(copy.state == .copying && copy.sourceRecord == source.recordID && copy.destinationVolume == "log-01")
        // Run to the moment the copy completes: log-01 then holds exactly generation 3 of db-01
        // (its own workload writes over it afterwards).
        while sim.copies.first?.state == .copying { sim.run(until: sim.now + 1) }
        let done = try #require(sim.copies.first)
        #expect(done.state == .complete)
        #expect(done.digest == source.digest)
        #expect(sim.verifyCopy(done.id))
        #expect(sim.trackers[4].content.recomputedDigest() == source.digest)
        sim.run(until: sim.now + 3_600)
        #expect(log.events.contains { $0.name == "catalog.copied" })
        // The copy's record can be deleted; the volume keeps its data.
        #expect(sim.verifyCopy(done.id))  // the record's data stays as copied
        #expect(refusal(sim.apply(.deleteRecord(id: done.id))) == nil)
        #expect(sim.copies.isEmpty)
    }

    @Test func hostBackupsByMirrorAndSnapshot() throws {
        let (sim, _) = try array()
        let snapDigest = sim.trackers[1].content.digest
        #expect(refusal(sim.apply(.hostBackup(source: "db-02", destination: "fs-02", method: .snapshot))) == nil)
        let snap = try #require(sim.copies.last)
        #expect(snap.state == .complete && snap.digest == snapDigest && snap.completedAt == sim.now)
        #expect(refusal(sim.apply(.hostBackup(source: "db-01", destination: "fs-01", method: .mirror))) == nil)
        let mirror = try #require(sim.copies.last)
        #expect(mirror.state == .copying)
        // 200 GiB at min(db-01 read 600, fs-01 write 6 SAS × 170 × 0.75 = 765) MB/s, less what the
        // copies already reading rg-data-0 take: db-01's and db-02's 06:00 incrementals, still
        // writing to the ATA pool group at 51 MB/s each (its 102 MB/s shared), end after the
        // mirror does. So the mirror gets 600 − 2 × 51 = 498 MB/s: 214,748,364,800 / 498e6 =
        // 431.2 → 432 s (alone it would be 358 s).
        let seconds = Int64((Double(200 << 30) / 498e6).rounded(.up))
        #expect(seconds == 432)
        sim.run(until: sim.now + (seconds - 1))
        #expect(sim.copies.last?.state == .copying)
        sim.run(until: sim.now + 1)
        #expect(sim.copies.last?.state == .complete)
        #expect(sim.verifyCopy(mirror.id) && sim.verifyCopy(snap.id))
        #expect(sim.runtime[2].forcedFull?.contains("overwritten by mirror of db-01") == true)
    }

    @Test func destinationsAreRankedByRestoreTimeAgainstTheRTO() throws {
        let (sim, _) = try array()
        let list = try sim.destinations(for: "db-01").get()
        #expect(list.first?.fits == true)
        let fitting = list.prefix { $0.fits }
        #expect(fitting.map(\.restoreSeconds) == fitting.map(\.restoreSeconds).sorted())
        #expect(list.contains { $0.kind == .poolTier })
        #expect(!list.contains { $0.name == "db-01" })  // the source is no destination of its own
        #expect(list.first { $0.name == "db-02" }?.unusable == "db-02 has a backup copying")
        #expect(refusal(sim.destinations(for: "nope").map { _ in () }) == "no volume named nope")
    }
}

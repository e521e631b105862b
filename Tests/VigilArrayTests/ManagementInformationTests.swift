import Foundation
import Testing
@testable import VigilArray

/// The management information program alone: record IDs, copy records carried from their source and
/// completed on their destination, and the rules that refuse a delete, on hand-built records.
@Suite struct ManagementInformationTests {
    /// A kept generation of db-01 as the backup program would record it.
    func generation(record: Int, number: Int, method: BackupMethod = .incremental, parent: Int?,
                    state: BackupGeneration.State = .complete, digest: UInt64 = 0) -> BackupGeneration {
        BackupGeneration(recordID: record, number: number, method: method, copyFunction: .incrementalCopy, trigger: .interval,
                         parent: parent, area: 1_000 + number, bytes: 1_048_576, triggeredAt: SimTime(3_600 * Int64(number)),
                         completedAt: state == .complete ? SimTime(3_600 * Int64(number) + 60) : nil, digest: digest,
                         content: .delta([]), state: state)
    }

    /// A 16-granule image with granules 0..<4 written by token 7.
    func image() -> ContentMap {
        var map = ContentMap(granules: 16)
        map.write(start: 0, end: 4, token: 7)
        return map
    }

    @Test func recordIDsCountOnFromTheLastAndAreNeverReused() {
        var catalog = ManagementInformation()
        #expect(catalog.takeRecordID() == 1)
        #expect(catalog.takeRecordID() == 2)
        // A copy that could not start gives its record up, not its ID.
        let record = catalog.hostBackup(.snapshot, of: "db-01", to: "log-01", digest: 9, bytes: 100, at: SimTime(0))
        #expect(record.id == 3)
        catalog.keep(record)
        catalog.withdraw(3)
        #expect(catalog.copies.isEmpty)
        #expect(catalog.takeRecordID() == 4)
        // A stored array whose last ID was 41 hands out 42 next.
        var stored = ManagementInformation(lastRecordID: 41)
        #expect(stored.takeRecordID() == 42)
    }

    @Test func aGenerationCopyCarriesItsSourceAlongAndKeepsItsDigest() throws {
        var catalog = ManagementInformation(lastRecordID: 5)
        let gen = generation(record: 4, number: 3, parent: 2, digest: 0xABC)
        let record = catalog.generationCopy(of: gen, volume: "db-01", to: "log-01", bytes: 10_737_418_240, at: SimTime(7_200))
        #expect(record == CopyRecord(id: 6, kind: .generationCopy, sourceRecord: 4, sourceVolume: "db-01", generation: 3,
                                     method: "incremental", destinationVolume: "log-01", startedAt: SimTime(7_200),
                                     completedAt: nil, digest: 0xABC, bytes: 10_737_418_240, state: .copying))
        // Not kept until the coordinator keeps it (a copy to another array is kept there).
        #expect(catalog.copy(6) == nil)
        catalog.keep(record)
        #expect(catalog.isReceivingCopy("log-01"))
        #expect(!catalog.isReceivingCopy("db-02"))
        // Completed with an image whose digest differs: the record keeps the digest it carried,
        // so verifying the copy compares the data against the source generation's digest.
        let completed = catalog.complete(6, holding: image(), at: SimTime(7_500))
        let done = try #require(completed)
        #expect(done.state == .complete && done.completedAt == SimTime(7_500) && done.digest == 0xABC)
        #expect(!catalog.isReceivingCopy("log-01"))
        #expect(!catalog.verify(copy: 6))
        // A second completion of the same record does nothing.
        #expect(catalog.complete(6, holding: image(), at: SimTime(8_000)) == nil)
        #expect(catalog.copy(6)?.completedAt == SimTime(7_500))
    }

    @Test func aMirrorHoldsTheSourceAsItWasAtTheSplit() throws {
        var catalog = ManagementInformation()
        let mirror = catalog.hostBackup(.mirror, of: "db-01", to: "log-01", digest: 1, bytes: 16 * 4_096, at: SimTime(0))
        catalog.keep(mirror)
        // Copying: nothing to verify yet.
        #expect(!catalog.verify(copy: 1))
        let split = image()
        let completed = catalog.complete(1, holding: split, at: SimTime(600))
        let done = try #require(completed)
        // Granules 0..<4 of token 7: the digest is that run's contribution alone.
        #expect(done.digest == ContentDigest.contribution(start: 0, end: 4, token: 7))
        #expect(done.digest == split.digest)
        #expect(catalog.verify(copy: 1))
        #expect(catalog.image(1)?.digest == split.digest)
    }

    @Test func aCopyRecordIsDeletedOnlyOnceItsCopyIsDone() {
        var catalog = ManagementInformation()
        catalog.keep(catalog.hostBackup(.mirror, of: "db-01", to: "log-01", digest: 1, bytes: 100, at: SimTime(0)))
        #expect(catalog.deleteCopy(1) == .refused("record 1 (copy to log-01) is still copying"))
        #expect(catalog.complete(1, holding: image(), at: SimTime(60)) != nil)
        guard case .deleted(let record) = catalog.deleteCopy(1) else { Issue.record("not deleted"); return }
        #expect(record.id == 1 && record.state == .complete)
        #expect(catalog.copies.isEmpty && catalog.image(1) == nil)
        // Gone, and an ID that was never a copy is left to the generations' rules.
        #expect(catalog.deleteCopy(1) == .notACopy)
        #expect(catalog.deleteCopy(9) == .notACopy)
    }

    @Test func onlyAGenerationIsCopied() {
        var catalog = ManagementInformation()
        catalog.keep(catalog.hostBackup(.snapshot, of: "db-01", to: "log-01", digest: 1, bytes: 100, at: SimTime(0)))
        #expect(catalog.notAGeneration(1) == "record 1 is a copy; copy the generation it came from")
        #expect(catalog.notAGeneration(2) == "no record 2")
    }

    @Test func aGenerationIsNotDeletedWhileAnotherDependsOnIt() {
        // An incremental chain 1 ← 2 ← 3 with 4 still copying (records 11 to 14).
        let chain = [generation(record: 11, number: 1, method: .full, parent: nil),
                     generation(record: 12, number: 2, parent: 1),
                     generation(record: 13, number: 3, parent: 2),
                     generation(record: 14, number: 4, parent: 3, state: .copying)]
        func deletion(_ i: Int, merging: MergeInFlight? = nil, kept: [BackupGeneration] = chain) -> ManagementInformation.GenerationDeletion {
            ManagementInformation.deletion(of: kept[i], volume: "db-01", kept: kept, merging: merging)
        }
        #expect(deletion(3) == .refused("record 14 (db-01 generation 4) is still copying"))
        #expect(deletion(2) == .refused("record 13 (db-01 generation 3) is the base of generation 4; a kept generation depends on it"))
        #expect(deletion(0) == .refused("record 11 (db-01 generation 1) is the base of generation 2; a kept generation depends on it"))
        // With 4 gone, 3 is the newest complete generation and nothing is applied on it.
        let three = Array(chain.prefix(3))
        #expect(deletion(2, kept: three) == .allowed(newest: true))
        // A merge holds both its ends, whatever depends on them.
        let merge = MergeInFlight(base: 1, into: 2, reason: "retention", started: SimTime(0))
        #expect(deletion(1, merging: merge, kept: three)
                == .refused("record 12 (db-01 generation 2) is being merged (generation 1 into 2)"))

        // Differentials 2 and 3 both apply on the full 1: the full names both, and either
        // differential may go (3 is the newest).
        let differentials = [generation(record: 21, number: 1, method: .full, parent: nil),
                             generation(record: 22, number: 2, method: .differential, parent: 1),
                             generation(record: 23, number: 3, method: .differential, parent: 1)]
        #expect(deletion(0, kept: differentials)
                == .refused("record 21 (db-01 generation 1) is the base of generation 2, 3; a kept generation depends on it"))
        #expect(deletion(1, kept: differentials) == .allowed(newest: false))
        #expect(deletion(2, kept: differentials) == .allowed(newest: true))
    }

    @Test func itCodesAsTheStoredStateFieldsItCameFrom() throws {
        var catalog = ManagementInformation(lastRecordID: 7)
        catalog.keep(catalog.hostBackup(.snapshot, of: "db-01", to: "log-01", digest: 5, bytes: 100, at: SimTime(0)))
        _ = catalog.complete(8, holding: image(), at: SimTime(0))
        let data = try JSONEncoder().encode(catalog)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // The names SimulatorState stores them under; the data is stored apart and not coded.
        #expect(Set(object.keys) == ["nextRecordID", "copies"])
        #expect(object["nextRecordID"] as? Int == 8)
        let decoded = try JSONDecoder().decode(ManagementInformation.self, from: data)
        #expect(decoded.lastRecordID == 8 && decoded.copies == catalog.copies && decoded.image(8) == nil)
    }
}

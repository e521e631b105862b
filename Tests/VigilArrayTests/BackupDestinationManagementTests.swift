import Foundation
import Testing
@testable import VigilArray

/// The backup destination management program alone: LUs created at the size asked on the remote
/// group with most room, what a remote offers given its lines, what a line change does to stored
/// transfers, and the records kept on a remote array. No simulator: every figure is worked out by
/// hand from the remote arrays below.
@Suite struct BackupDestinationManagementTests {
    static let gb: Int64 = 1_000_000_000

    /// "dr": SATA disks of 100/80 MB/s. dr-a is RAID1 of 400 GB disks: 400 GB, reads 2 × 100 =
    /// 200, writes 80. dr-b is 4D+1P of 100 GB disks: 400 GB, reads 4 × 100 = 400, writes
    /// 4 × 80 × 0.85 = 272. Two lines: 60 MB/s with 2.5 s latency, 40 MB/s with 20 ms: 100 MB/s.
    /// "vault": one RAID1 group of 1 TB disks, one 50 MB/s line.
    static func fresh() -> BackupDestinationManagement {
        let sata = [DiskType.sata: DiskFigures(readMBps: 100, writeMBps: 80)]
        var dr = RemoteArray(id: "dr", index: 0,
                             raidGroups: [RAIDGroup(index: 0, name: "dr-a", layout: .raid1, diskType: .sata, diskSize: 400 * gb, role: .pool),
                                          RAIDGroup(index: 1, name: "dr-b", layout: .parity(data: 4, parity: 1), diskType: .sata,
                                                    diskSize: 100 * gb, role: .pool)],
                             lines: [TransferLine(mbps: 60, latencySeconds: 2.5), TransferLine(mbps: 40, latencySeconds: 0.02)],
                             canCopy: true)
        dr.diskFigures = sata
        var vault = RemoteArray(id: "vault", index: 1,
                                raidGroups: [RAIDGroup(index: 0, name: "v-a", layout: .raid1, diskType: .sata, diskSize: 1_000 * gb, role: .pool)],
                                lines: [TransferLine(mbps: 50, latencySeconds: 0.01)], canCopy: false)
        vault.diskFigures = sata
        return BackupDestinationManagement(remotes: [dr, vault])
    }

    @Test func lusAreCreatedAtTheSizeAskedOnTheGroupWithMostRoomAndNumberedFrom50000() throws {
        var dm = Self.fresh()
        let gb = Self.gb
        // 300 GB: both groups have 400 GB free; the tie goes to the first, dr-a.
        let madeFirst = dm.createLU(bytes: 300 * gb, on: 0, purpose: .full)

        let first = try #require(madeFirst)
        #expect(first.lun == 50_000 && first.remote == 0)
        #expect(dm.remotes[0].lus[50_000] == RemoteLU(lun: 50_000, raidGroup: 0, bytes: 300 * gb, purpose: .full))
        // The volume manager reports the group's own figures; the lines do not limit them.
        #expect(first.reported == PerformanceEntry(lun: 50_000, name: "dr/LU50000", layout: .raid1, diskType: .sata,
                                                   capacity: 300 * gb, readMBps: 200, writeMBps: 80, overridden: false, degraded: false))
        // 200 GB: dr-a has 100 GB left, dr-b 400 GB.
        let madeSecond = dm.createLU(bytes: 200 * gb, on: 0, purpose: .incremental)

        let second = try #require(madeSecond)
        #expect(second.lun == 50_001 && dm.remotes[0].lus[50_001]?.raidGroup == 1)
        #expect(second.reported.readMBps == 400 && second.reported.writeMBps == 272)
        // 500 GB fits nowhere: no LU, and its LUN is not used up.
        let tooLarge = dm.createLU(bytes: 500 * gb, on: 0, purpose: .full)
        #expect(tooLarge == nil)
        let madeThird = dm.createLU(bytes: 100 * gb, on: 1, purpose: .full)

        let third = try #require(madeThird)
        #expect(third.lun == 50_002 && third.remote == 1)
        #expect(dm.nextLUN == 50_003)
        #expect(dm.holding(50_001) == 0 && dm.holding(50_002) == 1 && dm.holding(1_000) == nil)
        // dr: 100 GB free on dr-a, 200 GB on dr-b.
        #expect(dm.remotes[0].free == 300 * gb && dm.remotes[0].largestFree == 200 * gb)
        #expect(dm.areas[50_001] == AreaInfo(tier: "dr", raidGroup: "dr/dr-b", bytes: 200 * gb, purpose: .incremental))
        #expect(dm.areas.keys.sorted() == [50_000, 50_001, 50_002])
    }

    @Test func releaseAndRelabelAnswerOnlyForRemoteLUNs() throws {
        var dm = Self.fresh()
        let gb = Self.gb
        let madeLu = dm.createLU(bytes: 300 * gb, on: 0, purpose: .mirror)

        let lu = try #require(madeLu)
        // A pool LUN is not this program's: the coordinator hands it to pool management.
        let releasedPool = dm.release(1_000), relabelledPool = dm.relabel(1_000, as: .full)
        #expect(!releasedPool && !relabelledPool)
        let relabelled = dm.relabel(lu.lun, as: .full)
        #expect(relabelled)
        #expect(dm.remotes[0].lus[lu.lun]?.purpose == .full)
        let released = dm.release(lu.lun)
        #expect(released)
        #expect(dm.holding(lu.lun) == nil && dm.remotes[0].free == 800 * gb)
        // Released LUNs are not given out again.
        let next = dm.createLU(bytes: gb, on: 0, purpose: .full)
        #expect(next?.lun == 50_001)
    }

    @Test func whatARemoteOffersIsItsGroupsSpeedLimitedByTheLinesUp() throws {
        var dm = Self.fresh()
        let gb = Self.gb
        // Fresh: dr-a (the first of two equally free groups) reads 200 and writes 80; the lines
        // carry 100.
        #expect(dm.offer(0) == TierOffer(destination: .remoteArray(0), name: "dr", readMBps: 100, writeMBps: 80, largestFree: 400 * gb))
        // With 300 GB on dr-a, an LU would go to dr-b (400 read, 272 write): both capped at 100.
        let madeLu = dm.createLU(bytes: 300 * gb, on: 0, purpose: .full)

        let lu = try #require(madeLu)
        #expect(dm.offer(0) == TierOffer(destination: .remoteArray(0), name: "dr", readMBps: 100, writeMBps: 100, largestFree: 400 * gb))
        // The LU's own figures as the local array sees them: dr-a's, capped by the 100 MB/s.
        #expect(dm.entry(lu.lun)?.readMBps == 100 && dm.entry(lu.lun)?.writeMBps == 80)
        #expect(dm.entry(1_000) == nil)
        // Line 0 (60 MB/s) down: 40 MB/s left.
        _ = dm.setLine(remote: 0, 0, up: false, at: SimTime(0), volumeReadMBps: { _ in 0 })
        #expect(dm.offer(0).readMBps == 40 && dm.offer(0).writeMBps == 40)
        #expect(dm.entry(lu.lun)?.writeMBps == 40)
    }

    @Test func copiesGoThroughTheLUsGroupAndTheLinesExceptInsideOneRemote() throws {
        var dm = Self.fresh()
        let gb = Self.gb
        let madeA = dm.createLU(bytes: 300 * gb, on: 0, purpose: .full)

        let a = try #require(madeA)  // dr-a
        let madeB = dm.createLU(bytes: 200 * gb, on: 0, purpose: .incremental)

        let b = try #require(madeB)  // dr-b
        let madeC = dm.createLU(bytes: 10 * gb, on: 1, purpose: .full)

        let c = try #require(madeC)  // vault
        #expect(dm.readPath(a.lun) == [.remoteGroupRead(0, 0), .line(0)])
        #expect(dm.writePath(b.lun) == [.remoteGroupWrite(0, 1), .line(0)])
        #expect(dm.readPath(1_000) == nil && dm.writePath(1_000) == nil)
        // dr's copy program assembles one LU from another: nothing crosses the lines.
        #expect(dm.internalCopyPath(from: a.lun, to: b.lun) == [.remoteGroupRead(0, 0), .remoteGroupWrite(0, 1)])
        #expect(dm.internalCopyPath(from: a.lun, to: c.lun) == nil)
        #expect(dm.internalCopyPath(from: 1_000, to: b.lun) == nil)
    }

    @Test func aLineChangeCreditsStoredTransfersThenPausesOrResumesThem() throws {
        let gb = Self.gb
        var dm = Self.fresh()
        let madeLu = dm.createLU(bytes: 200 * gb, on: 0, purpose: .incremental)

        let lu = try #require(madeLu)  // dr-a: writes 80
        let madeOther = dm.createLU(bytes: 10 * gb, on: 1, purpose: .full)

        let other = try #require(madeOther)
        // As a stored state from before copies shared bandwidth would hold them: volume 3 to dr at
        // 80 MB/s with 1 GB to cross, volume 1 to the vault.
        let toDR = RemoteTransfer(remote: 0, lun: lu.lun, generation: 4, lineBytesLeft: 1e9, remoteSeconds: 0, mbps: 80,
                                  since: SimTime(0), epoch: 0)
        let toVault = RemoteTransfer(remote: 1, lun: other.lun, generation: nil, lineBytesLeft: 5e8, remoteSeconds: 0, mbps: 50,
                                     since: SimTime(0), epoch: 0)
        dm = BackupDestinationManagement(remotes: dm.remotes, transfers: [3: toDR, 1: toVault], nextLUN: dm.nextLUN)
        let read: (Int) -> Double = { _ in 500 }

        // Refusals name what is wrong and change nothing.
        #expect(dm.lineChangeAllowed(named: "nowhere", 0, up: false) == .failure(.init("no remote array named nowhere")))
        #expect(dm.lineChangeAllowed(named: "dr", 2, up: false) == .failure(.init("dr has lines 0…1, not 2")))
        #expect(dm.lineChangeAllowed(named: "dr", 0, up: true) == .failure(.init("line 0 of dr is already up")))
        #expect(dm.lineChangeAllowed(named: "vault", 0, up: false) == .success(1))
        #expect(dm.latencySeconds(0) == 3)  // the slowest line up: 2.5 s, in whole seconds

        // At 5 s line 0 goes: 5 s × 80 MB/s = 400 MB crossed; 40 MB/s left, under dr-a's 80.
        let down0 = dm.setLine(remote: 0, 0, up: false, at: SimTime(5), volumeReadMBps: read)
        #expect(down0 == .init(remote: 0, paused: [], resumed: [], rescheduled: [3]))
        #expect(dm.transfers[3] == RemoteTransfer(remote: 0, lun: lu.lun, generation: 4, lineBytesLeft: 6e8, remoteSeconds: 0,
                                                  mbps: 40, since: SimTime(5), epoch: 1))
        #expect(dm.remotes[0].bandwidth == 40 && dm.latencySeconds(0) == 1)
        // At 10 s line 1 goes: 5 s × 40 MB/s = 200 MB more; nothing crosses, the transfer pauses.
        let down1 = dm.setLine(remote: 0, 1, up: false, at: SimTime(10), volumeReadMBps: read)
        #expect(down1 == .init(remote: 0, paused: [3], resumed: [], rescheduled: [3]))
        #expect(dm.transfers[3]?.lineBytesLeft == 4e8 && dm.transfers[3]?.mbps == 0 && dm.transfers[3]?.epoch == 2)
        #expect(dm.latencySeconds(0) == 0)
        // At 100 s line 0 is back: nothing crossed meanwhile. The line carries 60 and dr-a writes
        // 80, but the volume now reads at only 50: 50 MB/s.
        let up0 = dm.setLine(remote: 0, 0, up: true, at: SimTime(100), volumeReadMBps: { $0 == 3 ? 50 : 500 })
        #expect(up0 == .init(remote: 0, paused: [], resumed: [3], rescheduled: [3]))
        #expect(dm.transfers[3]?.lineBytesLeft == 4e8 && dm.transfers[3]?.mbps == 50 && dm.transfers[3]?.since == SimTime(100))
        // The vault's transfer was never touched.
        #expect(dm.transfers[1] == toVault)

        // Its end, scheduled under an older epoch, is dropped; under the current one it finishes.
        let stale = dm.finishTransfer(volume: 3, epoch: 1)
        #expect(stale == nil)
        let finished = dm.finishTransfer(volume: 3, epoch: 3)
        #expect(finished?.generation == 4)
        #expect(dm.transfers[3] == nil)
    }

    @Test func copyRecordsAreKeptInTheRemotesRegionWithTheirData() throws {
        var dm = Self.fresh()
        var image = ContentMap(granules: 16)
        image.write(start: 0, end: 4, token: 7)
        var record = CopyRecord(id: 12, kind: .generationCopy, sourceRecord: 9, sourceVolume: "erp-db", generation: 3,
                                method: "full", destinationVolume: "vault/LU50000", startedAt: SimTime(60), completedAt: nil,
                                digest: image.digest, bytes: 1_048_576, state: .copying)
        record.area = 50_000
        dm.keep(record, on: 1, image: image)
        #expect(dm.remotes[1].records.map(\.id) == [12] && dm.remotes[0].records.isEmpty)
        // Not verifiable while it copies.
        #expect(!dm.verify(record: 12))
        let done = dm.completeRecord(12, at: SimTime(600))
        #expect(done.count == 1 && done.first?.state == .complete && done.first?.completedAt == SimTime(600))
        #expect(dm.verify(record: 12) && dm.image(12)?.digest == image.digest)
        let unknown = dm.completeRecord(13, at: SimTime(600))
        #expect(unknown.isEmpty && !dm.verify(record: 13))
    }

    @Test func itIsCodedUnderTheFieldNamesStoredStatesHaveAlwaysUsedWithoutTheCopiesData() throws {
        var dm = Self.fresh()
        _ = dm.createLU(bytes: Self.gb, on: 0, purpose: .full)
        var image = ContentMap(granules: 4)
        image.write(start: 0, end: 1, token: 1)
        dm.keep(CopyRecord(id: 1, kind: .generationCopy, sourceRecord: nil, sourceVolume: "v", generation: 1, method: "full",
                           destinationVolume: "dr/LU50000", startedAt: SimTime(0), completedAt: nil, digest: 0, bytes: 1,
                           state: .copying), on: 0, image: image)
        let data = try JSONEncoder().encode(dm)
        let keys = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
        #expect(keys == ["nextRemoteLUN", "remotes", "transfers"])
        let back = try JSONDecoder().decode(BackupDestinationManagement.self, from: data)
        #expect(back.nextLUN == 50_001 && back.remotes[0].lus[50_000]?.bytes == Self.gb && back.remotes[0].records.count == 1)
        #expect(back.image(1) == nil && dm.image(1) != nil)
    }
}

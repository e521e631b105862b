import Testing
@testable import VigilArray

/// The pool management program alone: where areas go, which tier comes closest, shortage episodes,
/// and the expansion requests with the quiet period after a denial. No simulator: every figure is
/// worked out by hand from the RAID groups below.
@Suite struct PoolManagementTests {
    static let gb: Int64 = 1_000_000_000

    /// fc-a: RAID1 of 100 GB disks = 100 GB; fc-b: 4D+1P of 50 GB = 200 GB; ata-a: 4D+1P of 100 GB
    /// = 400 GB; two spares: SATA RAID1 of 300 GB = 300 GB, FC RAID1 of 100 GB = 100 GB.
    static let groups = [
        RAIDGroup(index: 0, name: "fc-a", layout: .raid1, diskType: .fc, diskSize: 100 * gb, role: .pool),
        RAIDGroup(index: 1, name: "fc-b", layout: .parity(data: 4, parity: 1), diskType: .fc, diskSize: 50 * gb, role: .pool),
        RAIDGroup(index: 2, name: "ata-a", layout: .parity(data: 4, parity: 1), diskType: .ata, diskSize: 100 * gb, role: .pool),
        RAIDGroup(index: 3, name: "sata-spare", layout: .raid1, diskType: .sata, diskSize: 300 * gb, role: .spare),
        RAIDGroup(index: 4, name: "fc-spare", layout: .raid1, diskType: .fc, diskSize: 100 * gb, role: .spare),
    ]

    /// Read/write MB/s per group: fc-a 200/150, fc-b 300/250, ata-a 100/80.
    static func speed(_ g: Int) -> (read: Double, write: Double) {
        [(200.0, 150.0), (300, 250), (100, 80), (120, 100), (200, 150)][g]
    }

    static func fresh() -> PoolManagement {
        PoolManagement(pool: BackupPool(name: "bp", tiers: [PoolTier(index: 0, name: "fc", raidGroups: [0, 1]),
                                                             PoolTier(index: 1, name: "ata", raidGroups: [2])]))
    }

    @Test func areasGoToTheGroupWithMostRoomAndFullsToTheFastestTierWithRoom() throws {
        var pm = Self.fresh()
        let gb = Self.gb
        // 150 GB on fc: fc-a's 100 GB is too small, fc-b has 200 GB.
        let placedFull = pm.allocate(bytes: 150 * gb, tier: 0, purpose: .full, groups: Self.groups)
        let full = try #require(placedFull)
        #expect(full.lun == 1_000 && full.raidGroup == 1)
        // 60 GB on fc: fc-a has 100 GB free, fc-b 50 GB.
        let placedDelta = pm.allocate(bytes: 60 * gb, tier: 0, purpose: .incremental, groups: Self.groups)
        let delta = try #require(placedDelta)
        #expect(delta.lun == 1_001 && delta.raidGroup == 0)
        // fc's largest area is now fc-b's 50 GB (fc-a has 40 GB); speeds are the slower group's.
        let offers = pm.offers(groups: Self.groups, speed: Self.speed)
        #expect(offers == [
            TierOffer(destination: .poolTier(0), name: "fc", readMBps: 200, writeMBps: 150, largestFree: 50 * gb),
            TierOffer(destination: .poolTier(1), name: "ata", readMBps: 100, writeMBps: 80, largestFree: 400 * gb),
        ])
        #expect(pm.largestFree(groups: Self.groups) == 400 * gb)
        // 40 GB fits on the preferred fc; 100 GB does not, and ata is the only tier with room;
        // 500 GB fits nowhere.
        #expect(pm.fullTier(bytes: 40 * gb, preferred: 0, groups: Self.groups, speed: Self.speed) == 0)
        #expect(pm.fullTier(bytes: 100 * gb, preferred: 0, groups: Self.groups, speed: Self.speed) == 1)
        #expect(pm.fullTier(bytes: 500 * gb, preferred: nil, groups: Self.groups, speed: Self.speed) == nil)
        // Without a preference the fastest tier with room wins: fc (200 MB/s read) for 50 GB.
        #expect(pm.fullTier(bytes: 50 * gb, preferred: nil, groups: Self.groups, speed: Self.speed) == 0)
        // Released at once: 40 + 200 + 400 GB free. Only the caller says the space changed.
        pm.release(full.lun)
        #expect(pm.pool.totalFree(groups: Self.groups) == 640 * gb)
        #expect(pm.version == 0)
        pm.spaceChanged()
        #expect(pm.version == 1)
    }

    @Test func theClosestTierIsTheLargestFreeAreaFirstTierOnTies() {
        let gb = Self.gb
        let fc = TierOffer(destination: .poolTier(0), name: "fc", readMBps: 200, writeMBps: 150, largestFree: 50 * gb)
        let ata = TierOffer(destination: .poolTier(1), name: "ata", readMBps: 100, writeMBps: 80, largestFree: 400 * gb)
        #expect(PoolManagement.closest([fc, ata], toFitting: 300 * gb) == nil)
        #expect(PoolManagement.closest([fc, ata], toFitting: 500 * gb) == ata)
        var sas = ata
        sas.destination = .poolTier(2)
        sas.name = "sas"
        #expect(PoolManagement.closest([sas, ata], toFitting: 500 * gb)?.name == "ata")
        #expect(PoolManagement.closest([], toFitting: 1)?.name == "-")
    }

    @Test func aShortageIsReportedOncePerEpisodeAndRaisesOneRequestAtATime() throws {
        var pm = Self.fresh()
        let gb = Self.gb
        let ata = TierOffer(destination: .poolTier(1), name: "ata", readMBps: 100, writeMBps: 80, largestFree: 400 * gb)
        var asked = 0
        func short(_ v: Int, _ need: PoolNeed, at t: Int64, waiting: [Int]) -> PoolManagement.ShortageOutcome {
            pm.shortage(volume: v, need: need, needed: 500 * gb, closest: ata, reason: "v\(v) short", at: SimTime(t),
                        groups: Self.groups, waiting: { asked += 1; return waiting })
        }
        // 100 + 200 + 400 GB free in the pool, though no group can give 500 GB.
        let first = short(2, .backup, at: 1_000, waiting: [2])
        #expect(first.firstOfEpisode && first.poolFree == 700 * gb)
        let request = try #require(first.raised)
        #expect(request.id == 1 && request.raisedAt == SimTime(1_000) && request.neededBytes == 500 * gb)
        #expect(request.freeBytes == 700 * gb && request.tier == "ata" && request.largestFreeBytes == 400 * gb)
        #expect(request.waitingVolumes == [2] && pm.isPending(1) && !pm.mayRequest(at: SimTime(1_000)))
        // The same episode again: not reported, no second request; the pending one keeps its
        // figures and only learns who waits.
        let again = short(2, .backup, at: 1_060, waiting: [2, 5])
        #expect(!again.firstOfEpisode && again.raised == nil)
        #expect(pm.requests.count == 1 && pm.requests[0].waitingVolumes == [2, 5] && pm.requests[0].neededBytes == 500 * gb)
        // Another need of the same volume is its own episode.
        let mirror = short(2, .mirror, at: 1_120, waiting: [2, 5])
        #expect(mirror.firstOfEpisode)
        pm.endShortage(volume: 2, need: .backup)
        #expect(!pm.shortageOpen(volume: 2, need: .backup) && pm.shortageOpen(volume: 2, need: .mirror))
        #expect(pm.storedShortages(volume: 2) == [.mirror] && pm.storedShortages(volume: 3) == nil)
        #expect(asked == 3)

        // Denied at 1,200: nothing is asked for 6 h, until 1,200 + 21,600 = 22,800.
        let notPending = pm.deny(id: 2, at: SimTime(1_200))
        #expect(notPending == nil)
        let quietUntil = pm.deny(id: 1, at: SimTime(1_200))
        #expect(quietUntil == SimTime(22_800))
        #expect(pm.requests[0].state == .denied && !pm.isPending(1))
        #expect(!pm.mayRequest(at: SimTime(22_799)) && pm.mayRequest(at: SimTime(22_800)))
        let denial = try #require(pm.denial(at: SimTime(22_799)))
        #expect(denial.request == 1 && denial.quietUntil == SimTime(22_800))
        #expect(pm.denial(at: SimTime(22_800)) == nil)
        // Within the quiet period the open episode is not reported again and nothing is raised
        // (nor is the list of who waits asked for).
        let quiet = short(2, .mirror, at: 22_799, waiting: [2])
        #expect(!quiet.firstOfEpisode && quiet.raised == nil && asked == 3)
        let after = short(2, .mirror, at: 22_800, waiting: [2])
        let second = try #require(after.raised)
        #expect(second.id == 2 && second.raisedAt == SimTime(22_800) && asked == 4)
    }

    @Test func anApprovedSpareJoinsTheTierOfItsDiskTypeOrANewOne() throws {
        var pm = Self.fresh()
        let ata = TierOffer(destination: .poolTier(1), name: "ata", readMBps: 100, writeMBps: 80, largestFree: 400 * Self.gb)
        // The FC spare would join fc; the SATA spare makes a tier of its own.
        #expect(pm.tierJoined(byGroup: 4, groups: Self.groups) == ("fc", 0))
        #expect(pm.tierJoined(byGroup: 3, groups: Self.groups) == ("sata", nil))
        let nothingPending = pm.approve(id: 1, raidGroup: 3, groups: Self.groups)
        #expect(nothingPending == nil)
        _ = pm.shortage(volume: 0, need: .changedData, needed: 500 * Self.gb, closest: ata, reason: "r", at: SimTime(0),
                        groups: Self.groups, waiting: { [] })
        let joined = pm.approve(id: 1, raidGroup: 3, groups: Self.groups)
        #expect(joined == 2)
        #expect(pm.pool.tiers.map(\.name) == ["fc", "ata", "sata"] && pm.pool.tiers[2].raidGroups == [3])
        #expect(pm.requests[0].state == .approved && pm.pendingRequest == nil && pm.mayRequest(at: SimTime(0)))
        // The pool changed: waiting backups try again.
        #expect(pm.version == 1)
        // 700 + 300 GB free now.
        #expect(pm.pool.totalFree(groups: Self.groups) == 1_000 * Self.gb)
    }

    @Test func aStoredPoolResumesWithItsRequestsAndEpisodes() throws {
        var a = Self.fresh()
        let ata = TierOffer(destination: .poolTier(1), name: "ata", readMBps: 100, writeMBps: 80, largestFree: 400 * Self.gb)
        _ = a.allocate(bytes: 60 * Self.gb, tier: 0, purpose: .full, groups: Self.groups)
        _ = a.shortage(volume: 1, need: .backup, needed: 500 * Self.gb, closest: ata, reason: "r", at: SimTime(0),
                       groups: Self.groups, waiting: { [1] })
        a.endShortage(volume: 1, need: .backup)
        // As `SimulatorState` keeps them: volume 0 never short (nil), volume 1's episode over ([]).
        let stored = (0..<2).map { a.storedShortages(volume: $0) }
        #expect(stored == [nil, []])
        var b = PoolManagement(pool: a.pool, requests: a.requests, pendingRequest: a.pendingRequest,
                               requestsSuppressedUntil: a.requestsSuppressedUntil, version: a.version, shortages: stored)
        #expect((0..<2).map { b.storedShortages(volume: $0) } == stored)
        #expect(b.isPending(1))
        // The next area continues the LUN numbering (1000 was taken).
        let next = b.allocate(bytes: Self.gb, tier: 0, purpose: .incremental, groups: Self.groups)
        #expect(next?.lun == 1_001)
    }
}

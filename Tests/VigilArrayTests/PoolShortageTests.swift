import Testing
@testable import VigilArray

/// `pool.shortage` is judged per RAID group, as allocation places areas, and reported once per
/// episode (issue 10, fault 4).
@Suite struct PoolShortageTests {
    static let mib: Int64 = 1_048_576
    /// 100 GiB = 107,374,182,400 B: the volume, so its full and its mirror are that size each.
    static let volumeBytes: Int64 = 100 * 1_024 * mib

    /// One mirrored 100 GiB volume and one pool tier "sata" of two 2D+1P RAID groups of `diskSize`
    /// disks (capacity 2 × diskSize each). Speeds are pinned: the volume reads and writes at
    /// 1,000 MB/s, the pool groups at 100 MB/s. RTO 5 s, so any delta of 1,000 MiB (10.49 s to
    /// restore at 100 MB/s) is over it and the backup is a full by mirror split.
    static func scenario(diskSize: Int64) -> Scenario {
        Scenario(
            name: "shortage", seed: 1, tick: 60, granule: mib,
            raidGroups: [
                .init(name: "rg-data", layout: .parity(data: 4, parity: 1), diskType: .sas, diskSize: 100_000_000_000,
                      readMBps: 1_000, writeMBps: 1_000),
                .init(name: "rg-p1", layout: .parity(data: 2, parity: 1), diskType: .ata, diskSize: diskSize,
                      readMBps: 100, writeMBps: 100),
                .init(name: "rg-p2", layout: .parity(data: 2, parity: 1), diskType: .ata, diskSize: diskSize,
                      readMBps: 100, writeMBps: 100),
            ],
            volumes: [.init(name: "vol", raidGroup: "rg-data", capacity: volumeBytes, group: "g")],
            groups: [.init(name: "g", objectives: RecoveryObjectives(generations: 20, rto: 5), mirror: true)],
            tiers: [.init(name: "sata", raidGroups: ["rg-p1", "rg-p2"])])
    }

    /// Runs the initial full and the mirror, takes a full by splitting the mirror (which asks for a
    /// new mirror), then six hours of ticks. Returns the shortage events and the simulator.
    static func splitAndWait(diskSize: Int64) throws -> (shortages: [ArrayEvent], sim: ArraySimulator, log: EventLog) {
        let sim = try ArraySimulator(scenario: scenario(diskSize: diskSize))
        let log = EventLog(sim)
        sim.start()
        // Initial copy 107,374,182,400 B at min(1,000, 100) MB/s = 1,073.7 s → 1,074 s; the mirror
        // that follows takes as long again: in sync at 2,148 s.
        sim.run(until: sim.startTime + 3_600)
        #expect(sim.snapshot().volumes[0].states == [.idle])
        sim.write(volume: 0, start: 0, end: 1_000)
        sim.apply(.backupNow(volume: "vol"))
        sim.run(until: sim.now + 6 * 3_600)  // 360 workload ticks
        #expect(log.decisions.last?.copyFunction == .mirrorSplit)
        let shortages = log.events.filter { if case .poolShortage = $0.kind { return true } else { return false } }
        return (shortages, sim, log)
    }

    @Test func splitFreeSpaceThatNoGroupCanHoldIsOneShortageWithTheTiersFigures() throws {
        // Disks of 90 GB: each group holds 180,000,000,000 B. The initial full goes to rg-p1 and the
        // mirror to rg-p2, leaving 180,000,000,000 − 107,374,182,400 = 72,625,817,600 B free in
        // each: 145,251,635,200 B in the pool, more than the 107,374,182,400 B the next mirror
        // needs, but no single group can hold it.
        let (shortages, sim, _) = try Self.splitAndWait(diskSize: 90_000_000_000)
        #expect(shortages.count == 1)
        guard case let .poolShortage(_, volume, need, tier, needed, largest, poolFree)? = shortages.first?.kind else {
            Issue.record("no shortage reported")
            return
        }
        #expect(volume == "vol" && need == .mirror && tier == "sata")
        #expect(needed == 107_374_182_400)
        #expect(largest == 72_625_817_600)
        #expect(poolFree == 145_251_635_200)
        #expect(shortages.first?.jsonLine.contains("\"tier\":\"sata\",\"needed_bytes\":107374182400,\"largest_free_bytes\":72625817600") == true)
        // The one request carries the same figures.
        let request = try #require(sim.snapshot().prompts.first)
        #expect(request.neededBytes == 107_374_182_400 && request.tier == "sata" && request.largestFreeBytes == 72_625_817_600)
        #expect(sim.requests.count == 1)
    }

    @Test func aDenialSaysWhenTheNextRequestMayComeAndTheEpisodeStaysOne() throws {
        let (_, sim, log) = try Self.splitAndWait(diskSize: 90_000_000_000)
        // The split and request #1 were at start + 3,600 s; six hours of ticks later, start + 25,200 s.
        #expect(sim.now == sim.startTime + 25_200)
        #expect(refusal(sim.apply(.denyExpansion(request: 1))) == nil)
        // Quiet for 6 h = 21,600 s: until start + 46,800 s.
        let denied = try #require(log.events.last)
        guard case let .poolExpansionDenied(1, _, waiting, quietUntil) = denied.kind else {
            Issue.record("no denial event")
            return
        }
        #expect(waiting == ["vol"] && quietUntil == sim.startTime + 46_800)
        #expect(denied.jsonLine.contains("\"next_request_not_before\":\"\((sim.startTime + 46_800).iso8601)\""))
        #expect(sim.snapshot().denial == ArraySnapshot.Denial(request: 1, quietUntil: sim.startTime + 46_800))
        sim.run(until: sim.startTime + 46_799)
        #expect(sim.requests.count == 1)
        // The tick at start + 46,800 s asks again: the mirror still cannot be placed. The episode
        // never ended, so there is still one shortage event.
        sim.run(until: sim.startTime + 46_800)
        #expect(sim.requests.count == 2)
        #expect(sim.requests.last?.raisedAt == sim.startTime + 46_800)
        #expect(sim.requests.last?.largestFreeBytes == 72_625_817_600)
        #expect(sim.snapshot().denial == nil)
        #expect(log.events.filter { if case .poolShortage = $0.kind { return true } else { return false } }.count == 1)
    }

    @Test func anAreaThatFitsOneGroupIsNoShortage() throws {
        // Disks of 150 GB: each group holds 300,000,000,000 B; after the full and the mirror each has
        // 192,625,817,600 B free, enough for the next 107,374,182,400 B mirror.
        let (shortages, sim, log) = try Self.splitAndWait(diskSize: 150_000_000_000)
        #expect(shortages.isEmpty)
        #expect(sim.requests.isEmpty)
        let mirrors = log.events.filter { if case .mirrorSyncStarted = $0.kind { return true } else { return false } }
        #expect(mirrors.count == 2)
    }

    /// Fig. 6's check: changed data that no RAID group can hold in one area, though the pool's total
    /// could, is one shortage; once an added group can hold it, the episode is over.
    @Test func changedDataThatNoGroupCanHoldIsOneShortageUntilItFits() throws {
        // Two 100 GiB volumes, no trigger (no RPO, no RTO), and a pool tier of two 2D+1P groups of
        // 75 GB disks: 150,000,000,000 B each. vol-a's initial full goes to rg-p1, vol-b's to rg-p2
        // (the one with more free space), leaving 150,000,000,000 − 107,374,182,400 =
        // 42,625,817,600 B in each, 85,251,635,200 B in all. A SAS spare of 2 × 100 GB waits.
        let pool: [Scenario.RAIDGroupSpec] = ["rg-p1", "rg-p2"].map {
            .init(name: $0, layout: .parity(data: 2, parity: 1), diskType: .ata, diskSize: 75_000_000_000, readMBps: 100, writeMBps: 100)
        }
        var scenario = Scenario(
            name: "changed", seed: 1, tick: 60, granule: Self.mib,
            raidGroups: [.init(name: "rg-data", layout: .parity(data: 4, parity: 1), diskType: .sas, diskSize: 100_000_000_000,
                               readMBps: 1_000, writeMBps: 1_000)] + pool
                + [.init(name: "rg-spare", layout: .parity(data: 2, parity: 1), diskType: .sas, diskSize: 100_000_000_000)],
            volumes: [.init(name: "vol-a", raidGroup: "rg-data", capacity: Self.volumeBytes, group: "g"),
                      .init(name: "vol-b", raidGroup: "rg-data", capacity: Self.volumeBytes, group: "g")],
            groups: [.init(name: "g", objectives: RecoveryObjectives(generations: 20), mirror: false)],
            tiers: [.init(name: "sata", raidGroups: ["rg-p1", "rg-p2"])])
        scenario.spares = ["rg-spare"]
        let sim = try ArraySimulator(scenario: scenario)
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + 3_600)  // both initial copies: 1,074 s each, side by side
        // 50,000 granules of 1 MiB = 52,428,800,000 B changed: more than either group's
        // 42,625,817,600 B, less than the pool's 85,251,635,200 B (the old check, against the
        // pool's total, saw no shortage here).
        sim.write(volume: 0, start: 0, end: 50_000)
        sim.run(until: sim.now + 6 * 3_600)
        func shortages() -> [ArrayEvent] { log.events.filter { if case .poolShortage = $0.kind { return true } else { return false } } }
        #expect(shortages().count == 1)
        guard case let .poolShortage(_, volume, need, tier, needed, largest, poolFree)? = shortages().first?.kind else {
            Issue.record("no shortage reported")
            return
        }
        #expect(volume == "vol-a" && need == .changedData && tier == "sata")
        #expect(needed == 52_428_800_000 && largest == 42_625_817_600 && poolFree == 85_251_635_200)
        // The spare (200,000,000,000 B, a new tier "sas") can hold it: the episode ends at the next
        // tick and nothing more is reported.
        #expect(sim.snapshot().spareTiers["rg-spare"] == ArraySnapshot.SpareTier(tier: "sas", isNew: true))
        #expect(refusal(sim.apply(.approveExpansion(request: 1, raidGroup: "rg-spare"))) == nil)
        sim.run(until: sim.now + 6 * 3_600)
        #expect(shortages().count == 1)
        #expect(!sim.poolManagement.shortageOpen(volume: 0, need: .changedData))
    }
}

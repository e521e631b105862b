@testable import VigilArray

/// Small arrays built in code, with throughput pinned by overrides so that every expected number in
/// a test can be worked out by hand.
enum TestScenarios {
    /// Builds and starts the array, then runs until no copy is in flight (the initial fulls done).
    static func started(_ scenario: Scenario) throws -> (ArraySimulator, EventLog) {
        let sim = try ArraySimulator(scenario: scenario)
        let log = EventLog(sim)
        sim.start()
        settle(sim)
        return (sim, log)
    }

    /// Runs ten minutes at a time until no copy is in flight on any volume.
    static func settle(_ sim: ArraySimulator) {
        repeat { sim.run(until: sim.now + 600) } while sim.copyProgram.volumes.contains { $0.copying != nil }
    }

    static let mib: Int64 = 1_048_576

    /// One 200 GiB volume tracked in 1 MiB granules, a slow pool tier (read 20 / write `slowWrite`
    /// MB/s) and optionally a fast one (100 / 100 MB/s). Fulls live on the slow tier.
    static func planning(rto: Int64?, fastTier: Bool = false, slowWrite: Double = 20, mirror: Bool = false,
                         generations: Int = 20, retention: RetentionPolicy = .merge, fastDisk: String = "4TB") -> Scenario {
        var raid: [Scenario.RAIDGroupSpec] = [
            .init(name: "rg-data", layout: .parity(data: 4, parity: 1), diskType: .sas, diskSize: 100_000_000_000,
                  readMBps: 1_000, writeMBps: 1_000),
            .init(name: "rg-slow", layout: .parity(data: 4, parity: 1), diskType: .ata, diskSize: 1_000_000_000_000,
                  readMBps: 20, writeMBps: slowWrite),
        ]
        var tiers: [Scenario.TierSpec] = [.init(name: "slow", raidGroups: ["rg-slow"])]
        if fastTier {
            raid.append(.init(name: "rg-fast", layout: .parity(data: 4, parity: 1), diskType: .ssd,
                              diskSize: ByteSize.parse(fastDisk)!, readMBps: 100, writeMBps: 100))
            tiers.append(.init(name: "fast", raidGroups: ["rg-fast"]))
        }
        return Scenario(
            name: "planning", seed: 1, tick: 60, granule: mib, raidGroups: raid,
            volumes: [.init(name: "vol", raidGroup: "rg-data", capacity: 200 * 1_024 * mib, group: "g")],
            groups: [.init(name: "g", objectives: RecoveryObjectives(generations: generations, rto: rto),
                           mirror: mirror, retention: retention, fullTier: "slow")],
            tiers: tiers)
    }

    /// A minimal valid scenario file; tests that check errors break one line of it.
    static let validTOML = """
    [array]
    name = "t"
    seed = 3

    [[raid_groups]]
    name = "rg-data"
    layout = "4D+1P"
    disk_type = "FC"
    disk_size = "600GB"

    [[raid_groups]]
    name = "rg-pool"
    layout = "6D+2P"
    disk_type = "SATA"
    disk_size = "2TB"

    [[raid_groups]]
    name = "rg-spare"
    layout = "RAID1"
    disk_type = "SAS"
    disk_size = "1TB"

    [pool]
    spares = ["rg-spare"]

    [[pool.tiers]]
    name = "sata"
    raid_groups = ["rg-pool"]

    [[groups]]
    name = "db"
    rpo = { interval = "1h" }
    generations = 5
    rto = "30m"

    [[volumes]]
    name = "v1"
    raid_group = "rg-data"
    capacity = "100GiB"
    group = "db"

    [[volumes]]
    name = "v2"
    raid_group = "rg-data"
    capacity = "200GiB"
    group = "db"

    [[workloads]]
    volume = "v1"
    rate = "2MB/s"
    pattern = "hotspot"
    hot_fraction = 0.1
    """
}

/// Collects a simulator's events.
final class EventLog {
    var events: [ArrayEvent] = []
    init(_ sim: ArraySimulator) { sim.onEvent = { self.events.append($0) } }  // the simulator keeps the log alive
    var decisions: [BackupDecision] {
        events.compactMap { if case .backupDecided(_, _, _, _, let d) = $0.kind { return d } else { return nil } }
    }
    var jsonl: String { events.map(\.jsonLine).joined(separator: "\n") }
}

/// The refusal's message, or nil when the command was accepted.
func refusal(_ r: Result<Void, CommandError>) -> String? {
    if case .failure(let e) = r { return e.message } else { return nil }
}

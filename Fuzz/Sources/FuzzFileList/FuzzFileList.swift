import FuzzDriver
import VigilArray

/// A file list (CSV group,file,lun,lba,blocks): parsed, and when it parses, loaded into a small
/// array as a backup server would send it.
public func fuzzFileList(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let entries = try? FileEntry.parseCSV(text, file: "fuzz.csv"), !entries.isEmpty else { return 0 }
    let groups = Set(entries.map(\.group)).sorted().map {
        Scenario.GroupSpec(name: $0, objectives: RecoveryObjectives(interval: 3_600, generations: 3))
    }
    guard let sim = try? ArraySimulator(scenario: FuzzArray.scenario) else { return 0 }
    sim.start()
    _ = sim.apply(.loadFileList(entries: entries, groups: groups, source: "fuzz.csv"))
    sim.run(until: sim.now + 600)
    return 0
}

/// Two volumes (LUNs 0 and 1) and a pool, for file lists to point at.
enum FuzzArray {
    static let scenario = Scenario(
        name: "fuzz", seed: 1, tick: 60, granule: 65_536,
        raidGroups: [
            .init(name: "rg-data", layout: .parity(data: 4, parity: 1), diskType: .sas, diskSize: 100_000_000_000),
            .init(name: "rg-pool", layout: .parity(data: 4, parity: 1), diskType: .ata, diskSize: 1_000_000_000_000),
        ],
        volumes: [.init(name: "v0", raidGroup: "rg-data", capacity: 10 * 1_073_741_824, group: "g"),
                  .init(name: "v1", raidGroup: "rg-data", capacity: 10 * 1_073_741_824, group: "g")],
        groups: [.init(name: "g", objectives: RecoveryObjectives(interval: 3_600, generations: 3))],
        tiers: [.init(name: "ata", raidGroups: ["rg-pool"])])
}

/// The executable's entry (see `FuzzDriver`).
@_cdecl("FuzzFileList_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzFileList($0, $1) }
}

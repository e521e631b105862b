import Testing
@testable import VigilArray

/// Properties over many seeded random arrays.
@Suite struct PropertyTests {
    /// A random small array: 1–3 volumes of 1–6 GiB, random objectives, retention, mirrors, two pool
    /// tiers of random speed, random workloads. Everything comes from `seed`.
    static func randomScenario(seed: UInt64) -> Scenario {
        var r = SeededRandom(seed: seed, stream: 999)
        let gib: Int64 = 1 << 30
        let volumeCount = 1 + r.below(3)
        var objectives = RecoveryObjectives(generations: 1 + r.below(6))
        switch r.below(4) {
        case 0: objectives.interval = Int64(1_800 * (1 + r.below(8)))
        case 1: objectives.hourOfDay = Int64(r.below(24) * 3_600)
        case 2: objectives.changedBytes = Int64(1 + r.below(4)) * gib / 2
        default: break  // RTO-derived (or nothing, when there is no RTO either)
        }
        objectives.rto = r.below(5) == 0 ? nil : Int64(30 + r.below(600))
        if objectives.rto == nil, objectives.interval == nil, objectives.hourOfDay == nil, objectives.changedBytes == nil {
            objectives.interval = 3_600
        }
        let patterns: [WritePattern] = [.uniform, .sequential, .hotspot(fraction: 0.1, share: 0.8)]
        let volumes = (0..<volumeCount).map { i in
            Scenario.VolumeSpec(name: "v\(i)", raidGroup: "rg-data", capacity: Int64(1 + r.below(6)) * gib, group: "g")
        }
        let workloads = (0..<volumeCount).map { i in
            Scenario.WorkloadSpec(volume: "v\(i)", bytesPerSecond: Double(50_000 + r.below(400_000)),
                                  ioSize: Int64(4_096 << r.below(6)), pattern: patterns[r.below(3)])
        }
        return Scenario(
            name: "random-\(seed)", seed: seed, tick: 300, granule: 65_536,
            raidGroups: [
                .init(name: "rg-data", layout: .parity(data: 4, parity: 1), diskType: .sas, diskSize: 10 * gib),
                .init(name: "rg-a", layout: .raid1, diskType: .ata, diskSize: Int64(8 + r.below(16)) * gib,
                      readMBps: Double(5 + r.below(40)), writeMBps: Double(5 + r.below(40))),
                .init(name: "rg-b", layout: .raid1, diskType: .ssd, diskSize: Int64(4 + r.below(8)) * gib),
                .init(name: "rg-s", layout: .raid1, diskType: .sata, diskSize: 64 * gib),
            ],
            volumes: volumes,
            groups: [.init(name: "g", objectives: objectives, mirror: r.below(2) == 0,
                           retention: r.below(2) == 0 ? .merge : .keep)],
            tiers: [.init(name: "a", raidGroups: ["rg-a"]), .init(name: "b", raidGroups: ["rg-b"])],
            spares: ["rg-s"], workloads: workloads)
    }

    static func run(seed: UInt64) throws -> (jsonl: String, verified: Int, failed: Int, sim: ArraySimulator) {
        let sim = try ArraySimulator(scenario: randomScenario(seed: seed))
        sim.expansionPolicy = .auto
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + 2 * 86_400)
        let (verified, failed) = sim.verifyAllKeptGenerations()
        return (log.jsonl, verified, failed, sim)
    }

    /// Property: for 200 seeds, every kept generation restores and matches the digest recorded at
    /// its trigger, and a second run of the same seed emits the same event stream byte for byte.
    @Test func everyKeptGenerationRestoresAndRunsAreDeterministic() throws {
        var totalVerified = 0
        for seed in UInt64(1)...200 {
            let first = try Self.run(seed: seed)
            #expect(first.failed == 0, "seed \(seed): \(first.failed) generation(s) failed verification")
            #expect(first.verified >= first.sim.volumes.count, "seed \(seed): a volume keeps no generation")
            let second = try Self.run(seed: seed)
            #expect(first.jsonl == second.jsonl, "seed \(seed): the event stream differs between runs")
            totalVerified += first.verified
        }
        #expect(totalVerified > 1_000)
    }

    /// Property: retention never leaves a kept generation unrestorable. After every completed backup
    /// of 40 random arrays, each kept generation's chain reaches a full and rebuilds to its digest,
    /// and no volume keeps more than its limit unless a `keep` base says why.
    @Test func retentionNeverBreaksAKeptChain() throws {
        for seed in UInt64(1_000)...1_040 {
            let sim = try ArraySimulator(scenario: Self.randomScenario(seed: seed))
            sim.expansionPolicy = .auto
            var problems: [String] = []
            var keptNotices = 0
            sim.onEvent = { event in
                switch event.kind {
                case .backupCompleted:
                    for v in sim.volumes.indices {
                        for gen in sim.catalog.generations(v) where gen.state == .complete {
                            if !sim.verify(v, gen.number).ok { problems.append("seed \(seed) \(sim.volumes[v].name) gen \(gen.number)") }
                        }
                    }
                case .generationKept: keptNotices += 1
                default: break
                }
            }
            sim.start()
            sim.run(until: sim.startTime + 3 * 86_400)
            #expect(problems.isEmpty, "\(problems.prefix(3))")
            let limit = sim.groups[0].objectives.generations
            for v in sim.volumes.indices where sim.groups[0].retention == .merge {
                #expect(sim.catalog.keptCount(v) <= limit + 1, "seed \(seed): merge policy kept \(sim.catalog.keptCount(v)) > \(limit)")
            }
            if sim.groups[0].retention == .keep, sim.catalog.records.contains(where: { $0.count > limit + 1 }) {
                #expect(keptNotices > 0, "seed \(seed): kept past the limit without saying why")
            }
        }
    }

    /// A granule position for content-map properties: near a segment boundary (where a run is
    /// split), anywhere, or just outside the volume (which `write` clips).
    static func position(_ r: inout SeededRandom, granules: Int) -> Int {
        let seg = ContentMap.segmentGranules
        switch r.below(4) {
        case 0: return r.below(granules / seg + 2) * seg + r.below(7) - 3
        case 1: return r.below(granules + 8) - 4
        default: return r.below(granules)
        }
    }

    /// A map of 2–3 segments (the last one partial) with up to 60 random writes.
    static func randomMap(_ r: inout SeededRandom) -> ContentMap {
        let granules = 2 * ContentMap.segmentGranules + 1 + r.below(ContentMap.segmentGranules)
        var map = ContentMap(granules: granules)
        for token in UInt64(1)...UInt64(1 + r.below(60)) {
            let a = position(&r, granules: granules)
            map.write(start: a, end: a + 1 + r.below(r.below(2) == 0 ? 40 : 90_000), token: token)
        }
        return map
    }

    /// Property: laying a piece's runs over a map in one merge per segment (`overlay`) gives
    /// exactly the map that writing them one at a time gives — the same runs in every segment, the
    /// same digest, newest token and segments to store — for sorted disjoint runs as pieces hold
    /// them (from a real map, or made up, crossing segment boundaries and the volume's ends, empty
    /// ones included), and for runs in any order, which are replayed.
    @Test func overlayIsWritingTheRunsOneAtATime() {
        for seed in UInt64(1)...400 {
            var r = SeededRandom(seed: seed, stream: 77)
            var base = Self.randomMap(&r)
            _ = base.takeDirtySegments()
            let g = base.granules
            var runs: [ContentRun] = []
            switch r.below(3) {
            case 0:
                // What a delta holds: the runs of a later state newer than some token.
                var later = base
                for token in UInt64(100)...UInt64(100 + r.below(50)) {
                    let a = Self.position(&r, granules: g)
                    later.write(start: a, end: a + 1 + r.below(70_000), token: token)
                }
                runs = later.runs(newerThan: UInt64(r.below(120)))
            case 1:
                // Sorted and disjoint, touching or not, some empty or reaching past the ends.
                var cuts = (0..<(2 + r.below(40))).map { _ in Self.position(&r, granules: g) }
                cuts.sort()
                for k in 1..<cuts.count where r.below(3) > 0 {
                    runs.append(ContentRun(start: cuts[k - 1], end: cuts[k], token: UInt64(r.below(200))))
                }
            default:
                // Any order, overlapping.
                for _ in 0..<r.below(30) {
                    let a = Self.position(&r, granules: g)
                    runs.append(ContentRun(start: a, end: a - 2 + r.below(80_000), token: UInt64(1 + r.below(200))))
                }
            }
            var merged = base, replayed = base
            merged.overlay(runs)
            for run in runs { replayed.write(start: run.start, end: run.end, token: run.token) }
            for i in 0..<base.segmentCount {
                #expect(merged.segmentRuns(i) == replayed.segmentRuns(i), "seed \(seed): segment \(i) differs")
                #expect(merged.segments[i].maxToken == replayed.segments[i].maxToken, "seed \(seed): segment \(i) newest token")
            }
            #expect(merged.digest == replayed.digest, "seed \(seed): digest")
            #expect(merged.digest == merged.recomputedDigest(), "seed \(seed): incremental digest")
            #expect(merged.takeDirtySegments() == replayed.takeDirtySegments(), "seed \(seed): dirty segments")
        }
    }

    /// The run list a write leaves, by the definition: the runs under `[s, e)` give way to the part
    /// of the first left of `s`, the new run and the part of the last right of `e`; nothing else
    /// moves (written plainly, with a range replacement, as the map once did it).
    static func referenceWrite(_ runs: inout [ContentRun], start s: Int, end e: Int, token: UInt64) {
        let first = runs.firstIndex { $0.end > s } ?? runs.count
        var j = first
        var replacement: [ContentRun] = []
        while j < runs.count, runs[j].start < e {
            if runs[j].start < s { replacement.append(ContentRun(start: runs[j].start, end: s, token: runs[j].token)) }
            j += 1
        }
        replacement.append(ContentRun(start: s, end: e, token: token))
        if j > first, runs[j - 1].end > e { replacement.append(ContentRun(start: e, end: runs[j - 1].end, token: runs[j - 1].token)) }
        runs.replaceSubrange(first..<j, with: replacement)
    }

    /// Property: the map's in-place write leaves exactly the runs of the plain definition in every
    /// segment after each of many random writes (splits, gaps, whole runs covered, segment
    /// boundaries, the volume's ends), visits exactly the granules written with the tokens they
    /// held, and keeps its digest equal to the one recomputed from the runs.
    @Test func writeEditsRunsAsDefined() {
        let seg = ContentMap.segmentGranules
        for seed in UInt64(1)...40 {
            var r = SeededRandom(seed: seed, stream: 78)
            let granules = 2 * seg + 1 + r.below(seg)
            var map = ContentMap(granules: granules)
            var reference = Array(repeating: [ContentRun](), count: map.segmentCount)
            for token in UInt64(1)...400 {
                let a = Self.position(&r, granules: granules)
                let b = a + 1 + r.below([8, 300, 5_000, 80_000][r.below(4)])
                var visited: [(Int, Int, UInt64)] = []
                map.write(start: a, end: b, token: token) { visited.append(($0, $1, $2)) }
                let s = max(0, a), e = min(granules, b)
                var expected: [(Int, Int, UInt64)] = []
                var pos = s
                while pos < e {
                    let i = pos / seg, segEnd = min(e, (i + 1) * seg)
                    // What the reference held there, gaps as token 0.
                    var p = pos
                    for run in reference[i] where run.end > pos && run.start < segEnd {
                        if run.start > p { expected.append((p, run.start, 0)) }
                        expected.append((max(run.start, pos), min(run.end, segEnd), run.token))
                        p = min(run.end, segEnd)
                    }
                    if p < segEnd { expected.append((p, segEnd, 0)) }
                    Self.referenceWrite(&reference[i], start: pos, end: segEnd, token: token)
                    pos = segEnd
                }
                #expect(visited.map { [$0.0, $0.1, Int($0.2)] } == expected.map { [$0.0, $0.1, Int($0.2)] }, "seed \(seed) write \(token)")
            }
            for i in 0..<map.segmentCount {
                #expect(map.segmentRuns(i) == reference[i], "seed \(seed): segment \(i) differs")
            }
            #expect(map.digest == map.recomputedDigest(), "seed \(seed): digest")
        }
    }
}

import Foundation
import Testing
@testable import VigilArray

/// Remote backup arrays (the second embodiment).
@Suite struct RemoteArrayTests {
    /// demo/remote-dr.toml with its two lines set to `mbps` each, and no outage unless asked.
    func scenario(lineMBps: Int, outage: Bool = false) throws -> Scenario {
        var text = try String(contentsOfFile: DemoScenarioTests.demo("remote-dr.toml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "mbps = 100", with: "mbps = \(lineMBps)")
        if !outage, let cut = text.range(of: "[[events]]") { text = String(text[..<cut.lowerBound]) }
        return try ScenarioLoader.parse(text, file: "remote-dr.toml")
    }

    func decisions(_ s: Scenario, hours: Int64) throws -> (ArraySimulator, EventLog) {
        let sim = try ArraySimulator(scenario: s)
        let log = EventLog(sim)
        sim.start()
        sim.run(until: sim.startTime + hours * 3_600)
        return (sim, log)
    }

    @Test func theLinesBandwidthNotTheDisksDecidesTheMethod() throws {
        // Same disks at both ends; only the lines differ. The DR site's SATA group reads at 720 MB/s.
        let (_, fast) = try decisions(scenario(lineMBps: 300), hours: 8)
        let (_, slow) = try decisions(scenario(lineMBps: 25), hours: 8)
        func methods(_ log: EventLog) -> [BackupMethod] {
            log.events.compactMap { if case .backupDecided("erp-db", _, _, _, let d) = $0.kind { d.method } else { nil } }
        }
        #expect(methods(fast).allSatisfy { $0 == .incremental })
        #expect(methods(slow).contains { $0 != .incremental })
        // The estimate uses min(remote read, line): 2 × 25 = 50 MB/s, not the disks' 720.
        // (The first decision, at 02:24:09 when the 50 MB/s initial copy caught up, is the 01:00
        // trigger that waited for it: the split-off generation 1 holds that instant, nothing has
        // changed since, so it takes no generation and has no candidates. The first estimate is
        // the 03:00 incremental's.)
        let first = try #require(slow.decisions.first { !$0.candidates.isEmpty })
        let candidate = try #require(first.candidates.first)
        #expect(candidate.mbps <= 50.000_001)
        #expect(candidate.tier == "dr-site")
    }

    @Test func aLineOutagePausesTheTransferAndNothingCompletesUntilItResumes() throws {
        let (sim, log) = try decisions(scenario(lineMBps: 100, outage: true), hours: 10)
        sim.run(until: sim.startTime + (10 * 3_600 + 30))  // the 10:00 copy is running
        let inFlight = try #require(sim.generations(of: "erp-db").last)
        #expect(inFlight.state == .copying)
        sim.run(until: sim.startTime + (12 * 3_600 - 1))  // lines down 10:01–12:00
        #expect(sim.generations(of: "erp-db").first { $0.number == inFlight.number }?.state == .copying)
        let paused = log.events.contains { if case .lineChanged(_, 1, false, 0, let p, _) = $0.kind { p.contains("erp-db") } else { false } }
        #expect(paused)
        sim.run(until: sim.startTime + 13 * 3_600)
        let done = try #require(sim.generations(of: "erp-db").first { $0.number == inFlight.number })
        #expect(done.state == .complete)
        // It finished after the lines came back, sharing them with erp-app's copies:
        // erp-db's 10:00 incremental holds its writes up to 10:00: 44,404,244,480 B.
        // 10:00–10:01: erp-app's 3,562,536,960 B share the 200 MB/s with it (100 each) until
        //   35.63 s, then erp-db has 200: 3,562,536,960 + 24.37 s × 200e6 = 8,437,463,040 B crossed.
        // 12:00: erp-app's next 6,899,630,080 B share again: 69.0 s at 100 each; at 12:01:10 its
        //   next 60,030,976 B (the one minute of writes since its 12:00 backup) share for another
        //   0.6 s. erp-db moves as much as they do meanwhile; the 29,007,120,384 B left go at
        //   200 MB/s: 145.0 s.
        // 69.0 + 0.6 + 145.0 = 214.6 s → the line part ends on second 215, plus the 20 ms latency
        // rounded up to a second: 12:03:36 (alone after 12:00 it would have been 12:03:00).
        let bytes = Double(done.bytes)
        #expect(done.bytes == 44_404_244_480)
        let beforeOutage = 3_562_536_960 + (60 - 3_562_536_960 / 100e6) * 200e6
        let shared = (6_899_630_080 + 60_030_976) / 100e6
        let after = shared + (bytes - beforeOutage - shared * 100e6) / 200e6
        let expected = 12 * 3_600 + Int64(after.rounded(.up)) + 1
        #expect(expected == 12 * 3_600 + 216)
        #expect(done.completedAt!.seconds - sim.startTime.seconds == expected)
        #expect(sim.verifyAllKeptGenerations().failed == 0)
    }

    @Test func lusAreCreatedAtExactlyTheSizeAskedAndEnterThePerformanceTable() throws {
        let (sim, log) = try decisions(scenario(lineMBps: 100), hours: 3)
        let created = log.events.compactMap { e -> Int64? in if case .remoteLUCreated(_, _, let b, _, _, _, _) = e.kind { b } else { nil } }
        #expect(created.first == 300 << 30)  // erp-db's initial full: exactly its capacity
        let gen2 = try #require(sim.generations(of: "erp-db").first { $0.number == 2 })
        #expect(sim.remotes[0].lus[gen2.area]?.bytes == gen2.bytes)  // an incremental's LU: exactly its bytes
        #expect(sim.performance.remoteLUs[gen2.area]?.readMBps == 720)  // 6 SATA data disks × 120
    }

    @Test func copyingToAnotherArrayAndRestoringFromTheCopyVerifies() throws {
        let (sim, log) = try decisions(scenario(lineMBps: 100), hours: 5)
        let home = try #require(sim.generations(of: "home").last { $0.state == .complete })
        #expect(refusal(sim.apply(.copyToArray(id: home.recordID, array: "nowhere", volume: nil))) == "no remote array named nowhere")
        #expect(refusal(sim.apply(.copyToArray(id: home.recordID, array: "dr-site", volume: "home-copy"))) == nil)
        let record = try #require(sim.remotes[0].records.last)
        #expect(record.state == .copying && record.sourceRecord == home.recordID && record.digest == home.digest)
        sim.run(until: sim.now + 3 * 3_600)
        #expect(sim.remotes[0].records.last?.state == .complete)
        #expect(sim.verifyRemoteCopy(record.id))
        #expect(log.events.contains { $0.name == "catalog.copied" })
    }
}

import Foundation
import Testing
@testable import VigilArray
@testable import VigilConsole

/// The decision detail, history and performance views and the help screen, driven by keys.
@Suite struct ConsoleViewTests {
    func openDecision(_ model: ConsoleModel) throws -> DecisionDetail {
        guard case .decision(let view) = model.modal else {
            Issue.record("decision detail not open: \(String(describing: model.modal))")
            throw CancellationError()
        }
        return view
    }

    @Test func enterOnAVolumeOpensItsLastDecision() throws {
        let (runner, backend) = try ConsoleFixtures.console(hours: 3)
        let model = runner.model
        runner.step(ConsoleFixtures.keys("j"))  // db-02
        runner.step([ConsoleFixtures.key(.enter)])
        let view = try openDecision(model)
        let vol = model.snapshot.volumes[1]
        #expect(view.decided.volume == "db-02")
        #expect(view.decided.decision == vol.lastDecision)
        // The log still holds the line, so the trigger and time are known: the 03:00 interval trigger.
        #expect(view.decided.trigger == .interval)
        #expect(view.decided.time.map { Format.clock($0, reference: model.snapshot.time) } == "03:00")
        let screen = backend.frame.text
        #expect(screen.contains("Decision · db-02 · incremental"))
        #expect(screen.contains("Trigger: interval trigger · RTO 20m"))
        #expect(screen.contains("copy function incremental-copy"))
        for c in view.decided.decision.candidates { #expect(screen.contains(c.method.rawValue)) }
        runner.step([ConsoleFixtures.key(.escape)])
        #expect(model.modal == nil)
    }

    @Test func enterOnAScrolledLogLineOpensThatPastDecision() throws {
        let (runner, backend) = try ConsoleFixtures.console(hours: 3)
        let model = runner.model
        let past = try #require(model.log.firstIndex { $0.text.hasPrefix("db-01 INCREMENTAL") })
        let up = model.log.count - 1 - past
        runner.step([ConsoleFixtures.key(.backTab)] + Array(repeating: ConsoleFixtures.key(.up), count: up))
        #expect(model.focus == .decisions && model.cursorLogLine == model.log[past])
        // The cursor stays on its line while newer lines arrive below it.
        let before = model.log.count
        model.advance(wallSeconds: 30)
        #expect(model.log.count > before)
        #expect(model.cursorLogLine?.text == model.log[past].text && model.cursorLogLine?.time == model.log[past].time)
        // …and the pane shows it highlighted.
        let buf = ConsoleRenderer.render(model)
        let row = try #require(buf.lines.firstIndex { $0.contains("01:00 db-01 INCREMENTAL") })
        #expect(buf.cells[row * buf.width + 60].style.role == .selectionFocus)
        runner.step([ConsoleFixtures.key(.enter)])
        let view = try openDecision(model)
        #expect(Format.clock(try #require(view.decided.time), reference: model.snapshot.time) == "01:00")
        // 1.2 min: the 01:00 incremental holds the writes up to 01:00 (the tick ending at 01:00 runs
        // before the trigger): 11,321,016,320 B read from ata at 160 MB/s = 70.76 s = 1.18 min
        // (1.1 min when that last minute's writes went to the next generation: 10,751,377,408 B).
        #expect(view.decided.decision.reason == "incremental 1.2 min ≤ RTO 20m")
        // A past decision, not the volume's last one.
        #expect(view.decided.decision != model.snapshot.volumes[0].lastDecision)
        #expect(backend.frame.text.contains("incremental 1.2 min ≤ RTO 20m"))
        // A line that is not a decision opens nothing and says why.
        runner.step([ConsoleFixtures.key(.escape), ConsoleFixtures.key(.down)])
        #expect(model.cursorLogLine?.decided == nil)
        runner.step([ConsoleFixtures.key(.enter)])
        #expect(model.modal == nil)
        #expect(model.banner?.text.contains("not a backup decision") == true)
    }

    @Test func aRemoteBackupsDecisionSaysWhereItGoes() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 80, height: 24, hours: 3, scenario: "remote-dr")
        runner.step([ConsoleFixtures.key(.enter)])  // erp-db, backed up to the DR site
        let view = try openDecision(runner.model)
        #expect(view.decided.decision.candidates.allSatisfy { $0.tier == "dr-site" })
        #expect(backend.frame.text.contains("copy function incremental-copy · area on dr-site"))
    }

    @Test func decisionDetailWrapsALongReasonAndScrollsToItsEnd() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 80, height: 24, hours: 3)
        let model = runner.model
        model.record(ArrayEvent(time: model.sim.now, kind: .backupDecided(volume: "log-01", group: "logs", trigger: .rtoDerived, rto: 600,
                                                                         decision: Self.longDecision)))
        runner.step([ConsoleFixtures.key(.backTab), ConsoleFixtures.key(.enter)])
        _ = try openDecision(model)
        // Every word of the reason is on screen once scrolled to the end, none cut at the box.
        runner.step([ConsoleFixtures.key(.end)])
        // The box's body: columns 3 to 76 of the rows between its borders.
        let body = backend.frame.lines[2..<21].map { String($0.dropFirst(3).prefix(74)).trimmingCharacters(in: .whitespaces) }
        #expect(body.joined(separator: " ").contains(Self.longDecision.reason))
        #expect(!body.contains { $0.hasSuffix("…") })
        guard case .decision(let view) = model.modal else { Issue.record("closed"); return }
        #expect(view.scroll.offset > 0)
        runner.step([ConsoleFixtures.key(.home)])
        guard case .decision(let top) = model.modal else { Issue.record("closed"); return }
        #expect(top.scroll.offset == 0)
    }

    /// A decision with candidates on four tiers, all over the RTO or without room, and the reason
    /// the planner writes for such a case: longer than the box at 80×24.
    static let longDecision: BackupDecision = {
        let tiers = ["ssd", "fc", "sas", "ata"]
        var candidates: [RestoreCandidate] = []
        var parts: [String] = []
        for (k, m) in [BackupMethod.incremental, .differential].enumerated() {
            for (i, t) in tiers.enumerated() {
                let est = Double(900 + 120 * i + 60 * k)
                let room = i % 2 == 0
                candidates.append(RestoreCandidate(method: m, tier: t, backupBytes: 40_000_000_000 + Int64(i) * 1_000_000_000,
                                                   restoreBytes: 90_000_000_000, mbps: 100, estimateSeconds: est, room: room, fits: false))
                parts.append("\(m.rawValue)@\(t) \(SimDuration.formatEstimate(est)) " + (room ? "> RTO 10m" : "but no room"))
            }
        }
        candidates.append(RestoreCandidate(method: .full, tier: "ata", backupBytes: 322_122_547_200, restoreBytes: 0, mbps: 0,
                                           estimateSeconds: 0, room: false, fits: false))
        let reason = parts.joined(separator: "; ") + " → synthetic full 0s ≤ RTO 10m; waits for pool space"
        return BackupDecision(method: .full, destination: .poolTier(1), copyFunction: .syntheticFull, candidates: candidates, reason: reason,
                              needsSpace: true, areaBytes: 322_122_547_200)
    }()

    @Test func historyShowsGenerationsNewestFirstWithCopyDurationsAndRPOLag() throws {
        let (runner, backend) = try ConsoleFixtures.console(hours: 3)
        let model = runner.model
        runner.step(ConsoleFixtures.keys("h"))
        guard case .history(let view) = model.modal else { Issue.record("history not open"); return }
        #expect(view.volume == "db-01")
        let rows = backend.frame.lines.filter { $0.contains("-copy ") }
        // Newest first; copy durations as the completion events gave them, with copies sharing the
        // pool groups' MB/s; gen 4 is still copying.
        // - gen 2 (01:00, 11,321,016,320 B to ata): rg-pool-ata writes 102 MB/s, shared by four flows
        //   (db-01's and db-02's incrementals, both re-mirrors until 01:51:24): 25.5 MB/s each. db-02's
        //   10,827,202,560 B end after 424.6 s; db-01's other 493,813,760 B then go at 102/3 = 34 MB/s,
        //   14.5 s: 439.1 s, ends on second 440 = 7m20s (alone: 11.3 GB / 102 MB/s = 111 s).
        // - gen 3 (02:00, 18,028,494,848 B): the mirrors are in sync; db-01 and db-02 share 102 MB/s,
        //   51 each: 353.5 s, on second 354 = 5m54s.
        #expect(rows.count == 4)
        #expect(rows[0].contains("  4 incr   incremental-copy  03:00") && rows[0].contains("… ata       copying"))
        #expect(rows[1].contains("  3 incr   incremental-copy  02:00") && rows[1].contains("5m54s ata       complete"))
        #expect(rows[2].contains("  2 incr   incremental-copy  01:00") && rows[2].contains("7m20s ata       complete"))
        // The initial copy's point in time is the split when the copy is done: the five initial
        // copies share rg-pool-fc's 476 MB/s, 95.2 each: 214,748,364,800 B in 2,255.8 s → 00:37:36.
        #expect(rows[3].contains("  1 full   initial-copy      00:37") && rows[3].contains("0s fc        complete"))
        for (n, took) in [(2, "7m20s"), (3, "5m54s")] {
            #expect(model.log.contains { $0.text.hasPrefix("db-01 gen \(n) incremental done") && $0.text.hasSuffix("in \(took)") })
        }
        // RPO lag every 10 minutes: from the start until gen 1's 00:37:36 (00:40 is 144 s after it),
        // gen 2 (01:00) counts from 01:07:20, gen 3 (02:00) from 02:05:54; gen 4 is not complete at
        // 03:00, so the lag is 1h.
        #expect(model.rpoHistory[0] == [0, 600, 1_200, 1_800, 144, 744, 1_344, 600, 1_200, 1_800, 2_400, 3_000, 3_600,
                                        600, 1_200, 1_800, 2_400, 3_000, 3_600])
        #expect(backend.frame.text.contains("max 1h "))
        #expect(backend.frame.text.contains("lag now 1h · 4 kept"))
        runner.step([ConsoleFixtures.key(.escape)])
        #expect(model.modal == nil)
    }

    @Test func performanceTableListsEveryLUNWithWhereItsFiguresComeFrom() throws {
        // 17:00: rg-pool-ata is degraded (16:00–19:00).
        let (runner, backend) = try ConsoleFixtures.console(width: 120, height: 40, hours: 17)
        let model = runner.model
        runner.step([ConsoleFixtures.key(.escape)] + ConsoleFixtures.keys("m"))  // the expansion prompt: later
        guard case .performance = model.modal else { Issue.record("performance table not open"); return }
        let lines = backend.frame.lines
        func row(_ name: String) -> String? { lines.first { $0.contains(" \(name) ") } }
        let table = model.snapshot.performance
        for e in table.volumes + table.raidGroups {
            let r = try #require(row(e.name), "\(e.name) missing")
            #expect(r.contains("\(e.lun) \(e.name)"))
            #expect(r.contains("\(e.layout) \(e.diskType.rawValue)"))
        }
        #expect(row("rg-pool-ata")?.contains(" degraded ") == true)
        #expect(row("rg-pool-fc")?.contains(" model ") == true)
        #expect(row("rg-pool-fc")?.contains("tier fc") == true)
        #expect(row("rg-spare-sas")?.contains(" spare ") == true)
        // A volume's row: its group and where that group's backups go (quickstart prefers no tier).
        let db = try #require(row("db-01"))
        #expect(db.contains(" oltp ") && db.contains("any tier") && db.contains(" model "))
        #expect(backend.frame.text.contains("Remote LUs (0)"))
    }

    @Test func performanceTableShowsRemoteLUsAndRemoteDestinations() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 120, height: 40, hours: 2, scenario: "remote-dr")
        let model = runner.model
        runner.step(ConsoleFixtures.keys("m"))
        let remote = model.snapshot.performance.remoteLUs.values.sorted { $0.lun < $1.lun }
        #expect(!remote.isEmpty)
        var seen = Set<Int>()
        // Page through: every remote LU appears with "remote" as its source.
        for _ in 0..<10 {
            for line in backend.frame.lines {
                for e in remote where line.contains(" \(e.lun) dr-site ") {
                    #expect(line.contains(" remote "))
                    seen.insert(e.lun)
                }
            }
            runner.step([ConsoleFixtures.key(.pageDown)])
        }
        #expect(seen == Set(remote.map(\.lun)))
        runner.step([ConsoleFixtures.key(.home)])
        let lines = backend.frame.lines
        #expect(lines.first { $0.contains(" erp-db ") }?.contains("remote dr-site") == true)
        #expect(lines.first { $0.contains(" home ") }?.contains("any tier") == true)
        // At 80 columns every figure still shows whole.
        let (narrow, narrowBackend) = try ConsoleFixtures.console(width: 80, height: 24, hours: 2, scenario: "remote-dr")
        narrow.step(ConsoleFixtures.keys("m"))
        let rows = narrowBackend.frame.lines.filter { $0.contains(" remote ") || $0.contains(" model ") }
        #expect(rows.count >= 5)
        #expect(!rows.contains { $0.contains("…") }, "\(narrowBackend.frame.text)")
        #expect(rows.contains { $0.contains(" erp-db ") && $0.contains("remote dr-site") })
    }

    @Test func sourcesCombine() {
        var e = PerformanceEntry(lun: 1, name: "v", layout: .parity(data: 4, parity: 1), diskType: .fc, capacity: 1, readMBps: 1,
                                 writeMBps: 1, overridden: false, degraded: false)
        #expect(PerformanceView.source(e) == "model")
        e.overridden = true
        #expect(PerformanceView.source(e) == "scenario")
        e.degraded = true
        #expect(PerformanceView.source(e) == "scenario, degraded")
        e.overridden = false
        #expect(PerformanceView.source(e) == "degraded")
        #expect(PerformanceView.source(e, remote: true) == "remote")
        // A restore measured 1.5 of the model's 2 MB/s: that figure is in force.
        e.degraded = false
        e.writeMBps = 2
        e.record(measured: 1.5, read: false, inForce: true)
        #expect(e.writeMBps == 1.5 && e.modelWriteMBps == 2 && e.measuredWriteMBps == 1.5)
        #expect(PerformanceView.source(e) == "measured")
    }

    @Test func performanceTableShowsMeasuredFiguresBesideTheModel() throws {
        // By 17:00 on quickstart copies sharing the pool groups have measured them.
        let (runner, backend) = try ConsoleFixtures.console(width: 140, height: 40, hours: 17)
        runner.step([ConsoleFixtures.key(.escape)] + ConsoleFixtures.keys("m"))
        let table = runner.model.snapshot.performance
        let measured = try #require(table.raidGroups.first { $0.measuredWriteMBps != nil })
        #expect(backend.frame.text.contains("Measured"))
        let row = try #require(backend.frame.lines.first { $0.contains(" \(measured.name) ") })
        #expect(row.contains(" \(PerformanceView.mbps(measured.modelWriteMBps)) "))
        #expect(row.contains("/\(PerformanceView.mbps(measured.measuredWriteMBps ?? 0)) "))
        #expect(PerformanceView.measured(measured).hasSuffix("/\(PerformanceView.mbps(measured.measuredWriteMBps ?? 0))"))
    }

    @Test func helpFitsAt80x24ScrollsAndListsEveryKeyOfEveryView() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 80, height: 24)
        let model = runner.model
        runner.step(ConsoleFixtures.keys("?"))
        var seen = ""
        var pages = 0
        while pages < 50 {
            let lines = backend.frame.lines
            // The box stays inside the screen: its bottom border is above the status line.
            #expect(lines[22].contains("└") && lines[22].contains("┘"))
            seen += backend.frame.text + "\n"
            guard case .help(let view) = model.modal else { Issue.record("help closed while scrolling"); return }
            runner.step([ConsoleFixtures.key(.pageDown)])
            guard case .help(let next) = model.modal else { Issue.record("help closed while scrolling"); return }
            if next.scroll == view.scroll { break }
            pages += 1
        }
        #expect(pages > 1)
        for b in KeyBinding.table { #expect(seen.contains("│ \(b.label) "), "\(b.label) not listed") }
        for s in HelpView.sections {
            #expect(seen.contains(s.title), "\(s.title) not listed")
            for k in s.keys { #expect(seen.contains(k.label), "\(k.label) of \(s.title) not listed") }
        }
        for title in ["Objectives form — e", "Restore dialog — r", "Catalog — c", "Decision detail — Enter", "History — h",
                      "Performance table — m"] {
            #expect(seen.contains(title))
        }
        // Scroll keys keep it open; Esc, q, ? and any other key close it.
        for close in [Key.escape, .char("q"), .char("?"), .char("x")] {
            runner.step([ConsoleFixtures.key(.up)])
            guard case .help = model.modal else { Issue.record("↑ closed the help"); return }
            runner.step([ConsoleFixtures.key(close)])
            #expect(model.modal == nil)
            runner.step(ConsoleFixtures.keys("?"))
        }
    }
}

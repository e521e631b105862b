import Testing
@testable import VigilArray
@testable import VigilConsole

/// What the operator's keys do to the array.
@Suite struct ConsoleBehaviourTests {
    @Test func editingAnRTOThroughTheFormChangesTheGroupAndTheEstimatesAtOnce() throws {
        let (runner, _) = try ConsoleFixtures.console()
        let model = runner.model
        #expect(model.snapshot.groups[0].objectives.rto == 1_200)
        runner.step(ConsoleFixtures.keys("e") + [ConsoleFixtures.key(.up), ConsoleFixtures.key(.backspace), ConsoleFixtures.key(.backspace),
                                                 ConsoleFixtures.key(.backspace)] + ConsoleFixtures.keys("1m"))
        runner.step([ConsoleFixtures.key(.enter)])
        #expect(model.modal == nil)
        // 1 minute: the chains restore in 1.1 and 1.2 min at 02:00 (2.3 and 2.4 before copies shared
        // bandwidth: the initial copies, sharing the pool groups, ended later, so less has changed
        // since), so 2 minutes no longer breaches them.
        #expect(model.snapshot.groups[0].objectives.rto == 60)
        #expect(model.snapshot.volumes[0].rto == 60)
        #expect(model.log.suffix(3).contains { $0.text.contains("group oltp objectives") })
        // Both oltp volumes' chains are now over the RTO: breached at once, the cause said.
        #expect(model.log.suffix(2).allSatisfy { $0.text.contains("RTO BREACHED") && $0.text.hasSuffix("— RTO tightened") })
        #expect(model.snapshot.count(.rto, .breached) == 2)
        // The preview follows the new RTO: 1 minute is too short for the chain. (A minute of
        // writes first: with nothing changed since the newest generation the preview would say that
        // no generation is taken, and weigh no candidates.)
        model.sim.run(until: model.sim.now + 60)
        let preview = try #require(model.sim.previewDecision(volume: 0))
        let incremental = try #require(preview.candidates.first)
        #expect(incremental.fits == false)
    }

    @Test func theObjectivesFormKeepsEveryTypedCharacter() throws {
        let (runner, backend) = try ConsoleFixtures.console()
        let model = runner.model
        // The issue's entry: thirteen digits, cut to twelve (10^11, "100 GB") before. All of them count.
        runner.step(ConsoleFixtures.keys("e") + [ConsoleFixtures.key(.tab), ConsoleFixtures.key(.tab), ConsoleFixtures.key(.ctrl("u"))]
                    + ConsoleFixtures.keys("1000000000000"))
        // The box shows the last eleven digits and the cursor; ◂ says more lies to the left.
        #expect(backend.frame.text.contains("◂00000000000_]"))
        runner.step([ConsoleFixtures.key(.enter)])
        #expect(model.modal == nil)
        #expect(model.snapshot.groups[0].objectives.changedBytes == 1_000_000_000_000)
    }

    @Test func enterOnAnInvalidFormSaysWhichFieldAndGoesThere() throws {
        let (runner, backend) = try ConsoleFixtures.console()
        let model = runner.model
        runner.step(ConsoleFixtures.keys("e") + [ConsoleFixtures.key(.up), ConsoleFixtures.key(.ctrl("u"))] + ConsoleFixtures.keys("0s")
                    + [ConsoleFixtures.key(.tab), ConsoleFixtures.key(.tab), ConsoleFixtures.key(.tab), ConsoleFixtures.key(.ctrl("u"))]
                    + ConsoleFixtures.keys("32KiB"))
        // The changed field knows oltp's 64 KiB granule.
        #expect(backend.frame.text.contains("at least one granule (64KiB)"))
        runner.step([ConsoleFixtures.key(.enter)])
        guard case .objectives(let form) = model.modal else { Issue.record("the form closed"); return }
        #expect(form.focus == .changed)
        #expect(backend.frame.text.contains("RPO changed: at least one granule (64KiB)"))
        runner.step([ConsoleFixtures.key(.ctrl("u")), ConsoleFixtures.key(.enter)])
        #expect(backend.frame.text.contains("RTO: at least 1s"))
        guard case .objectives(let again) = model.modal else { Issue.record("the form closed"); return }
        #expect(again.focus == .rto)
        #expect(model.snapshot.groups[0].objectives.rto == 1_200)
    }

    @Test func anUnknownHomeSequenceMovesTheCursorAndKeepsTheForm() throws {
        let (runner, _) = try ConsoleFixtures.console()
        runner.step(ConsoleFixtures.keys("e"))
        // `ESC [ 1 ~` as ncurses hands it over under a TERM that does not know it, folded by the
        // backend's parser into one key: Home, not Escape and three characters.
        let home = EscapeSequenceParser.parse([.escape, .char("["), .char("1"), .char("~")])
        runner.step(home.map { .key($0, burst: false) } + ConsoleFixtures.keys("2"))
        guard case .objectives(let form) = runner.model.modal else { Issue.record("the form closed"); return }
        #expect(form.value(.interval) == "21h")
    }

    @Test func aBurstNeverConfirmsAPrompt() throws {
        let (runner, _) = try ConsoleFixtures.console(hours: 14)
        guard case .expansion = runner.model.modal else { Issue.record("prompt not open"); return }
        // A paste of "y\n" arrives as one burst: neither key approves.
        runner.step([.key(.char("y"), burst: true), .key(.enter, burst: true)])
        #expect(runner.model.snapshot.prompts.count == 1)
        runner.step([ConsoleFixtures.key(.char("y"))])
        #expect(runner.model.snapshot.prompts.isEmpty)
        #expect(runner.model.snapshot.tiers.map(\.name) == ["fc", "ata", "sas"])
        #expect(!runner.model.snapshot.volumes.contains { $0.states.contains(.waitingForPool) })
    }

    @Test func denyingLeavesTheBackupsWaitingAndVisible() throws {
        let (runner, backend) = try ConsoleFixtures.console(hours: 14)
        runner.step(ConsoleFixtures.keys("n"))
        #expect(runner.model.modal == nil)
        #expect(runner.model.snapshot.volumes[4].states.contains(.waitingForPool))
        #expect(backend.frame.text.contains("waiting f"))
        // Denied at 14:00: no new request for six hours, and the log and the pool pane say so.
        // db-01 and db-02 wait too: their 14:00 backups need a 200 GiB full the pool cannot place.
        #expect(runner.model.log.last?.text == "expansion #1 denied; next request not before 20:00; waiting: db-01, db-02, log-01")
        #expect(backend.frame.text.contains("#1 denied; next request not before 20:00"))
        #expect(runner.model.snapshot.denial == ArraySnapshot.Denial(request: 1, quietUntil: runner.model.sim.now + 6 * 3_600))
    }

    /// The prompt and the log line that announced the request read the same record, in the same
    /// words, and the prompt says which tier each spare joins.
    @Test func thePromptAndItsLogLineShowTheSameRequest() throws {
        let (runner, backend) = try ConsoleFixtures.console(hours: 14)
        guard case .expansion(let prompt) = runner.model.modal else { Issue.record("prompt not open"); return }
        // Raised at 11:01 for fs-01's changed data, 14,161,936,384 B = 13.19 GiB, shown "13.2 GiB"
        // (with copies sharing bandwidth and merges holding their areas, the pool fills at 11:00,
        // not 13:19). The ata tier's largest free area was 10,523,594,752 B = 9.80 GiB, shown
        // "9.8 GiB"; the pool had 16,016,515,072 B = 14.92 GiB free in all, shown "14.9 GiB".
        let text = "needs 13.2 GiB on tier ata (largest free area 9.8 GiB; 14.9 GiB free in the pool)"
        #expect(prompt.request.needText == text)
        #expect(runner.model.log.contains { $0.text == "pool backup-pool: expansion #1 requested, " + text })
        let screen = backend.frame.text
        #expect(screen.contains("│ At 11:01 pool backup-pool needs 13.2 GiB on tier ata (largest free area  │"))
        #expect(screen.contains("│   9.8 GiB; 14.9 GiB free in the pool).                                   │"))
        // The spare is SAS; the pool has fc and ata tiers, so it would make a new tier "sas".
        #expect(screen.contains("▸ rg-spare-sas SAS 4D+1P, 3.3 TiB → joins tier sas (new)"))
        // By 17:00 far larger areas are short (db-01's and db-02's 200 GiB fulls, log-01's 300 GiB
        // full, against a largest free area of 160–174 GiB); the pending request keeps its figures.
        runner.model.advance(wallSeconds: 3 * 60)
        runner.drawFrame()
        #expect(runner.model.snapshot.prompts.first?.needText == text)
        #expect(runner.model.snapshot.prompts.first?.waitingVolumes == [0, 1, 4])
        #expect(backend.frame.text.contains("│   9.8 GiB; 14.9 GiB free in the pool).                                   │"))
    }

    @Test func selectionFilterAndSort() throws {
        let (runner, _) = try ConsoleFixtures.console()
        let model = runner.model
        runner.step(ConsoleFixtures.keys("jj"))
        #expect(model.selectedVolume == 2)
        runner.step(ConsoleFixtures.keys("/fs"))
        #expect(model.visibleVolumes == [2, 3])
        runner.step([ConsoleFixtures.key(.enter)])
        #expect(model.filter == "fs")
        runner.step([ConsoleFixtures.key(.escape)])
        #expect(model.visibleVolumes.count == 5)
        #expect(model.sort == .worst)
        runner.step(ConsoleFixtures.keys("ss"))
        #expect(model.sort == .group)
        #expect(model.visibleVolumes.map { model.snapshot.volumes[$0].group } == ["files", "files", "logs", "oltp", "oltp"])
    }

    @Test func manualBackupAndRestoreWithVerification() throws {
        let (runner, _) = try ConsoleFixtures.console(hours: 3)
        let model = runner.model
        runner.step(ConsoleFixtures.keys("b"))
        #expect(model.log.contains { $0.text.hasPrefix("db-01 manual trigger") } || model.banner?.text.contains("backup db-01") == true)
        model.advance(wallSeconds: 30)
        runner.step(ConsoleFixtures.keys("r"))
        guard case .restore(let dialog) = model.modal else { Issue.record("restore dialog not open"); return }
        #expect(dialog.targets.first == "db-01")
        // In place: Enter asks for the volume's name, and the name typed out restores.
        runner.step([ConsoleFixtures.key(.enter)] + ConsoleFixtures.keys("db-01") + [ConsoleFixtures.key(.enter)])
        #expect(model.modal == nil)
        model.advance(wallSeconds: 60)
        #expect(model.log.contains { $0.text.contains("restored to db-01: verified") })
    }

    @Test func anInPlaceRestoreAsksForTheVolumesNameTypedOut() throws {
        // 03:06: the 03:00 backups have finished copying, so nothing stands in a restore's way.
        let (runner, backend) = try ConsoleFixtures.console(hours: 3.1)
        let model = runner.model
        func restoring() -> Bool { !model.sim.restores.isEmpty }
        runner.step(ConsoleFixtures.keys("r") + [ConsoleFixtures.key(.enter)])
        guard case .restore(let asking) = model.modal else { Issue.record("the dialog closed"); return }
        #expect(asking.typedName == "" && !restoring())
        #expect(backend.frame.text.contains("Overwrites db-01 in place. Type its name to confirm: _"))
        // A near miss is refused and said; "n" and "y" are letters of the name here, not answers.
        runner.step(ConsoleFixtures.keys("db-0") + [ConsoleFixtures.key(.enter)])
        #expect(!restoring())
        #expect(backend.frame.text.contains("That is not db-01. Type its name exactly: db-0_"))
        // A paste of the rest and a newline never confirms.
        runner.step([.key(.char("1"), burst: true), .key(.enter, burst: true)])
        #expect(!restoring())
        // Esc backs out of the question, not the dialog; the question starts empty again.
        runner.step([ConsoleFixtures.key(.escape)])
        guard case .restore(let back) = model.modal else { Issue.record("Esc closed the dialog"); return }
        #expect(back.typedName == nil)
        runner.step(ConsoleFixtures.keys("y") + ConsoleFixtures.keys("db-01") + [ConsoleFixtures.key(.enter)])
        #expect(model.modal == nil && restoring())
    }

    @Test func aRestoreToAnotherVolumeIsConfirmedByYAlone() throws {
        // 03:30: db-02's 03:00 backup, sharing the pool group with db-01's, is done (at 03:06 it
        // still copied, and a restore onto it is refused until it completes).
        let (runner, _) = try ConsoleFixtures.console(hours: 3.5)
        runner.step(ConsoleFixtures.keys("r") + [ConsoleFixtures.key(.right)])
        guard case .restore(let dialog) = runner.model.modal else { Issue.record("the dialog closed"); return }
        #expect(dialog.chosenTarget == "db-02")
        runner.step([.key(.char("y"), burst: true)])
        #expect(runner.model.sim.restores.isEmpty)
        runner.step(ConsoleFixtures.keys("y"))
        #expect(runner.model.modal == nil)
        #expect(runner.model.sim.restores.values.map { $0.target } == [1])
    }

    @Test func longWorkIsAcceptedThenDone() throws {
        let (runner, _) = try ConsoleFixtures.console(hours: 3.1)
        let model = runner.model
        // A manual backup of db-01 (03:06) is only started by the command.
        runner.step(ConsoleFixtures.keys("b"))
        #expect(model.banner?.text == "backup db-01: accepted")
        #expect(model.journal.last?.hasSuffix("backup db-01: accepted") == true)
        model.advance(wallSeconds: 10)  // ten simulated minutes: the copy completes
        let done = try #require(model.banner?.text)
        #expect(done.hasPrefix("backup db-01: done — db-01 gen 5 "), "\(done)")
        #expect(model.journal.last?.hasSuffix("backup db-01: done") == true)
        // A restore in place, confirmed by name: accepted now, done when verified.
        runner.step(ConsoleFixtures.keys("r") + [ConsoleFixtures.key(.enter)] + ConsoleFixtures.keys("db-01") + [ConsoleFixtures.key(.enter)])
        #expect(model.banner?.text == "restore db-01 generation 5: accepted")
        model.advance(wallSeconds: 60)
        #expect(model.banner?.text == "restore db-01 generation 5: done — db-01 gen 5 restored to db-01: verified ✓")
        // Instant commands are done at once.
        runner.step(ConsoleFixtures.keys("e") + [ConsoleFixtures.key(.enter)])
        #expect(model.banner?.text == "set-objectives oltp: done")
    }

    @Test func scheduledBackupsDoNotTakeTheStatusLine() throws {
        let (runner, _) = try ConsoleFixtures.console(hours: 0.5)
        runner.model.advance(wallSeconds: 40)  // past the 01:00 interval backups
        #expect(runner.model.log.contains { $0.text.hasPrefix("db-01 gen 2 ") })
        #expect(runner.model.banner == nil)
    }

    @Test func pagingMovesByTheVisibleRows() throws {
        let (runner, _) = try ConsoleFixtures.console()
        runner.step([ConsoleFixtures.key(.pageDown)])
        #expect(runner.model.selected == 4)  // five volumes, fewer than a page: the last one
        runner.step([ConsoleFixtures.key(.home)])
        #expect(runner.model.selected == 0)
        runner.step(ConsoleFixtures.keys("G"))
        #expect(runner.model.selected == 4)
        // In the decisions pane the same keys scroll the log instead.
        runner.step([ConsoleFixtures.key(.backTab), ConsoleFixtures.key(.up), ConsoleFixtures.key(.up)])
        #expect(runner.model.focus == .decisions && runner.model.logScroll == 2 && runner.model.selected == 4)
    }

    @Test func clockKeys() throws {
        let (runner, backend) = try ConsoleFixtures.console()
        runner.step(ConsoleFixtures.keys(" "))
        #expect(runner.model.clock.paused)
        #expect(runner.model.advance(wallSeconds: 10) == false)
        #expect(backend.frame.text.contains("paused"))
        runner.step(ConsoleFixtures.keys(" ++"))
        #expect(runner.model.clock.speed == 300)
        runner.step(ConsoleFixtures.keys("-"))
        #expect(runner.model.clock.speed == 120)
        // 120 → 300 → 600 → 1,800: the title names the rate it runs, 1,800 simulated s per second.
        runner.step(ConsoleFixtures.keys("+++"))
        #expect(runner.model.clock.speed == 1_800)
        #expect(backend.frame.text.contains("▶ ×1.8k"))
        let before = runner.model.sim.now
        runner.model.advance(wallSeconds: 2)
        #expect(runner.model.sim.now - before == 3_600)  // 2 s × 1,800
    }

    @Test func themesCycle() throws {
        let (runner, _) = try ConsoleFixtures.console(themes: [.builtinDefault, ConsoleFixtures.theme("amber")])
        runner.step(ConsoleFixtures.keys("t"))
        #expect(runner.model.theme.name == "amber")
        runner.step(ConsoleFixtures.keys("t"))
        #expect(runner.model.theme.name == "default")
    }

    @Test func refusedCommandsAreShownNotFatal() throws {
        let (runner, _) = try ConsoleFixtures.console(hours: 0)
        runner.step(ConsoleFixtures.keys("r"))
        #expect(runner.model.modal == nil)
        #expect(runner.model.banner?.text == "db-01 has no complete generation to restore yet")
    }
}

/// The Catalog view: browse records, delete and copy with confirmation.
@Suite struct CatalogViewTests {
    @Test func deleteIsConfirmedAndRefusalsAreShown() throws {
        let (runner, _) = try ConsoleFixtures.console(hours: 6)
        let model = runner.model
        runner.step(ConsoleFixtures.keys("c"))
        guard case .catalog(let browser) = model.modal else { Issue.record("catalog not open"); return }
        // The view opens on the selected volume's newest record.
        #expect(browser.rows[browser.selected].volume == "db-01")
        // Go to db-01's first generation, a base: delete asks first, then is refused with the reason.
        let base = browser.rows.firstIndex { $0.text.hasPrefix("db-01 gen 1 ") }!
        runner.step(Array(repeating: ConsoleFixtures.key(.up), count: browser.selected - base) + ConsoleFixtures.keys("d"))
        guard case .catalog(let asking) = model.modal, case .delete(let id)? = asking.pending else { Issue.record("no confirmation"); return }
        runner.step([.key(.char("y"), burst: true)])  // a burst never confirms
        #expect(model.sim.generations(of: "db-01").contains { $0.recordID == id })
        runner.step(ConsoleFixtures.keys("y"))
        #expect(model.banner?.text.contains("is the base of generation 2") == true)
        #expect(model.journal.last?.contains("delete record \(id): refused") == true)
        guard case .catalog = model.modal else { Issue.record("the view closed after the command"); return }
    }

    @Test func copyToAVolumeWithConfirmation() throws {
        let (runner, backend) = try ConsoleFixtures.console(hours: 6)
        let model = runner.model
        runner.step(ConsoleFixtures.keys("c"))
        guard case .catalog(let browser) = model.modal else { Issue.record("catalog not open"); return }
        let row = browser.rows.firstIndex { $0.text.hasPrefix("db-01 gen 3 ") }!
        runner.step(Array(repeating: ConsoleFixtures.key(.up), count: browser.selected - row) + ConsoleFixtures.keys("c"))
        guard case .catalog(let asking) = model.modal, case .copy(_, let t)? = asking.pending else { Issue.record("no confirmation"); return }
        #expect(asking.rows[row].targets == ["db-02", "fs-01", "fs-02", "log-01"] && t == 0)
        runner.step([ConsoleFixtures.key(.right), ConsoleFixtures.key(.right), ConsoleFixtures.key(.right)])
        assertCatalogFooter(backend.frame.text, contains: "to ◂ log-01 ▸")
        runner.step(ConsoleFixtures.keys("y"))
        #expect(model.sim.copies.count == 1 && model.sim.copies[0].destinationVolume == "log-01")
        #expect(model.banner?.text == "copy record \(asking.rows[row].id) to log-01: accepted")
        model.advance(wallSeconds: 30)
        #expect(model.sim.copies[0].state == .complete)
        #expect(model.banner?.text.hasPrefix("copy record \(asking.rows[row].id) to log-01: done — ") == true)
        #expect(model.log.contains { $0.text.contains("generation-copy of db-01 generation 3 to log-01 complete") })
    }

    func assertCatalogFooter(_ screen: String, contains text: String) {
        #expect(screen.contains(text), "\(screen)")
    }
}

/// The remote arrays view and file groups in the console.
@Suite struct RemoteAndFileGroupViewTests {
    @Test func remoteArraysViewShowsLinesAndTransfers() throws {
        // 00:10: both initial copies to the DR site are crossing the lines.
        let (runner, backend) = try ConsoleFixtures.console(width: 120, height: 40, hours: 10.0 / 60, scenario: "remote-dr")
        runner.step(ConsoleFixtures.keys("a"))
        let screen = backend.frame.text
        #expect(screen.contains("dr-site: "))
        #expect(screen.contains("line 0: up  100 MB/s, latency 20 ms"))
        #expect(screen.contains("→ erp-db initial copy:"))
        #expect(screen.contains("used 100%"))
        runner.step(ConsoleFixtures.keys("x"))
        #expect(runner.model.modal == nil)
        // Take both lines down: the transfers show as paused.
        runner.model.send(.setLine(remote: "dr-site", line: 0, up: false))
        runner.model.send(.setLine(remote: "dr-site", line: 1, up: false))
        runner.step(ConsoleFixtures.keys("a"))
        #expect(backend.frame.text.contains("line 1: DOWN"))
        #expect(backend.frame.text.contains("PAUSED (line down)"))
    }

    @Test func fileGroupsAppearBesideVolumes() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 120, height: 40, hours: 3, scenario: "file-groups")
        #expect(backend.frame.text.contains("fg:reports"))
        #expect(backend.frame.text.contains("fg:mail"))
        // The same objectives form edits a file group's objectives.
        let row = runner.model.visibleVolumes.firstIndex { runner.model.snapshot.volumes[$0].name == "fg:reports" }!
        runner.step(Array(repeating: ConsoleFixtures.key(.down), count: row) + ConsoleFixtures.keys("e"))
        guard case .objectives(let form) = runner.model.modal else { Issue.record("form not open"); return }
        #expect(form.group == "reports")
        #expect(form.value(.changed) == "256MiB")
    }
}

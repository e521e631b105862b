import Testing
@testable import VigilArray
@testable import VigilConsole

/// The help screen lists each modal's keys from a list kept beside its handler: every key listed
/// must do something in that modal, so a list cannot promise a key the handler ignores.
@Suite struct ModalKeyListTests {
    /// Presses each listed key on a fresh copy of `start`; a key acts when it changes the state or
    /// asks the console for something (close or a command).
    func unlisted<T: Equatable>(_ list: [ViewKey], start: T, _ handle: (inout T, Key) -> Bool) -> [String] {
        var idle: [String] = []
        for entry in list {
            for key in entry.keys {
                var state = start
                let asked = handle(&state, key)
                if !asked && state == start { idle.append("\(entry.label): \(key)") }
            }
        }
        return idle
    }

    @Test func objectivesForm() {
        var form = ObjectivesForm(group: "oltp", objectives: RecoveryObjectives(interval: 3_600, generations: 8, rto: 1_200))
        // The cursor inside "1h", so every movement and deletion has something to do.
        _ = form.handle(.left, burst: false)
        #expect(unlisted(ObjectivesForm.keys, start: form) { $0.handle($1, burst: false) != .stay } == [])
    }

    @Test func expansionPromptRestoreDialogAndCatalog() throws {
        let (runner, _) = try ConsoleFixtures.console(hours: 14)
        guard case .expansion(let open) = runner.model.modal else { Issue.record("prompt not open"); return }
        var prompt = PoolExpansionPrompt(request: open.request, spares: ["rg-a", "rg-b", "rg-c"])
        prompt.selected = 1
        #expect(unlisted(PoolExpansionPrompt.keys, start: prompt) { $0.handle($1, burst: false) != .stay } == [])

        let vol = runner.model.snapshot.volumes[0]
        var dialog = RestoreDialog(volume: vol.name, generations: vol.generations.filter(\.complete).reversed(), targets: ["db-01", "db-02", "fs-01"])
        dialog.selected = 1
        #expect(unlisted(RestoreDialog.keys, start: dialog) { $0.handle($1, burst: false) != .stay } == [])
        // The check is not vacuous: a key no list names does nothing.
        #expect(unlisted([ViewKey([.char("z")], "z", "nothing")], start: dialog) { $0.handle($1, burst: false) != .stay } == ["z: char(\"z\")"])

        var confirming = RestoreDialog(volume: vol.name, generations: vol.generations.filter(\.complete).reversed(), targets: ["db-01", "db-02"])
        _ = confirming.handle(.enter, burst: false)
        _ = confirming.handle(.char("d"), burst: false)
        #expect(confirming.typedName == "d")
        #expect(unlisted(RestoreDialog.confirmKeys, start: confirming) { $0.handle($1, burst: false) != .stay } == [])

        var browser = CatalogBrowser(rows: CatalogBrowser.rows(of: runner.model.snapshot, copies: []), selecting: "db-01")
        // A complete generation in the middle of the list, so both ↑ and ↓ move and c can copy it.
        browser.selected = try #require(browser.rows.firstIndex { $0.volume == "db-02" && !$0.targets.isEmpty })
        #expect(unlisted(CatalogBrowser.keys, start: browser) { $0.handle($1, burst: false) != .stay } == [])
        var asking = browser
        asking.pending = .copy(browser.rows[browser.selected].id, target: 1)
        #expect(unlisted(CatalogBrowser.confirmKeys, start: asking) { $0.handle($1, burst: false) != .stay } == [])
    }

    @Test func alertsView() throws {
        let (runner, _) = try ConsoleFixtures.console(hours: 23)
        let breaches = runner.model.snapshot.breaches
        // Quickstart's eight breaches of the first day (two still open at 23:00).
        #expect(breaches.count == 8)
        // The last row, so ↑, Home and PgUp move and ↓, End and PgDn do nothing.
        var view = AlertsView(breaches: breaches)
        view.selectedID = try #require(AlertsView.ordered(breaches).last).id
        #expect(unlisted(AlertsView.keys, start: view) { $0.handle($1, burst: false, breaches: breaches) != .stay }
            == ["↓ j: down", "↓ j: char(\"j\")", "PgUp PgDn: pageDown", "Home End: end", "Home End: char(\"G\")"])
        view.selectedID = AlertsView.ordered(breaches)[0].id
        #expect(unlisted(AlertsView.keys, start: view) { $0.handle($1, burst: false, breaches: breaches) != .stay }
            == ["↑ k: up", "↑ k: char(\"k\")", "PgUp PgDn: pageUp", "Home End: home", "Home End: char(\"g\")"])
    }

    @Test func filterPrompt() {
        #expect(unlisted(FilterPrompt.keys, start: FilterPrompt(current: "fs")) { $0.handle($1).done } == [])
    }

    @Test func scrollKeys() {
        let start = ScrollPosition(offset: 5)
        #expect(unlisted(ScrollKeys.keys, start: start) { position, key in
            guard let action = ScrollKeys.action(for: key) else { return false }
            if action == .close { return true }
            position.apply(action, count: 40, page: 10)
            return false
        } == [])
    }
}

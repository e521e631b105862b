import SnapshotTesting
import Testing
@testable import VigilArray
@testable import VigilConsole

/// Whole screens rendered into the memory backend after scripted keys, compared as text with the
/// recorded snapshots in `__Snapshots__/ScreenSnapshotTests/`.
@Suite struct ScreenSnapshotTests {
    func screen(_ backend: MemoryBackend) -> String { backend.frame.text }

    @Test func startup() throws {
        let (_, backend) = try ConsoleFixtures.console()
        assertSnapshot(of: screen(backend), as: .lines, named: "100x30")
    }

    @Test func startupAt80x24() throws {
        let (_, backend) = try ConsoleFixtures.console(width: 80, height: 24)
        assertSnapshot(of: screen(backend), as: .lines, named: "80x24")
    }

    @Test(arguments: [1, 2, 3, 4])
    func eachPaneFocused(tabs: Int) throws {
        let (runner, backend) = try ConsoleFixtures.console()
        runner.step(Array(repeating: ConsoleFixtures.key(.tab), count: tabs))
        #expect(runner.model.focus == ConsoleModel.Pane(rawValue: tabs))
        assertSnapshot(of: screen(backend), as: .lines, named: "pane-\(ConsoleModel.Pane(rawValue: tabs)!)")
    }

    @Test func objectivesFormWithAValidationError() throws {
        let (runner, backend) = try ConsoleFixtures.console()
        runner.step(ConsoleFixtures.keys("e") + [ConsoleFixtures.key(.up)] + [ConsoleFixtures.key(.backspace), ConsoleFixtures.key(.backspace), ConsoleFixtures.key(.backspace)] + ConsoleFixtures.keys("9x"))
        guard case .objectives(let form) = runner.model.modal else { Issue.record("form not open"); return }
        #expect(form.focus == .rto)
        #expect(form.problem(.rto) == "not a duration (try 20m)")
        // Enter on an invalid form applies nothing and keeps it open.
        runner.step([ConsoleFixtures.key(.enter)])
        #expect(runner.model.modal != nil)
        assertSnapshot(of: screen(backend), as: .lines)
    }

    @Test func expansionPrompt() throws {
        let (runner, backend) = try ConsoleFixtures.console(hours: 14)
        guard case .expansion(let prompt) = runner.model.modal else { Issue.record("prompt not open"); return }
        #expect(prompt.request.id == 1)
        assertSnapshot(of: screen(backend), as: .lines)
    }

    @Test func help() throws {
        let (runner, backend) = try ConsoleFixtures.console()
        runner.step(ConsoleFixtures.keys("?"))
        assertSnapshot(of: screen(backend), as: .lines)
        runner.step(ConsoleFixtures.keys("x"))
        #expect(runner.model.modal == nil)
    }

    @Test func tooSmall() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 20, height: 6)
        assertSnapshot(of: screen(backend), as: .lines)
        runner.step(ConsoleFixtures.keys("eb"))
        #expect(runner.model.modal == nil && !runner.model.quit)
        runner.step(ConsoleFixtures.keys("q"))
        #expect(runner.model.quit)
    }

    @Test func monoTheme() throws {
        let (_, backend) = try ConsoleFixtures.console(themes: [ConsoleFixtures.theme("mono")])
        assertSnapshot(of: screen(backend) + "\n--- attributes (R reverse, B bold, C colour, . plain) ---\n" + backend.attributeLayer,
                       as: .lines)
        #expect(!backend.attributeLayer.contains("C"))
    }
}

import SnapshotTesting
import Testing
@testable import VigilArray
@testable import VigilConsole

/// The decision detail, history and performance views and the help screen as text, compared with
/// the recorded snapshots in `__Snapshots__/ViewSnapshotTests/`.
@Suite struct ViewSnapshotTests {
    @Test func decisionDetailWithALongReasonScrolledAt80x24() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 80, height: 24, hours: 3)
        let model = runner.model
        model.record(ArrayEvent(time: model.sim.now, kind: .backupDecided(volume: "log-01", group: "logs", trigger: .rtoDerived, rto: 600,
                                                                         decision: ConsoleViewTests.longDecision)))
        runner.step([ConsoleFixtures.key(.backTab), ConsoleFixtures.key(.enter), ConsoleFixtures.key(.pageDown)])
        guard case .decision(let view) = model.modal else { Issue.record("decision detail not open"); return }
        #expect(view.scroll.offset > 0)
        assertSnapshot(of: backend.frame.text, as: .lines)
    }

    @Test func history() throws {
        let (runner, backend) = try ConsoleFixtures.console(hours: 3)
        runner.step(ConsoleFixtures.keys("h"))
        assertSnapshot(of: backend.frame.text, as: .lines)
    }

    @Test func performanceWithADegradedGroup() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 120, height: 30, hours: 17)
        runner.step([ConsoleFixtures.key(.escape)] + ConsoleFixtures.keys("m"))
        assertSnapshot(of: backend.frame.text, as: .lines)
    }

    @Test func helpScrolledAt80x24() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 80, height: 24)
        runner.step(ConsoleFixtures.keys("?") + [ConsoleFixtures.key(.pageDown)])
        assertSnapshot(of: backend.frame.text, as: .lines)
    }
}

import Foundation
@testable import VigilArray
@testable import VigilConsole

/// A console over the quickstart array in a memory terminal.
enum ConsoleFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func console(width: Int = 100, height: Int = 30, hours: Double = 2, themes: [Theme] = [.builtinDefault],
                        depth: ColorDepth = .palette256, scenario name: String = "quickstart") throws -> (ConsoleRunner, MemoryBackend) {
        let scenario = try ScenarioLoader.load(path: root.appendingPathComponent("demo/\(name).toml").path)
        let sim = try ArraySimulator(scenario: scenario)
        sim.start()
        let model = ConsoleModel(simulator: sim, themes: themes, glyphs: .unicode, clock: SimulationClock(speed: 60))
        let backend = MemoryBackend(width: width, height: height, colorDepth: depth)
        let runner = ConsoleRunner(model: model, backend: backend)
        // Each wall second is a simulated minute at ×60.
        if hours > 0 { model.advance(wallSeconds: hours * 60) }
        runner.drawFrame()
        return (runner, backend)
    }

    static func keys(_ s: String) -> [ConsoleEvent] { s.map { .key(.char($0), burst: false) } }
    static func key(_ k: Key) -> ConsoleEvent { .key(k, burst: false) }

    static func theme(_ name: String) -> Theme {
        let path = root.appendingPathComponent("themes/\(name).toml").path
        return ThemeLoader.parse(try! String(contentsOfFile: path, encoding: .utf8), file: "themes/\(name).toml").theme
    }
}

import ArgumentParser
import Foundation
import VigilArray
import VigilConsole
import VigilCurses

/// `vigil`: the operator console for an array that backs itself up by recovery objectives.
/// Without a subcommand it opens the console; `vigil simulate` runs a scenario headless.
@main
struct Vigil: ParsableCommand {
    static let version = "0.2.0"
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Operator console for a disk array that backs itself up by recovery objectives.",
        discussion: """
        With no subcommand, opens the console (`vigil console`) on a scenario, by default \
        demo/quickstart.toml. `vigil simulate` runs a scenario headless and prints what the array \
        decided and why.
        """,
        version: version,
        // The console is the default subcommand rather than the root's own run, so that
        // `vigil --scenario F` and `vigil simulate --scenario F` each reach their own options.
        subcommands: [Console.self, Simulate.self, Catalog.self, Verify.self],
        defaultSubcommand: Console.self
    )
}

/// `vigil console` (the default): the ncurses operator console over the embedded array.
struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the operator console on a scenario (the default when no subcommand is given).",
        discussion: "Exit codes: 0 quit; 64 bad usage; 65 bad scenario; 66 no scenario found; 69 no usable terminal; 128+N ended by signal N."
    )

    @Option(help: "Scenario file (TOML, see docs/scenarios.md). Default: demo/quickstart.toml.")
    var scenario: String?

    @Option(help: "Theme name or file (also VIGIL_THEME). See --list-themes.")
    var theme: String?

    @Flag(name: .customLong("list-themes"), help: "List the themes found and where, then exit.")
    var listThemes = false

    @Option(help: "Clock speed: simulated seconds per real second (1 … 100000).")
    var speed: Double = 60

    @Flag(help: "Start with the clock paused.")
    var paused = false

    @Option(name: .customLong("refresh"), help: "Longest time between frames, e.g. 1s or 100ms.")
    var refresh: String = "1s"

    @Option(help: "Override the scenario's seed.")
    var seed: UInt64?

    @Flag(name: .customLong("frame-times"), help: "Log the time from each key to its frame in the console log (for benchmarks).")
    var frameTimes = false

    func validate() throws {
        guard (1...100_000).contains(speed) else { throw ValidationError("--speed must be between 1 and 100000") }
        guard Self.milliseconds(refresh) != nil else { throw ValidationError("--refresh \"\(refresh)\" is not a duration (try 1s or 100ms)") }
    }

    static func milliseconds(_ text: String) -> Int? {
        if text.hasSuffix("ms"), let n = Int(text.dropLast(2)), n >= 10 { return n }
        if let s = SimDuration.parse(text), s > 0, s <= 60 { return Int(s) * 1_000 }
        return nil
    }

    func run() throws {
        let env = ProcessInfo.processInfo.environment
        let themePaths = ThemeLoader.searchPaths(environment: env, shipped: ProjectFiles.locate("themes"))
        if listThemes {
            for t in ThemeLoader.available(in: themePaths) { print("\(t.name)\t\(t.path)") }
            return
        }
        let log = ConsoleLog(environment: env)
        // Everything that can fail without a terminal is checked before curses starts.
        guard let path = scenario ?? ProjectFiles.locate("demo/quickstart.toml") else {
            FileHandle.standardError.write(Data("vigil: demo/quickstart.toml not found; pass --scenario FILE\n".utf8))
            throw ExitCode(66)
        }
        let sim: ArraySimulator
        do {
            var s = try ScenarioLoader.load(path: path)
            if let seed { s.seed = seed }
            sim = try ArraySimulator(scenario: s)
        } catch let e as ScenarioError {
            FileHandle.standardError.write(Data("vigil: \(e.description)\n".utf8))
            throw ExitCode(65)
        }
        let wanted = theme ?? env["VIGIL_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        guard let first = ThemeLoader.load(wanted, paths: themePaths) else {
            let names = ThemeLoader.available(in: themePaths).map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("vigil: no theme \"\(wanted)\" (available: \(names))\n".utf8))
            throw ExitCode(64)
        }
        var themes = [first.theme]
        var warnings = first.warnings
        for t in ThemeLoader.available(in: themePaths) where t.name != first.theme.name {
            guard let loaded = ThemeLoader.load(t.name, paths: themePaths) else { continue }
            themes.append(loaded.theme)
            warnings += loaded.warnings
        }
        warnings.forEach { log.write("theme: \($0)") }

        let backend: NcursesBackend
        do {
            backend = try NcursesBackend(environment: env)
        } catch let e as NcursesBackend.StartError {
            FileHandle.standardError.write(Data("vigil: cannot open the console: \(e.description)\n".utf8))
            throw ExitCode(69)
        }
        defer { backend.shutdown() }
        sim.start()
        let model = ConsoleModel(simulator: sim, themes: themes, glyphs: .forEnvironment(env),
                                 clock: SimulationClock(speed: speed, paused: paused))
        model.logger = log.write
        if !first.warnings.isEmpty {
            model.banner = ("theme \(first.theme.name): \(first.warnings.count) problem(s) skipped, see \(log.path)", .warning)
        }
        log.write("console started on \(path), theme \(first.theme.name), \(backend.colorDepth) colours")
        let runner = ConsoleRunner(model: model, backend: backend, refreshMs: Self.milliseconds(refresh)!)
        if frameTimes { runner.onKeyFrame = { log.write(String(format: "frame: key to frame %.2f ms", $0)) } }
        let signal = runner.run()
        backend.shutdown()
        log.write(signal.map { "ended by signal \($0)" } ?? "quit")
        if let signal { throw ExitCode(128 + signal) }
    }
}

import ArgumentParser
import Foundation
import VigilArray
import VigilConsole
import VigilCurses
import VigilStore

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
        subcommands: [Console.self, Simulate.self, Status.self, Catalog.self, Verify.self, FileGroups.self],
        defaultSubcommand: Console.self
    )

    /// ArgumentParser's own entry, except that `vigil status` is a monitoring check: a bad option
    /// there is UNKNOWN (3) with the plugin's status line, not the usage code 64 a check runner
    /// would misread.
    static func main() {
        // A closed output pipe ends a headless command quietly by SIGPIPE's default action (exit
        // status 141), even when the parent left SIGPIPE ignored or blocked; the console ignores
        // it again (NcursesBackend) so that it can give the terminal back.
        signal(SIGPIPE, SIG_DFL)
        var pipe = sigset_t()
        sigemptyset(&pipe)
        sigaddset(&pipe, SIGPIPE)
        sigprocmask(SIG_UNBLOCK, &pipe, nil)
        // Ctrl-\ is an operator asking a headless command to stop, not a crash: SIGQUIT's default
        // action (status 131), without the Swift runtime's backtrace over the terminal. The console
        // installs its own handler for it, which gives the terminal back first.
        signal(SIGQUIT, SIG_DFL)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if CommandLine.arguments.dropFirst().first == "status", !(error is ExitCode), exitCode(for: error) != .success {
                let message = fullMessage(for: error)
                let first = message.split(separator: "\n").first.map(String.init) ?? "bad options"
                print("VIGIL UNKNOWN - \(first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first)")
                FileHandle.standardError.write(Data("vigil status: \(message)\n".utf8))
                Foundation.exit(ComplianceReport.Verdict.unknown.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// `vigil console` (the default): the ncurses operator console over the embedded array.
struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the operator console on a scenario (the default when no subcommand is given).",
        discussion: """
        The array is kept in a state directory (default $XDG_STATE_HOME/vigil/<scenario name>) and \
        resumed next time; --ephemeral keeps it in memory only, --fresh starts over.
        Exit codes: 0 quit; 64 bad usage; 65 bad scenario or damaged state; 66 the scenario (or its file list) is not there; \
        69 no usable terminal; 74 quit with the state not saved (a checkpoint failed — disk full, I/O error — and \
        none succeeded since: the state directory holds the last one that did); 75 the state is in use by another \
        writer; 128+N ended by signal N \
        (SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM and the other signals that \
        end a process give the terminal back first; SIGPIPE is ignored).
        """
    )

    @Option(help: "Scenario file (TOML, see docs/scenarios.md). Default: demo/quickstart.toml.")
    var scenario: String?

    @Option(help: "Theme name or file (also VIGIL_THEME). See --list-themes.")
    var theme: String?

    @Flag(name: .customLong("list-themes"), help: "List the themes found and where, then exit.")
    var listThemes = false

    @Option(help: "Clock speed: simulated seconds per real second (1 … 100000), run exactly; + and - step on from it.")
    var speed: Double = 60

    @Flag(help: "Start with the clock paused.")
    var paused = false

    @Option(name: .customLong("refresh"), help: "Longest time between frames, e.g. 1s or 100ms.")
    var refresh: String = "1s"

    @Option(help: "Override the scenario's seed.")
    var seed: UInt64?

    @Flag(name: .customLong("frame-times"), help: "Log the time from each key to its frame in the console log (for benchmarks).")
    var frameTimes = false

    @OptionGroup var stateOptions: StateOptions

    @Flag(help: "Keep the array in memory only: nothing is stored or resumed.")
    var ephemeral = false

    func validate() throws {
        if ephemeral, stateOptions.directory != nil || stateOptions.fresh { throw ValidationError("--ephemeral keeps no state; drop --state / --fresh") }
        guard (1...100_000).contains(speed) else { throw ValidationError("--speed must be between 1 and 100000") }
        guard Self.milliseconds(refresh) != nil else { throw ValidationError("--refresh \"\(refresh)\" is not a duration (try 1s or 100ms)") }
    }

    /// What the journal records of a command: the copy function, its source and destination.
    static func journalFields(_ c: ArrayCommand) -> (String?, String?, String?) {
        switch c {
        case .backupNow(let v): ("backup", v, nil)
        case let .restore(v, g, t): ("restore", "\(v) generation \(g)", t ?? v)
        case let .approveExpansion(_, g): ("pool-expansion", g, nil)
        case .denyExpansion: ("pool-expansion", nil, nil)
        case .setObjectives(let g, _): (nil, g, nil)
        case .degrade(let g), .repair(let g): (nil, g, nil)
        case .deleteRecord(let id): ("delete", "record \(id)", nil)
        case let .copyRecord(id, v): ("generation-copy", "record \(id)", v)
        case let .hostBackup(s, d, m): (m.rawValue, s, d)
        case let .setLine(r, l, _): (nil, "\(r) line \(l)", nil)
        case let .copyToArray(id, a, v): ("array-copy", "record \(id)", v.map { "\(a)/\($0)" } ?? a)
        case let .loadFileList(_, _, source): ("file-list", source, nil)
        case .acknowledgeBreach(let id): (nil, "breach \(id)", nil)
        }
    }

    /// Wall seconds between checkpoints while the clock moves and nothing else asked for one.
    static let checkpointInterval: Double = 600
    /// The exit status when the console ends with its state not saved (sysexits' EX_IOERR).
    static let exitUnsaved: Int32 = 74

    static func wallSeconds() -> Double { ProcessInfo.processInfo.systemUptime }

    /// A checkpoint's simulated instant for the status line: time of day to the second.
    static func clockText(_ t: SimTime) -> String { String(t.iso8601.dropFirst(11).prefix(8)) }

    /// The status line while the state is not being saved: why, that the clock stopped, what is
    /// stored, and what the operator can do.
    static func unsavedText(_ why: String, lastSaved: SimTime?) -> String {
        let stored = lastSaved.map { "last saved checkpoint \(clockText($0))" } ?? "nothing saved yet"
        let fix = why == "disk full" ? "free space and press Space to retry" : "press Space to retry"
        return "state not saved: \(why) — clock stopped; \(stored); \(fix), or q to quit (exits \(exitUnsaved))"
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
        var sim: ArraySimulator
        let scenarioValue: Scenario
        do {
            var s = try ScenarioLoader.load(path: path)
            if let seed { s.seed = seed }
            scenarioValue = s
            sim = try ArraySimulator(scenario: s)
        } catch let e as ScenarioError {
            throw Failure(e).exit()
        }
        // The array's durable state: resumed when the directory holds one, created otherwise.
        var store: StateStore?
        var resumed = false
        var resumeReport: [String] = []
        if !ephemeral {
            let dir = stateOptions.directory ?? StateStore.defaultDirectory(scenario: scenarioValue.name, environment: env)
            let crash = CrashInjector(environment: env)
            do {
                let s = try stateOptions.openWriter(directory: dir, crash: crash)
                if try s.hasState() {
                    if let stored = try s.scenario(), stored.name != scenarioValue.name {
                        throw Failure.usage("\(dir) holds the array \"\(stored.name)\", not \"\(scenarioValue.name)\"; use another --state or --fresh")
                    }
                    let resumption: StateStore.Resumption
                    do { (sim, resumption) = try s.load() } catch let e as StateStoreError { throw Failure.state(e.description) }
                    resumed = true
                    resumeReport = resumption.report
                    log.write("resumed \(dir) at \(sim.now.iso8601)" + resumption.report.map { "; \($0)" }.joined())
                } else {
                    try s.saveScenario(name: scenarioValue.name, path: path, text: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
                }
                store = s
            } catch let f as Failure {
                throw f.exit()
            } catch let e as StateStoreError {
                throw Failure.state(e.description).exit()  // a damaged stored scenario: 65, as a damaged state
            }
        }
        // Every way out closes the database (after the terminal is given back: this defer runs
        // after the backend's); the quit and signal paths close it themselves, after the last checkpoint.
        defer { try? store?.close() }
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
            // One broken theme file is logged and skipped; it never stops the console.
            if loaded.unreadable { warnings += loaded.warnings.map { "\($0) (theme \(t.name) skipped)" }; continue }
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
        if !resumed { sim.start() }
        let model = ConsoleModel(simulator: sim, themes: themes, glyphs: .forEnvironment(env),
                                 clock: SimulationClock(speed: speed, paused: paused))
        model.logger = log.write
        if !first.warnings.isEmpty {
            model.banner = ("theme \(first.theme.name): \(first.warnings.count) problem(s) skipped, see \(log.path)", .warning)
        }
        log.write("console started on \(path), theme \(first.theme.name), \(backend.colorDepth) colours")
        let runner = ConsoleRunner(model: model, backend: backend, refreshMs: Self.milliseconds(refresh)!)
        if frameTimes { runner.onKeyFrame = { log.write(String(format: "frame: key to frame %.2f ms", $0)) } }
        // Checkpoints (StateSaver): the image is taken on this thread after the frame, the commit
        // runs on a thread of its own, one at a time. One falls due at once after every command
        // (journalled with its outcome) and after every event that changes the catalog (paced on
        // arrays whose commits take seconds), otherwise every `checkpointInterval` wall seconds
        // while the clock moves, and on the way out.
        var saver: StateSaver<CheckpointImage>?
        var writer: ConsoleStateWriter?
        if let store {
            let w = ConsoleStateWriter(store: store)
            let s = StateSaver<CheckpointImage>(capture: { (store.capture(sim), sim.now) }, commit: { try w.commit($0) },
                                                describe: ConsoleStateWriter.describe, interval: Self.checkpointInterval,
                                                now: Self.wallSeconds())
            // The first checkpoint (a new array in full, a resumed one nearly nothing) at the first turn.
            s.request()
            model.onCommand = { command, result in
                let outcome: String
                switch result {
                case .success: outcome = "done"
                case .failure(let e): outcome = "refused: \(e.message)"
                }
                let (function, source, destination) = Self.journalFields(command)
                w.journal(.init(simTime: sim.now, command: command.label, copyFunction: function, source: source,
                                destination: destination, result: outcome))
                s.request(now: true)
            }
            model.onArrayEvent = { if $0.changesCatalog { s.request() } }
            model.onRetrySave = {
                if s.retry() { model.banner = ("retrying the checkpoint…", .warning) }
            }
            // A failed commit stops the clock (what is simulated while nothing is saved would be
            // lost) until a retry succeeds; the clock runs again only if it was the failure that stopped it.
            var pausedForSave = false
            runner.onTurn = { [unowned runner] in
                let began = Self.wallSeconds()
                let finished = s.turn(now: began, clock: sim.now)
                if frameTimes, Self.wallSeconds() - began > 0.002 {
                    log.write(String(format: "checkpoint: turn (image taken) in %.1f ms", (Self.wallSeconds() - began) * 1_000))
                }
                guard let outcome = finished else { return }
                switch outcome {
                case let .saved(clock, ms):
                    if frameTimes { log.write(String(format: "checkpoint: %@ committed in %.1f ms", clock.iso8601, ms)) }
                    guard model.saveFailure != nil else { return }
                    model.saveFailure = nil
                    let resume = pausedForSave && model.clock.paused
                    if resume { model.clock.togglePause() }
                    pausedForSave = false
                    model.banner = ("state saved again (checkpoint \(Self.clockText(clock)))" + (resume ? "; the clock runs on" : ""), .fits)
                    log.write("checkpoint at \(clock.iso8601) saved after a failure")
                case let .failed(why, clock):
                    if !model.clock.paused {
                        model.clock.togglePause()
                        pausedForSave = true
                    }
                    model.saveFailure = Self.unsavedText(why, lastSaved: s.lastSaved)
                    model.banner = nil
                    log.write("checkpoint at \(clock.iso8601) failed, clock stopped: \(why)")
                }
                runner.drawFrame()
            }
            if resumed {
                model.banner = ("resumed \(store.directory) at \(sim.now.iso8601)" + resumeReport.map { "; \($0)" }.joined(), .text)
            }
            saver = s
            writer = w
        }
        let signal = runner.run()
        // The terminal first, then the last checkpoint (after the one in flight) and the close.
        backend.shutdown()
        var unsaved: String?
        if let saver, let writer {
            let began = Self.wallSeconds()
            let busy = saver.committing
            let outcome = saver.finish()
            let finished = Self.wallSeconds()
            if case let .failed(why, _) = outcome { unsaved = why }
            do { try writer.store.close() } catch { unsaved = unsaved ?? "closing the database failed: \(error)" }
            let committed: Double = if case let .saved(_, ms) = outcome { ms } else { 0 }
            log.write(String(format: "on the way out: last checkpoint after %.0f ms (%@its commit %.0f ms), database closed in %.0f ms",
                             (finished - began) * 1_000, busy ? "waited for the one in flight; " : "", committed,
                             (Self.wallSeconds() - finished) * 1_000))
            if let unsaved {
                let last = saver.lastSaved.map { "its last checkpoint (\($0.iso8601))" } ?? "the scenario (no checkpoint was saved)"
                FileHandle.standardError.write(Data("vigil: the state was not saved: \(unsaved); \(writer.store.directory) holds the array as of \(last), the simulated time after it is lost\n".utf8))
                log.write("state not saved on the way out: \(unsaved)")
            }
        }
        log.write(signal.map { "ended by signal \($0)" } ?? "quit")
        if let signal { throw ExitCode(128 + signal) }
        if unsaved != nil { throw ExitCode(Self.exitUnsaved) }
    }
}

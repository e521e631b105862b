import ArgumentParser
import Foundation
import VigilArray
import VigilStore

/// `vigil simulate`: runs a scenario headless and prints the event stream and a summary; with
/// `--state` the array is durable and a later run resumes it.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario on the simulated clock and print what the array decided.",
        discussion: """
        With --state DIR the array's state is kept in DIR: each event is printed only once the \
        checkpoint that covers it is durable, and a later run with the same DIR resumes where this \
        one stopped (or was killed).
        Exit codes: 0 done; 1 a restore failed verification; 64 bad usage; 66 a scenario or file list \
        that is not there; 65 bad scenario or \
        damaged state; 75 the state is in use by another writer; 141 the output's reader went away \
        (`vigil simulate ... | head -1`: ended quietly by SIGPIPE, with a --state array as durable as \
        the last event printed). --for is more than 0s and at most \
        36500d; --until lies after the array's start (or a stored array's clock) and at most 36500d \
        after it.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @Option(name: .long, help: "Scenario file (TOML, see docs/scenarios.md). Optional when --state already holds an array.")
    var scenario: String?

    @Option(name: .customLong("for"), help: "Simulated duration to run, e.g. 90m, 12h, 30d.")
    var duration: String?

    @Option(help: "Run until this simulated UTC time (e.g. 2026-11-24T00:00:00Z) instead of --for.")
    var until: String?

    @Option(help: "Output: one readable line per event (text) or one JSON object per event (jsonl).")
    var format: Format = .text

    @Option(help: "Override the scenario's seed (new arrays only).")
    var seed: UInt64?

    @Option(name: .customLong("approve-expansions"),
            help: "Answer pool expansion requests: never (leave them pending, so the waiting shows) or auto (approve with the largest spare).")
    var approveExpansions: ExpansionPolicy = .never

    @Flag(name: .customLong("verify-restores"), help: "At the end, restore every kept generation and verify it against its digest.")
    var verifyRestores = false

    @Flag(help: "Print wall time, events per second and peak memory to standard error when done.")
    var stats = false

    @Option(name: .customLong("checkpoint-every"),
            help: "With --state: the least simulated time between checkpoints (events are printed once their checkpoint is stored), e.g. 1h, 6h.")
    var checkpointEvery = "1d"

    @OptionGroup var stateOptions: StateOptions

    func validate() throws {
        switch (duration, until) {
        case (nil, nil): throw ValidationError("give --for DURATION or --until TIME")
        case (.some, .some): throw ValidationError("give --for or --until, not both")
        case (.some(let d), nil):
            do { _ = try RunLength.duration(d) } catch let p as RunLength.Problem { throw ValidationError(p.message) }
        case (nil, .some(let u)):
            // Checked against the array's clock once it is loaded (runEnd(from:clock:)).
            do { _ = try RunLength.time(u) } catch let p as RunLength.Problem { throw ValidationError(p.message) }
        }
        do {
            guard try RunLength.duration(checkpointEvery, option: "--checkpoint-every") > 0 else { throw ValidationError("--checkpoint-every must be more than 0s") }
        } catch let p as RunLength.Problem { throw ValidationError(p.message) }
        if stateOptions.directory == nil, scenario == nil { throw ValidationError("give --scenario FILE (or --state DIR holding an array)") }
        if stateOptions.directory == nil, stateOptions.fresh { throw ValidationError("--fresh needs --state DIR") }
    }

    func run() throws {
        do { try execute() } catch let f as Failure { throw f.exit() } catch let e as StateStoreError { throw Failure.state(e.description).exit() }
    }

    static let storedClock = "the stored array's clock"

    /// Where the run ends, from the array's clock: --for after it, or --until, which must lie after
    /// it (and within the longest run; a resumed array may stand at it already, and runs nothing).
    /// A bad --until is a usage error (64) naming the clock.
    func runEnd(from now: SimTime, clock: String) throws -> SimTime {
        do {
            if let until { return try RunLength.end(until: until, now: now, clock: clock, resuming: clock == Self.storedClock) }
            return now + (try RunLength.duration(duration ?? ""))
        } catch let p as RunLength.Problem {
            throw Failure.usage(p.message)
        }
    }

    static func loadScenario(_ path: String) throws -> (Scenario, String) {
        do {
            let s = try ScenarioLoader.load(path: path)
            return (s, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        } catch let e as ScenarioError {
            throw Failure(e)
        }
    }

    func execute() throws {
        let clock = ContinuousClock()
        let opened = clock.now
        let env = ProcessInfo.processInfo.environment
        let crash = CrashInjector(environment: env)
        var store: StateStore?
        let sim: ArraySimulator
        var fresh = true
        if let dir = stateOptions.directory {
            let s = try stateOptions.openWriter(directory: dir, crash: crash)
            store = s
            if try s.hasState() {
                let (restored, resumption) = try loadState(s)
                if let scenario, let stored = try s.scenario(),
                   let wanted = try? ScenarioLoader.load(path: scenario), wanted.name != stored.name {
                    throw Failure.usage("\(dir) holds the array \"\(stored.name)\", not \"\(wanted.name)\"; use another --state or --fresh")
                }
                _ = try runEnd(from: restored.now, clock: Self.storedClock)
                sim = restored
                fresh = false
                var note = "vigil: resuming \(dir) at \(resumption.clock.iso8601)"
                if !resumption.report.isEmpty { note += "; " + resumption.report.joined(separator: "; ") }
                FileHandle.standardError.write(Data((note + "\n").utf8))
            } else {
                guard let scenario else { throw Failure.usage("\(dir) holds no array yet; give --scenario FILE") }
                var (loaded, text) = try Self.loadScenario(scenario)
                if let seed { loaded.seed = seed }
                _ = try runEnd(from: loaded.start, clock: "the array's start")
                sim = try build(loaded)
                try s.saveScenario(name: loaded.name, path: scenario, text: text)
            }
        } else {
            var (loaded, _) = try Self.loadScenario(scenario!)
            if let seed { loaded.seed = seed }
            _ = try runEnd(from: loaded.start, clock: "the array's start")
            sim = try build(loaded)
        }
        // --stats says apart what reading the scenario (or the stored state) and building the array
        // took from what simulating took: a large array's load time is its own figure.
        let began = clock.now
        let out = OutputBuffer()
        let jsonl = format == .jsonl
        sim.expansionPolicy = approveExpansions
        sim.crashPoint = { crash.hit($0) }
        // With a store, an event is printed only after the checkpoint that makes it durable, so
        // nothing reported can be lost by a crash. Events that change what the catalog holds call
        // for a checkpoint, taken at the end of the instant — at most one per --checkpoint-every
        // (a simulated day by default): a checkpoint costs a transaction, an fsync and the pages
        // it touches whatever it holds, and a crash loses only simulated progress, which the
        // restart simulates again.
        let spacing = (try? RunLength.duration(checkpointEvery, option: "--checkpoint-every")) ?? 86_400
        var pending: [String] = []
        var durable = false
        var checkpointedAt = sim.now
        sim.onEvent = { event in
            let line = jsonl ? event.jsonLine : event.textLine
            if store == nil { out.line(line); return }
            pending.append(line)
            if event.changesCatalog { durable = true }
        }
        func checkpoint() throws {
            guard let store else { return }
            do { try store.checkpoint(sim) } catch { throw Failure.state("checkpoint failed: \(error)") }
            checkpointedAt = sim.now
            for l in pending { out.line(l) }
            pending.removeAll(keepingCapacity: true)
            out.flush()
            durable = false
        }
        if fresh { sim.start() }
        try checkpoint()
        let end = try runEnd(from: sim.now, clock: fresh ? "the array's start" : Self.storedClock)
        if store == nil {
            sim.run(until: end)
        } else {
            while sim.now < end {
                sim.run(until: min(end, sim.now + sim.tick))
                if durable, sim.now >= checkpointedAt + spacing { try checkpoint() }
            }
        }
        var failed = 0
        if verifyRestores { failed = sim.verifyAllKeptGenerations().failed }
        try checkpoint()
        let summary = SimulationSummary(sim)
        if jsonl { out.line(summary.json.serialized) } else { out.line(summary.text) }
        if verifyRestores, !jsonl {
            out.line(failed == 0 ? "all kept generations restored and verified" : "\(failed) generation(s) FAILED verification")
        }
        out.flush()
        if stats {
            func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
            let ran = seconds(clock.now - began)
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)  // Glibc imports the enum; the call takes its raw value
            let line = String(format: "stats: %@ in %.2f s wall, %@ simulated in %.2f s wall, %d events, %.0f events/s, peak RSS %.1f MiB\n",
                              (fresh ? "scenario loaded and array built" : "stored state loaded") as NSString, seconds(began - opened),
                              SimDuration.format(sim.now - sim.startTime) as NSString, ran, sim.eventCount,
                              Double(sim.eventCount) / max(ran, 1e-9), Double(usage.ru_maxrss) / 1_024)
            FileHandle.standardError.write(Data(line.utf8))
        }
        if failed > 0 { throw Failure.verification("\(failed) generation(s) failed verification") }
    }

    func build(_ scenario: Scenario) throws -> ArraySimulator {
        do { return try ArraySimulator(scenario: scenario) } catch let e as ScenarioError { throw Failure(e) }
    }

    func loadState(_ store: StateStore) throws -> (ArraySimulator, StateStore.Resumption) {
        do { return try store.load() } catch let e as StateStoreError { throw Failure.state(e.description) }
    }
}

extension ExpansionPolicy: ExpressibleByArgument {}

/// Buffers stdout in large writes: a month of a 64-volume array is hundreds of thousands of lines.
final class OutputBuffer {
    private var buffer: [UInt8] = []
    init() { buffer.reserveCapacity(1 << 17) }
    func line(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        buffer.append(10)
        if buffer.count >= 1 << 16 { flush() }
    }
    func flush() {
        // write(2) on descriptor 1 rather than the C `stdout` global, which Swift 6 rejects as shared state.
        var offset = 0
        buffer.withUnsafeBufferPointer { p in
            while offset < p.count {
                let n = write(1, p.baseAddress! + offset, p.count - offset)
                if n < 0, errno == EINTR { continue }
                // The reader went away (`vigil simulate | head -1`) with SIGPIPE blocked: end as
                // SIGPIPE would have, quietly, rather than run on with nobody reading.
                if n < 0, errno == EPIPE { Foundation.exit(128 + SIGPIPE) }
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

import ArgumentParser
import Foundation
import VigilArray

/// `vigil simulate`: runs a scenario headless and prints the event stream and a summary.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario on the simulated clock and print what the array decided.",
        discussion: """
        Exit codes: 0 done; 1 a restore failed verification; 64 bad usage; 65 bad scenario file.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @Option(name: .long, help: "Scenario file (TOML, see docs/scenarios.md).")
    var scenario: String

    @Option(name: .customLong("for"), help: "Simulated duration, e.g. 90m, 12h, 30d.")
    var duration: String

    @Option(help: "Output: one readable line per event (text) or one JSON object per event (jsonl).")
    var format: Format = .text

    @Option(help: "Override the scenario's seed.")
    var seed: UInt64?

    @Option(name: .customLong("approve-expansions"),
            help: "Answer pool expansion requests: never (leave them pending, so the waiting shows) or auto (approve with the largest spare).")
    var approveExpansions: ExpansionPolicy = .never

    @Flag(name: .customLong("verify-restores"), help: "At the end, restore every kept generation and verify it against its digest.")
    var verifyRestores = false

    @Flag(help: "Print wall time, events per second and peak memory to standard error when done.")
    var stats = false

    func validate() throws {
        guard let seconds = SimDuration.parse(duration), seconds > 0 else {
            throw ValidationError("--for \"\(duration)\" is not a duration (try 90m, 12h or 30d)")
        }
    }

    func run() throws {
        var loaded: Scenario
        do {
            loaded = try ScenarioLoader.load(path: scenario)
        } catch let e as ScenarioError {
            FileHandle.standardError.write(Data("vigil: \(e.description)\n".utf8))
            throw ExitCode(65)
        }
        if let seed { loaded.seed = seed }
        let sim: ArraySimulator
        do {
            sim = try ArraySimulator(scenario: loaded)
        } catch let e as ScenarioError {
            FileHandle.standardError.write(Data("vigil: \(e.description)\n".utf8))
            throw ExitCode(65)
        }
        let clock = ContinuousClock()
        let began = clock.now
        let out = OutputBuffer()
        let jsonl = format == .jsonl
        sim.expansionPolicy = approveExpansions
        sim.onEvent = { event in out.line(jsonl ? event.jsonLine : event.textLine) }
        sim.start()
        sim.run(until: sim.startTime + SimDuration.parse(duration)!)
        var failed = 0
        if verifyRestores { failed = sim.verifyAllKeptGenerations().failed }
        let summary = SimulationSummary(sim)
        if jsonl { out.line(summary.json.serialized) } else { out.line(summary.text) }
        if verifyRestores, !jsonl {
            out.line(failed == 0 ? "all kept generations restored and verified" : "\(failed) generation(s) FAILED verification")
        }
        out.flush()
        if stats {
            let elapsed = clock.now - began
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)  // Glibc imports the enum; the call takes its raw value
            let line = String(format: "stats: %@ simulated in %.2f s wall, %d events, %.0f events/s, peak RSS %.1f MiB\n",
                              SimDuration.format(sim.now - sim.startTime) as NSString, seconds, sim.eventCount,
                              Double(sim.eventCount) / max(seconds, 1e-9), Double(usage.ru_maxrss) / 1_024)
            FileHandle.standardError.write(Data(line.utf8))
        }
        if failed > 0 { throw ExitCode(1) }
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
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

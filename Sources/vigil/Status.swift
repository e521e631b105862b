import ArgumentParser
import Foundation
import VigilArray
import VigilStore

/// `vigil status`: whether every objective is kept, as a monitoring check. It reads a stored array
/// (read-only, so it works while a console or a simulation writes it) or runs a scenario headless,
/// and exits with the monitoring-plugin codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report every volume's RPO lag and RTO exposure, open breaches and pending prompts, as a monitoring check.",
        discussion: """
        Reads the stored array in --state DIR (default $XDG_STATE_HOME/vigil/quickstart), or runs \
        --scenario FILE for --for DURATION headless. --format prometheus writes the text exposition \
        format for node_exporter's textfile collector.
        Exit codes (the Nagios/Icinga/Sensu plugin convention): 0 OK; 1 WARNING (an objective at \
        risk, or a prompt pending); 2 CRITICAL (an RPO or RTO breached); 3 UNKNOWN (missing or \
        damaged state, bad options, bad scenario).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, prometheus }

    @Option(help: "State directory of the array to read (default $XDG_STATE_HOME/vigil/quickstart).")
    var state: String?

    @Option(help: "Run this scenario headless instead of reading a state (needs --for).")
    var scenario: String?

    @Option(name: .customLong("for"), help: "With --scenario: simulated time to run first, e.g. 12h, 2d.")
    var duration: String?

    @Option(name: .customLong("approve-expansions"), help: "With --scenario: never (default) or auto.")
    var approveExpansions: ExpansionPolicy = .never

    @Option(help: "text (the plugin's status line, then one line per volume), json or prometheus.")
    var format: Format = .text

    /// Fails as the plugin convention wants: UNKNOWN, with the reason.
    func unknown(_ message: String) -> ExitCode {
        if format == .text { print("VIGIL UNKNOWN - \(message)") }
        FileHandle.standardError.write(Data("vigil status: \(message)\n".utf8))
        return ExitCode(ComplianceReport.Verdict.unknown.rawValue)
    }

    func run() throws {
        let sim: ArraySimulator
        if let scenario {
            guard state == nil else { throw unknown("give --state or --scenario, not both") }
            guard let d = duration else { throw unknown("--scenario needs --for DURATION (e.g. 12h)") }
            let seconds: Int64
            do { seconds = try RunLength.duration(d) } catch let p as RunLength.Problem { throw unknown(p.message) }
            do {
                sim = try ArraySimulator(scenario: ScenarioLoader.load(path: scenario))
            } catch let e as ScenarioError {
                throw unknown(e.description)
            } catch {
                throw unknown("\(scenario): \(error)")
            }
            sim.expansionPolicy = approveExpansions
            sim.start()
            sim.run(until: sim.now + seconds)
        } else {
            guard duration == nil else { throw unknown("--for runs a --scenario; a stored array is read as it is") }
            let directory = StoredArray.directory(state)
            do {
                sim = try StateStore(directory: directory, mode: .reader).load().0
            } catch let e as StateStoreError {
                throw unknown(e.description)
            } catch {
                throw unknown("\(directory): \(error)")
            }
        }
        let report = ComplianceReport(sim.snapshot())
        switch format {
        case .text: print(report.text, terminator: "")
        case .json: print(report.json.serialized)
        case .prometheus: print(report.prometheus, terminator: "")
        }
        if report.verdict != .ok { throw ExitCode(report.verdict.rawValue) }
    }
}

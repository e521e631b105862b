import ArgumentParser
import Foundation
import VigilArray
import VigilStore

/// The state directory options shared by the commands that persist.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state"), help: "State directory (default $XDG_STATE_HOME/vigil/<scenario name>).")
    var directory: String?

    @Flag(help: "Start over: erase the stored state first (asks for confirmation; --yes skips it).")
    var fresh = false

    @Flag(help: "Answer yes to the --fresh confirmation (for scripts).")
    var yes = false

    /// Opens the writer store, erasing it first when --fresh is confirmed. Without --fresh, a
    /// database that is not the one the directory's last-checkpoint names (emptied, deleted,
    /// replaced, rolled back) is refused (65) rather than started over.
    func openWriter(directory dir: String, crash: CrashInjector) throws -> StateStore {
        let store: StateStore
        do {
            store = try StateStore(directory: dir, mode: .writer, startingOver: fresh, crashPoint: { crash.hit($0) })
        } catch let e as StateStoreError {
            throw Failure.state(e.description)
        }
        // Fault injection for the tests: while the file VIGIL_FAIL_COMMIT_IF names exists, every
        // checkpoint fails inside its transaction as a full disk would (and is rolled back).
        if let path = ProcessInfo.processInfo.environment["VIGIL_FAIL_COMMIT_IF"], !path.isEmpty {
            store.faultPoint = {
                if FileManager.default.fileExists(atPath: path) {
                    throw StateStoreError("database or disk is full (injected: \(path) exists)")
                }
            }
        }
        guard fresh else { return store }
        do {
            if try store.hasState() {
                let records = try store.recordCount()
                if !yes {
                    guard isatty(0) == 1 else {
                        throw Failure.usage("--fresh would erase the state in \(dir) (\(records) records); add --yes to confirm without a terminal")
                    }
                    FileHandle.standardError.write(Data("Erase the Vigil state in \(dir) (\(records) backup records)? [y/N] ".utf8))
                    guard let answer = readLine(), answer.lowercased().hasPrefix("y") else {
                        throw Failure.usage("--fresh not confirmed; nothing was erased")
                    }
                }
            }
            // Also when nothing is stored: erasing binds the directory to the new state.
            try store.erase()
        } catch let e as StateStoreError {
            throw Failure.state(e.description)
        }
        return store
    }
}

/// How a command fails, with the exit code the conventions give it.
enum Failure: Error {
    case usage(String)       // 64
    case noInput(String)     // 66: a file named on the command line or in a scenario is not there
    case scenario(String)    // 65
    case state(String)       // 65 data, 75 when in use
    case verification(String) // 1

    var code: Int32 {
        switch self {
        case .usage: 64
        case .noInput: 66
        case .scenario: 65
        case .state(let m): m.contains("in use by another Vigil writer") ? 75 : 65
        case .verification: 1
        }
    }
    var message: String {
        switch self {
        case .usage(let m), .noInput(let m), .scenario(let m), .state(let m), .verification(let m): m
        }
    }

    /// A scenario error as a failure: 66 when a file is missing, 65 when one is wrong.
    init(_ e: ScenarioError) {
        self = e.missingFile ? .noInput(e.description) : .scenario(e.description)
    }

    /// Prints the message and turns it into the exit code.
    func exit() -> ExitCode {
        FileHandle.standardError.write(Data("vigil: \(message)\n".utf8))
        return ExitCode(code)
    }
}

/// A stored array opened by a command-line tool (catalog, verify, file-groups): the default state
/// directory, and the one way a tool changes it — writer lock, load, command, checkpoint.
enum StoredArray {
    /// Where tools look when `--state` is not given: the default array's directory.
    static func directory(_ given: String?) -> String {
        given ?? StateStore.defaultDirectory(scenario: "quickstart", environment: ProcessInfo.processInfo.environment)
    }

    /// Opens the writer, loads the array, applies the command `build` makes from it, and
    /// checkpoints; with `until`, first runs the array's clock until it says the work is done.
    /// A refusal says why, changes nothing and exits 1. Returns the events the array reported.
    static func apply(directory: String, _ build: (ArraySimulator) throws -> ArrayCommand,
                      until done: ((ArraySimulator) -> Bool)? = nil) throws -> (ArraySimulator, [ArrayEvent]) {
        let crash = CrashInjector(environment: ProcessInfo.processInfo.environment)
        let store: StateStore
        let sim: ArraySimulator
        do {
            store = try StateStore(directory: directory, mode: .writer, crashPoint: { crash.hit($0) })
            sim = try store.load().0
        } catch let e as StateStoreError {
            throw Failure.state(e.description).exit()
        }
        let command = try build(sim)
        var events: [ArrayEvent] = []
        sim.onEvent = { events.append($0) }
        if case .failure(let e) = sim.apply(command) {
            throw Failure.verification("refused: \(e.message)").exit()
        }
        if let done {
            let limit = sim.now + 30 * 86_400
            while !done(sim), sim.now < limit { sim.run(until: sim.now + sim.tick) }
        }
        do { try store.checkpoint(sim) } catch { throw Failure.state("checkpoint failed: \(error)").exit() }
        return (sim, events)
    }
}

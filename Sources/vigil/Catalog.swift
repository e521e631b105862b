import ArgumentParser
import Foundation
import VigilArray
import VigilStore

/// `vigil catalog`: the management information the array keeps for each backup.
struct Catalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the management information (backup records) of a stored array.",
        subcommands: [List.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the backup records: id, volume, group, generation, method, state, times, sizes.",
            discussion: "Reads the state read-only: it works while a console or a simulation is writing it."
        )

        enum Format: String, ExpressibleByArgument { case text, json }

        @Option(help: "State directory (default $XDG_STATE_HOME/vigil/quickstart).")
        var state: String?
        @Option(help: "Only this volume's records.")
        var volume: String?
        @Option(help: "Only this group's records.")
        var group: String?
        @Option(help: "text or json.")
        var format: Format = .text

        func run() throws {
            let dir = state ?? StateStore.defaultDirectory(scenario: "quickstart", environment: ProcessInfo.processInfo.environment)
            let records: [BackupRecord]
            do {
                records = try StateStore(directory: dir, mode: .reader).records(volume: volume, group: group)
            } catch let e as StateStoreError {
                throw Failure.state(e.description).exit()
            }
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                FileHandle.standardOutput.write(try encoder.encode(records))
                print()
            case .text:
                var rows = [["id", "volume", "group", "gen", "method", "copy function", "state", "triggered", "completed", "bytes", "area", "tier"]]
                for r in records {
                    rows.append([String(r.id), r.volume, r.group, String(r.generation), r.method, r.copyFunction, r.state,
                                 r.triggeredAt, r.completedAt ?? "-", ByteSize.format(r.bytes), String(r.area), r.tier])
                }
                var widths = [Int](repeating: 0, count: rows[0].count)
                for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
                for row in rows {
                    print(row.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                        .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
                }
                print("\(records.count) record(s) in \(dir)")
            }
        }
    }
}

/// `vigil verify`: checks a stored array end to end.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a stored array: database integrity, foreign keys, checksums, records against areas, and that every kept generation restores to its digest.",
        discussion: "Exit codes: 0 sound; 1 problems found (listed); 65 the state cannot be opened."
    )

    @Option(help: "State directory (default $XDG_STATE_HOME/vigil/quickstart).")
    var state: String?

    func run() throws {
        let dir = state ?? StateStore.defaultDirectory(scenario: "quickstart", environment: ProcessInfo.processInfo.environment)
        let store: StateStore
        do { store = try StateStore(directory: dir, mode: .reader) } catch let e as StateStoreError {
            throw Failure.state(e.description).exit()
        }
        let (problems, verified) = store.verify()
        let records = (try? store.records().count) ?? 0
        if problems.isEmpty {
            print("\(dir): sound — \(records) record(s), \(verified) kept generation(s) restored and verified")
            return
        }
        for p in problems { print("problem: \(p)") }
        print("\(dir): \(problems.count) problem(s) found")
        throw ExitCode(1)
    }
}

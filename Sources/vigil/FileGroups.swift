import ArgumentParser
import Foundation
import VigilArray
import VigilStore

/// `vigil file-groups load`: a backup server sends a file list and its groups' objectives to a
/// stored array (the third embodiment); each file group starts with an initial full of its files.
struct FileGroups: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file-groups",
        abstract: "Load a file list (CSV group,file,lun,lba,blocks) and its file groups' objectives into a stored array.",
        subcommands: [Load.self]
    )

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the file groups a TOML file defines ([file_list] path = \"x.csv\" and [[file_groups]], as in a scenario)."
        )
        @Option(help: "State directory (default $XDG_STATE_HOME/vigil/quickstart).")
        var state: String?
        @Argument(help: "The TOML file with [file_list] and [[file_groups]].")
        var file: String

        func run() throws {
            let dir = state ?? StateStore.defaultDirectory(scenario: "quickstart", environment: ProcessInfo.processInfo.environment)
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw Failure.usage("\(file) cannot be read").exit()
            }
            let store: StateStore
            let sim: ArraySimulator
            do {
                store = try StateStore(directory: dir, mode: .writer)
                sim = try store.load().0
            } catch let e as StateStoreError {
                throw Failure.state(e.description).exit()
            }
            let parsed: (entries: [FileEntry], groups: [Scenario.GroupSpec], source: String)
            do {
                parsed = try ScenarioLoader.parseFileGroups(text, file: file, tiers: sim.pool.tiers.map(\.name), remotes: sim.remotes.map(\.id))
            } catch let e as ScenarioError {
                throw Failure.scenario(e.description).exit()
            }
            var events: [ArrayEvent] = []
            sim.onEvent = { events.append($0) }
            if case .failure(let e) = sim.apply(.loadFileList(entries: parsed.entries, groups: parsed.groups, source: parsed.source)) {
                throw Failure.verification("refused: \(e.message)").exit()
            }
            do { try store.checkpoint(sim) } catch { throw Failure.state("checkpoint failed: \(error)").exit() }
            for g in parsed.groups {
                let v = sim.volumes.first { $0.name == "fg:\(g.name)" }!
                print("file group \(g.name): \(parsed.entries.filter { $0.group == g.name }.count) file(s), \(ByteSize.format(v.capacity)) of extents as fg:\(g.name)")
            }
            for e in events where e.name == "backup.started" { print(e.textLine) }
        }
    }
}

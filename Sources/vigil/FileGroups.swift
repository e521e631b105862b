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
            guard let data = FileManager.default.contents(atPath: file) else {
                throw Failure.noInput("\(file) cannot be read (does it exist?)").exit()
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw Failure.scenario("\(file) is not UTF-8 text").exit()
            }
            var parsed: (entries: [FileEntry], groups: [Scenario.GroupSpec], source: String)?
            // Tier and remote names are checked against the stored array, so the list is parsed
            // once it is loaded.
            let (sim, events) = try StoredArray.apply(directory: StoredArray.directory(state)) { sim in
                do {
                    let p = try ScenarioLoader.parseFileGroups(text, file: file, tiers: sim.pool.tiers.map(\.name), remotes: sim.remotes.map(\.id),
                                                               volumes: sim.volumes.filter { !$0.isFileGroup }.map { ($0.name, $0.lun, $0.capacity) })
                    parsed = p
                    return .loadFileList(entries: p.entries, groups: p.groups, source: p.source)
                } catch let e as ScenarioError {
                    throw Failure(e).exit()
                }
            }
            guard let parsed else { return }
            for g in parsed.groups {
                let v = sim.volumes.first { $0.name == "fg:\(g.name)" }!
                print("file group \(g.name): \(parsed.entries.filter { $0.group == g.name }.count) file(s), \(ByteSize.format(v.capacity)) of extents as fg:\(g.name)")
            }
            for e in events where e.name == "backup.started" { print(e.textLine) }
        }
    }
}

import ArgumentParser
import Foundation
import VigilArray
import VigilStore

/// `vigil catalog`: the management information the array keeps for each backup (the claims
/// document): read it, list candidate destinations, delete a record, copy a generation to a third
/// volume, and take a host-initiated backup naming both regions.
struct Catalog: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read and act on the management information (backup records) of a stored array.",
        discussion: """
        Reading (list, show, destinations) opens the state read-only and works while a console or a \
        simulation writes it; delete, copy and backup need the state's writer lock. A refused command \
        says why, changes nothing and exits 1.
        """,
        subcommands: [List.self, Show.self, Destinations.self, Delete.self, Copy.self, Backup.self]
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    struct Location: ParsableArguments {
        @Option(help: "State directory (default $XDG_STATE_HOME/vigil/quickstart).")
        var state: String?
        @Option(help: "text or json.")
        var format: Format = .text

        var directory: String { StoredArray.directory(state) }

        func reader() throws -> StateStore {
            do { return try StateStore(directory: directory, mode: .reader) } catch let e as StateStoreError {
                throw Failure.state(e.description).exit()
            }
        }

        /// The generation and copy records, read as one snapshot (a writer may be committing);
        /// damage exits 65 like a state that cannot be opened.
        func catalog(volume: String? = nil, group: String? = nil) throws -> (records: [BackupRecord], copies: [CopyRecordRow]) {
            let store = try reader()
            do { return try store.catalog(volume: volume, group: group) } catch let e as StateStoreError {
                throw Failure.state(e.description).exit()
            }
        }

        /// Applies `command` to the stored array (see `StoredArray.apply`); with `wait`, runs the
        /// array's clock until `done` says the command's work is complete.
        func apply(_ command: ArrayCommand, wait: Bool = false, done: ((ArraySimulator) -> Bool)? = nil) throws -> [ArrayEvent] {
            try StoredArray.apply(directory: directory, { _ in command }, until: wait ? done : nil).1
        }

        func printEvents(_ events: [ArrayEvent], only names: Set<String>) {
            for e in events where names.contains(e.name) { print(format == .json ? e.jsonLine : e.textLine) }
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func table(_ rows: [[String]]) {
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        for row in rows {
            print(row.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the records: generations (id, volume, group, generation, method, state, times, sizes) and copies."
        )
        @OptionGroup var location: Location
        @Option(help: "Only the records of this volume (copies: of the volume holding the copy).")
        var volume: String?
        @Option(help: "Only this group's records.")
        var group: String?

        func run() throws {
            let catalog = try location.catalog(volume: volume, group: group)
            let records = catalog.records
            let copies = group != nil ? [] : catalog.copies.filter { volume == nil || $0.volume == volume }
            switch location.format {
            case .json:
                // One array: generation records, then copy records, each with its "kind".
                let encoded = try records.map { try JSONSerialization.jsonObject(with: JSONEncoder().encode($0)) }
                    + copies.map { try JSONSerialization.jsonObject(with: JSONEncoder().encode($0)) }
                let data = try JSONSerialization.data(withJSONObject: encoded, options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            case .text:
                var rows = [["id", "volume", "group", "gen", "method", "copy function", "state", "triggered", "completed", "bytes", "area", "tier"]]
                for r in records {
                    rows.append([String(r.id), r.volume, r.group, String(r.generation), r.method, r.copyFunction, r.state,
                                 r.triggeredAt, r.completedAt ?? "-", ByteSize.format(r.bytes), String(r.area), r.tier])
                }
                Catalog.table(rows)
                if !copies.isEmpty {
                    print("")
                    var crow = [["id", "kind", "array", "on volume", "from", "source record", "state", "started", "completed", "bytes"]]
                    for c in copies {
                        crow.append([String(c.id), c.kind, c.array ?? "this", c.volume, c.sourceVolume + (c.generation.map { " gen \($0)" } ?? ""),
                                     c.sourceRecord.map(String.init) ?? "-", c.state, c.startedAt, c.completedAt ?? "-",
                                     ByteSize.format(c.bytes)])
                    }
                    Catalog.table(crow)
                }
                print("\(records.count) record(s), \(copies.count) copy record(s) in \(location.directory)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one record with everything the array keeps about it.")
        @OptionGroup var location: Location
        @Argument(help: "Record ID (from `vigil catalog list`).")
        var id: Int

        func run() throws {
            let catalog = try location.catalog()
            if let r = catalog.records.first(where: { $0.id == id }) {
                let chain = catalog.records.filter { $0.volume == r.volume }
                var parents: [Int] = []
                var cursor = r.parent
                while let p = cursor, let pr = chain.first(where: { $0.generation == p }) {
                    parents.insert(pr.generation, at: 0)
                    cursor = pr.parent
                }
                if location.format == .json { print(try Catalog.json(r)); return }
                for (k, v) in [("record", String(r.id)), ("source", "\(r.volume) (group \(r.group))"), ("generation", String(r.generation)),
                               ("method", r.method), ("copy function", r.copyFunction), ("trigger", r.trigger), ("state", r.state),
                               ("destination", "pool area \(r.area) on tier \(r.tier)"), ("bytes", "\(r.bytes) (\(ByteSize.format(r.bytes)))"),
                               ("triggered", r.triggeredAt), ("completed", r.completedAt ?? "-"), ("digest", r.digest),
                               ("restores from", parents.isEmpty ? "itself (a full)" : "generation " + (parents + [r.generation]).map(String.init).joined(separator: " + "))] {
                    print(k.padding(toLength: 14, withPad: " ", startingAt: 0) + v)
                }
                return
            }
            if let c = catalog.copies.first(where: { $0.id == id }) {
                if location.format == .json { print(try Catalog.json(c)); return }
                for (k, v) in [("record", String(c.id)), ("kind", c.kind), ("on volume", c.volume),
                               ("from", c.sourceVolume + (c.generation.map { " generation \($0)" } ?? "")),
                               ("source record", c.sourceRecord.map(String.init) ?? "-"), ("method", c.method), ("state", c.state),
                               ("started", c.startedAt), ("completed", c.completedAt ?? "-"), ("bytes", ByteSize.format(c.bytes)),
                               ("digest", c.digest)] {
                    print(k.padding(toLength: 14, withPad: " ", startingAt: 0) + v)
                }
                return
            }
            throw Failure.verification("refused: no record \(id) in \(location.directory)").exit()
        }
    }

    struct Destinations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Candidate backup destinations for a source volume, ranked by the restore time each gives against its RTO, then free space."
        )
        @OptionGroup var location: Location
        @Argument(help: "The source volume.")
        var source: String

        func run() throws {
            let sim: ArraySimulator
            do { sim = try location.reader().load().0 } catch let e as StateStoreError { throw Failure.state(e.description).exit() }
            switch sim.destinations(for: source) {
            case .failure(let e): throw Failure.verification("refused: \(e.message)").exit()
            case .success(let list):
                if location.format == .json { print(try Catalog.json(list)); return }
                var rows = [["destination", "kind", "free", "restore", "vs RTO", "note"]]
                for d in list {
                    let verdict = d.unusable != nil ? "-" : d.rto.map { d.restoreSeconds <= Double($0) ? "fits \(SimDuration.format($0))" : "over \(SimDuration.format($0))" } ?? "no RTO"
                    rows.append([d.name, d.kind.rawValue, ByteSize.format(d.freeBytes), SimDuration.formatEstimate(d.restoreSeconds),
                                 verdict, d.unusable ?? ""])
                }
                Catalog.table(rows)
            }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a record and release what it holds; refused while a kept generation depends on it."
        )
        @OptionGroup var location: Location
        @Argument(help: "Record ID.")
        var id: Int

        func run() throws {
            let events = try location.apply(.deleteRecord(id: id))
            location.printEvents(events, only: ["catalog.deleted", "generation.invalidated"])
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a kept generation to a third volume of the array; its record is carried along and associated with the copy."
        )
        @OptionGroup var location: Location
        @Argument(help: "Record ID of a complete generation.")
        var id: Int
        @Option(name: .customLong("to"), help: "A volume of this array to copy it to (at least as large as the source).")
        var target: String?
        @Option(name: .customLong("to-array"), help: "A remote array to copy it to; its volume manager creates an LU of the size needed and the record is kept in its own management region.")
        var array: String?
        @Option(help: "With --to-array: the name the copy goes by there.")
        var volume: String?
        @Flag(help: "Run the array's clock until the copy is complete (and verified).")
        var wait = false

        func validate() throws {
            guard (target == nil) != (array == nil) else { throw ValidationError("give --to VOLUME or --to-array ARRAY") }
            if volume != nil, array == nil { throw ValidationError("--volume names the copy on a remote array; it needs --to-array") }
        }

        func run() throws {
            let command: ArrayCommand = array.map { .copyToArray(id: id, array: $0, volume: volume) } ?? .copyRecord(id: id, toVolume: target!)
            let events = try location.apply(command, wait: wait) { sim in
                !sim.copies.contains { $0.state == .copying } && !sim.remotes.contains { $0.records.contains { $0.state == .copying } }
            }
            location.printEvents(events, only: ["catalog.copy_started", "catalog.copied", "restore.verified"])
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The host-initiated backup naming both regions: copy SOURCE to DEST by mirror (duplicate, then split) or snapshot."
        )
        enum Method: String, ExpressibleByArgument { case mirror, snapshot }
        @OptionGroup var location: Location
        @Argument(help: "The source volume.")
        var source: String
        @Option(name: .customLong("to"), help: "The destination volume.")
        var destination: String
        @Option(help: "mirror or snapshot.")
        var method: Method
        @Flag(help: "Run the array's clock until the copy is complete.")
        var wait = false

        func run() throws {
            let kind: CopyRecord.Kind = method == .mirror ? .mirror : .snapshot
            let events = try location.apply(.hostBackup(source: source, destination: destination, method: kind), wait: wait) { sim in
                !sim.copies.contains { $0.state == .copying }
            }
            location.printEvents(events, only: ["catalog.copy_started", "catalog.copied"])
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
        let dir = StoredArray.directory(state)
        let store: StateStore
        do { store = try StateStore(directory: dir, mode: .reader) } catch let e as StateStoreError {
            throw Failure.state(e.description).exit()
        }
        let result = store.verification()
        let (problems, verified, records) = (result.problems, result.generationsVerified, result.records)
        if problems.isEmpty {
            print("\(dir): sound — \(records) record(s), \(verified) kept generation(s) restored and verified")
            return
        }
        for p in problems { print("problem: \(p)") }
        print("\(dir): \(problems.count) problem(s) found")
        throw ExitCode(1)
    }
}

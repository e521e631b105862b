import Foundation
import GRDB
import VigilArray

extension StateStore {
    /// Checks the state directory end to end and returns every problem found (empty when sound):
    /// SQLite's own integrity and foreign-key checks, every blob's checksum, that every record's
    /// area exists and no area is orphaned, that records and the simulator's state agree, and that
    /// every kept generation rebuilds from its stored data to the digest recorded when it was taken.
    public func verify() -> (problems: [String], generationsVerified: Int) {
        let v = verification()
        return (v.problems, v.generationsVerified)
    }

    /// What `verify()` found, and how many records the state holds.
    public struct Verification: Sendable {
        public var problems: [String]
        public var generationsVerified: Int
        public var records: Int
    }

    /// `verify()`, with the number of records, all read in one read transaction (a writer
    /// committing meanwhile is not seen half-way); what is checked afterwards is the array rebuilt
    /// in memory.
    public func verification() -> Verification {
        var problems: [String] = []
        var records = 0
        let sim: ArraySimulator
        // The guard's file is read before the snapshot (see readLastCheckpoint).
        let lastCheckpoint = readLastCheckpoint()
        do {
            let loaded: (ArraySimulator?, [String]) = try db.read { db in
                var found: [String] = []
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                if integrity != ["ok"] { found += integrity.prefix(10).map { "integrity: \($0)" } }
                for r in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                    found.append("foreign key: table \(r.describe(0)) row \(r.describe(1)) refers to a missing \(r.describe(2))")
                }
                let sim: ArraySimulator
                do {
                    try checkIdentity(db, lastCheckpoint)
                    sim = try load(db, checkCatalog: false)
                } catch {
                    return (nil, found + ["\(error)"])
                }
                do { records = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM backup_record") ?? 0 } catch {}
                return (sim, found + (try catalogProblems(db, sim)))
            }
            problems = loaded.1
            guard let loadedSim = loaded.0 else { return Verification(problems: problems, generationsVerified: 0, records: records) }
            sim = loadedSim
        } catch {
            return Verification(problems: problems + ["the database cannot be read: \(error)"], generationsVerified: 0, records: records)
        }
        for c in sim.copies where c.state == .complete && !sim.verifyCopy(c.id) {
            problems.append("copy record \(c.id) (\(c.kind.rawValue) of \(c.sourceVolume) on \(c.destinationVolume)) does not match its digest")
        }
        for r in sim.remotes {
            for c in r.records where c.state == .complete && !sim.verifyRemoteCopy(c.id) {
                problems.append("copy record \(c.id) on \(r.id) does not match its digest")
            }
        }
        let checks = sim.checkKeptGenerations()
        for c in checks where !c.ok {
            problems.append("\(c.volume) generation \(c.generation) does not restore to its recorded digest")
        }
        return Verification(problems: problems, generationsVerified: checks.filter(\.ok).count, records: records)
    }
}

extension Row {
    /// A PRAGMA's column as text, whatever it holds.
    func describe(_ index: Int) -> String {
        index < count ? Row.describe(self[index] as DatabaseValue).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : "?"
    }
}

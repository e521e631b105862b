import Foundation
import GRDB
import VigilArray

extension StateStore {
    /// Checks the state directory end to end and returns every problem found (empty when sound):
    /// SQLite's own integrity and foreign-key checks, every blob's checksum, that every record's
    /// area exists and no area is orphaned, that records and the simulator's state agree, and that
    /// every kept generation rebuilds from its stored data to the digest recorded when it was taken.
    public func verify() -> (problems: [String], generationsVerified: Int) {
        var problems: [String] = []
        let sim: ArraySimulator
        do {
            // One read transaction: a writer committing meanwhile is not seen half-way.
            let loaded: (ArraySimulator?, [String]) = try db.read { db in
                var found: [String] = []
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                if integrity != ["ok"] { found += integrity.prefix(10).map { "integrity: \($0)" } }
                for r in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                    found.append("foreign key: table \(r[0] as String? ?? "?") row \(r[1] as Int64? ?? -1) refers to a missing \(r[2] as String? ?? "?")")
                }
                let sim: ArraySimulator
                do { sim = try load(db, checkCatalog: false) } catch {
                    return (nil, found + ["\(error)"])
                }
                return (sim, found + (try catalogProblems(db, sim)))
            }
            problems = loaded.1
            guard let loadedSim = loaded.0 else { return (problems, 0) }
            sim = loadedSim
        } catch {
            return (problems + ["the database cannot be read: \(error)"], 0)
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
        return (problems, checks.filter(\.ok).count)
    }
}

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
        do {
            try db.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                if integrity != ["ok"] { problems += integrity.prefix(10).map { "integrity: \($0)" } }
                for r in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                    problems.append("foreign key: table \(r[0] as String? ?? "?") row \(r[1] as Int64? ?? -1) refers to a missing \(r[2] as String? ?? "?")")
                }
            }
        } catch {
            return (["the database cannot be read: \(error)"], 0)
        }
        let sim: ArraySimulator
        do { sim = try load().0 } catch {
            problems.append("\(error)")
            return (problems, 0)
        }
        do {
            let records = try records()
            let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let gens = sim.allGenerations
            for (v, g) in gens {
                guard let r = byID[g.recordID] else {
                    problems.append("\(sim.volumes[v].name) generation \(g.number): no record \(g.recordID) in the catalog")
                    continue
                }
                if r.state != g.state.rawValue || r.generation != g.number || r.area != g.area || r.method != g.method.rawValue {
                    problems.append("record \(r.id) (\(r.volume) generation \(r.generation)) disagrees with the array's state")
                }
            }
            let kept = Set(gens.map(\.generation.recordID))
            for r in records where !kept.contains(r.id) {
                problems.append("record \(r.id) (\(r.volume) generation \(r.generation)) is not kept by the array")
            }
            let areas: [(Int, String)] = try db.read { try Row.fetchAll($0, sql: "SELECT lun, purpose FROM pool_area").map { ($0["lun"], $0["purpose"]) } }
            let referenced = Set(records.map(\.area)).union(sim.remotes.flatMap { $0.records.compactMap(\.area) })
            let mirrors = sim.mirrorAreas
            for (lun, purpose) in areas where !referenced.contains(lun) && !mirrors.contains(lun) {
                problems.append("pool area \(lun) (\(purpose)) is orphaned: no record or mirror owns it")
            }
            let stored = Set(areas.map(\.0))
            for lun in Set(sim.allAreas.keys).subtracting(stored) {
                problems.append("pool area \(lun) is allocated in the array's state but missing from the catalog")
            }
        } catch {
            problems.append("the catalog cannot be read: \(error)")
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

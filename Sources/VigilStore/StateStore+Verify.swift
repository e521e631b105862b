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

    /// `verify()`, with the number of records. Everything is read in one read transaction, so a
    /// writer committing meanwhile is not mistaken for damage (an area stored by a checkpoint
    /// after the records were read looked orphaned); what is checked afterwards is the array
    /// rebuilt in memory.
    public func verification() -> Verification {
        var problems: [String] = []
        // The guard's file is read before the snapshot (see readLastCheckpoint).
        let lastCheckpoint = readLastCheckpoint()
        let read: (sim: ArraySimulator, catalog: (records: [BackupRecord], areas: [(Int, String)])?)?
        do {
            read = try db.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                if integrity != ["ok"] { problems += integrity.prefix(10).map { "integrity: \($0)" } }
                for r in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                    problems.append("foreign key: table \(r.describe(0)) row \(r.describe(1)) refers to a missing \(r.describe(2))")
                }
                let sim: ArraySimulator
                do {
                    try checkIdentity(db, lastCheckpoint)
                    sim = try load(in: db).0
                } catch {
                    problems.append("\(error)")
                    return nil
                }
                do {
                    let records = try records(in: db)
                    let areas: [(Int, String)] = try Row.fetchAll(db, sql: "SELECT lun, purpose FROM pool_area").map {
                        (try $0.required("lun", table: "pool_area"), try $0.required("purpose", table: "pool_area", key: "lun"))
                    }
                    return (sim, (records, areas))
                } catch {
                    problems.append("the catalog cannot be read: \(error)")
                    return (sim, nil)
                }
            }
        } catch {
            return Verification(problems: problems + ["the database cannot be read: \(error)"], generationsVerified: 0, records: 0)
        }
        guard let sim = read?.sim else { return Verification(problems: problems, generationsVerified: 0, records: 0) }
        if let (records, areas) = read?.catalog {
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
            let referenced = Set(records.map(\.area)).union(sim.remotes.flatMap { $0.records.compactMap(\.area) })
            let mirrors = sim.mirrorAreas
            for (lun, purpose) in areas where !referenced.contains(lun) && !mirrors.contains(lun) {
                problems.append("pool area \(lun) (\(purpose)) is orphaned: no record or mirror owns it")
            }
            let stored = Set(areas.map(\.0))
            for lun in Set(sim.allAreas.keys).subtracting(stored) {
                problems.append("pool area \(lun) is allocated in the array's state but missing from the catalog")
            }
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
        return Verification(problems: problems, generationsVerified: checks.filter(\.ok).count, records: read?.catalog?.records.count ?? 0)
    }
}

extension Row {
    /// A PRAGMA's column as text, whatever it holds.
    func describe(_ index: Int) -> String {
        index < count ? Row.describe(self[index] as DatabaseValue).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : "?"
    }
}

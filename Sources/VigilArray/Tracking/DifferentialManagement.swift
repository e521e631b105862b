/// The differential management program (112 in the specification, Fig. 4): it "checks whether the
/// original volumes for backup are updated or not". It owns the change tables of every volume — one
/// `ChangeTracker` per volume, file groups included (the third embodiment: "a differential management
/// table 1121 for each file group") — and where each file group's extents lie on the real volumes.
///
/// It sees every host write: a write to a real volume marks that volume's tables and those of every
/// file group whose extents it touches. It decides nothing and emits nothing; the backup control
/// program reads its counts (Fig. 6 step 601, Fig. 7 step 702), opens new tables when it takes a
/// backup, and acts on what the methods here return.
///
/// The hosts that write (the workload generators) are not part of it: the specification's program
/// only observes updates, and the generators' randomness belongs to the simulated hosts.
///
/// Volumes are addressed by their index in the array; a file group's virtual volume has its own
/// index after the real volumes. The stored form is `SimulatorState.trackers` and
/// `SimulatorState.fileGroupMappings`, unchanged, with the content kept apart by the store.
struct DifferentialManagement: Sendable, Codable, Equatable {
    /// Per volume (file groups included), its content and open change tables.
    private(set) var trackers: [ChangeTracker]
    /// Per volume, the file groups' extents on it, in the order they were added; empty for a volume
    /// no file lies on and for a file group itself.
    private(set) var fileGroupMappings: [[ExtentMapping]]

    /// Fresh tables for volumes of the given sizes, opened at `time` (the array's start).
    init(volumes: [(granules: Int, granule: Int64)], at time: SimTime) {
        trackers = volumes.map { ChangeTracker(granules: $0.granules, granule: $0.granule, at: time) }
        fileGroupMappings = Array(repeating: [], count: volumes.count)
    }

    /// Takes over stored tables and mappings, with each volume's content the store kept apart.
    /// The content was just read from the store, so none of it is waiting to be written back.
    init(restoring trackers: [ChangeTracker], live: [ContentMap], fileGroupMappings: [[ExtentMapping]]) {
        self.trackers = trackers
        self.fileGroupMappings = fileGroupMappings
        for v in self.trackers.indices {
            self.trackers[v].restoreContent(live[v])
            _ = self.trackers[v].takeDirtySegments()
        }
    }

    // MARK: Host writes

    /// A host write to a real volume over granules `[start, end)`: marks the volume's tables and
    /// those of the file groups over those granules.
    mutating func write(volume v: Int, start: Int, end: Int) {
        trackers[v].write(start: start, end: end)
        propagate(volume: v, start: start, end: end)
    }

    /// A tick's host writes to a real volume, in order. The volume takes them all before its file
    /// groups do: each table counts only its own writes, so the order across tables does not matter.
    mutating func write(volume v: Int, extents: [(Int, Int)]) {
        for (s, e) in extents { trackers[v].write(start: s, end: e) }
        if !fileGroupMappings[v].isEmpty { for (s, e) in extents { propagate(volume: v, start: s, end: e) } }
    }

    /// The part of a real volume's write that lands in file groups' extents, as writes to them in
    /// their own (virtual) granules.
    private mutating func propagate(volume v: Int, start: Int, end: Int) {
        for m in fileGroupMappings[v] where start < m.end && end > m.start {
            let a = max(start, m.start), b = min(end, m.end)
            trackers[m.fileGroup].write(start: m.virtualStart + (a - m.start), end: m.virtualStart + (b - m.start))
        }
    }

    // MARK: Counts and tables (Figs. 6 and 7)

    /// A backup of the volume was triggered now: new tables start here (Fig. 7 step 702), so writes
    /// from now on belong to the next generation. A full also restarts the table since the last full.
    mutating func openTables(volume v: Int, at time: SimTime, full: Bool) {
        trackers[v].openTables(at: time, full: full)
    }

    /// What a restore of the volume's current chain copies on top of its full, kept with the tables
    /// so that it is as cheap to read as the other counts. The backup control program computes it
    /// from the generations, which it owns.
    mutating func setChainBytes(_ bytes: Int64, volume v: Int) {
        trackers[v].chainBytes = bytes
    }

    /// The volume's content was replaced (a restore or a copy onto it): its tables restart from the
    /// new image.
    mutating func replaceContent(volume v: Int, with map: ContentMap, at time: SimTime) {
        trackers[v].replaceContent(with: map, at: time)
    }

    /// The live content's segments written since the store last took them.
    mutating func takeDirtySegments(volume v: Int) -> [Int] { trackers[v].takeDirtySegments() }
    mutating func takeContentJournal(volume v: Int) -> (writes: [ContentRun], replaced: Bool) {
        trackers[v].startContentJournal()
        return trackers[v].takeContentJournal()
    }

    // MARK: File groups (the third embodiment)

    /// Adds a file group's virtual volume made of the given extents of real volumes (in granules,
    /// in any order, possibly overlapping), with its tables opened at `time` after it took what the
    /// files hold already. Its index is the next volume index. Returns its size in granules and the
    /// real volumes it lies on, lowest index first.
    mutating func addFileGroup(extents raw: [(volume: Int, start: Int, end: Int)], granule: Int64,
                               at time: SimTime) -> (granules: Int, volumes: [Int]) {
        // Overlapping or touching extents are merged per volume, in order, so that a granule
        // written once is one write in the file group too.
        let sorted = raw.sorted { ($0.volume, $0.start) < ($1.volume, $1.start) }
        var merged: [(volume: Int, start: Int, end: Int)] = []
        for x in sorted {
            if let last = merged.last, last.volume == x.volume, x.start <= last.end {
                merged[merged.count - 1].end = max(last.end, x.end)
            } else {
                merged.append(x)
            }
        }
        let index = trackers.count
        var virtualStart = 0
        for m in merged {
            fileGroupMappings[m.volume].append(ExtentMapping(fileGroup: index, start: m.start, end: m.end, virtualStart: virtualStart))
            virtualStart += m.end - m.start
        }
        fileGroupMappings.append([])
        trackers.append(ChangeTracker(granules: virtualStart, granule: granule, at: time))
        // What the files hold already.
        let under = Set(merged.map(\.volume)).sorted()
        for v in under { project(volume: v, into: [index]) }
        trackers[index].openTables(at: time, full: true)
        return (virtualStart, under)
    }

    /// Copies what a real volume holds in the extents of the given file groups into them, as fresh
    /// writes in each file group's own token space.
    private mutating func project(volume v: Int, into fileGroups: Set<Int>) {
        let runs = trackers[v].content.allRuns
        for m in fileGroupMappings[v] where fileGroups.contains(m.fileGroup) {
            for run in runs where run.start < m.end && run.end > m.start {
                trackers[m.fileGroup].write(start: m.virtualStart + (max(run.start, m.start) - m.start),
                                            end: m.virtualStart + (min(run.end, m.end) - m.start))
            }
        }
    }

    /// After a real volume's content was replaced, the file groups on it take the new content of
    /// their extents. Returns those file groups, lowest index first: their chains no longer describe
    /// them, and the backup control program decides what follows (a full).
    mutating func resyncFileGroups(onVolume t: Int) -> [Int] {
        guard fileGroupMappings.indices.contains(t) else { return [] }
        let affected = Set(fileGroupMappings[t].map(\.fileGroup))
        project(volume: t, into: affected)
        return affected.sorted()
    }

    /// A file group restored in place writes its files' extents back to the volumes holding them, as
    /// new writes there, and so to the other file groups over the same granules.
    mutating func writeBack(fileGroup fg: Int) {
        for v in fileGroupMappings.indices {
            for m in fileGroupMappings[v] where m.fileGroup == fg {
                trackers[v].write(start: m.start, end: m.end)
                for other in fileGroupMappings[v] where other.fileGroup != fg && other.start < m.end && other.end > m.start {
                    let a = max(m.start, other.start), b = min(m.end, other.end)
                    trackers[other.fileGroup].write(start: other.virtualStart + (a - other.start), end: other.virtualStart + (b - other.start))
                }
            }
        }
    }
}

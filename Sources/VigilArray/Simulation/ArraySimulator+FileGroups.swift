/// File groups (the third embodiment): each is a virtual volume made of its files' extents. A
/// write to a real volume is also a write to every file group whose extents it touches, so a file
/// group's change table counts only writes that land in its files.
extension ArraySimulator {
    /// Adds file groups from a file list and their objectives — from the scenario, or at run time
    /// (the backup server sending a new list). Returns the problem, changing nothing, when the list
    /// names a volume that does not exist, runs past a volume's end, or mixes granules.
    func addFileGroups(_ specs: [Scenario.GroupSpec], entries: [FileEntry], source: String) -> String? {
        // Check everything first: a bad list changes nothing.
        var planned: [(spec: Scenario.GroupSpec, extents: [(volume: Int, start: Int, end: Int)], granule: Int64)] = []
        for spec in specs {
            if groups.contains(where: { $0.name == spec.name }) { return "\"\(spec.name)\" is already a group" }
            let mine = entries.filter { $0.group == spec.name }
            guard !mine.isEmpty else { return "no file of \(source) belongs to \(spec.name)" }
            var extents: [(volume: Int, start: Int, end: Int)] = []
            var granule: Int64?
            for e in mine {
                guard let v = Int(e.lun).flatMap({ n in volumes.firstIndex { $0.lun == n && !$0.isFileGroup } })
                        ?? volumes.firstIndex(where: { $0.name == e.lun && !$0.isFileGroup }) else {
                    return "\(e.group)/\(e.file): LUN \(e.lun) is not a volume of the array"
                }
                let g = volumes[v].granule
                if let granule, granule != g { return "\(spec.name): its files lie on volumes with different granules" }
                granule = g
                // Checked: entries arrive from a file list and from stored journals alike.
                guard let (startByte, endByte) = e.byteRange, endByte <= volumes[v].capacity else { return "\(e.group)/\(e.file): blocks \(e.lba)+\(e.blocks) run past the end of \(volumes[v].name)" }
                extents.append((v, Int(startByte / g), Int((endByte + g - 1) / g)))
            }
            if let r = spec.destination, !remotes.contains(where: { $0.id == r }) { return "\(spec.name): no remote array named \(r)" }
            for t in [spec.deltaTier, spec.fullTier].compactMap({ $0 }) where !pool.tiers.contains(where: { $0.name == t }) {
                return "\(spec.name): no pool tier named \(t)"
            }
            if let g = granule, let (field, problem) = spec.objectives.validate(granule: g) { return "\(spec.name): \(field) \(problem)" }
            planned.append((spec, extents, granule!))
        }
        var added: [(volume: Int, group: Int)] = []
        for (spec, rawExtents, granule) in planned {
            // Merge overlapping or touching extents per volume, in order.
            let sorted = rawExtents.sorted { ($0.volume, $0.start) < ($1.volume, $1.start) }
            var merged: [(volume: Int, start: Int, end: Int)] = []
            for x in sorted {
                if let last = merged.last, last.volume == x.volume, x.start <= last.end {
                    merged[merged.count - 1].end = max(last.end, x.end)
                } else {
                    merged.append(x)
                }
            }
            let index = volumes.count
            let gIndex = groups.count
            var virtualStart = 0
            for m in merged {
                fileGroupMappings[m.volume].append(ExtentMapping(fileGroup: index, start: m.start, end: m.end, virtualStart: virtualStart))
                virtualStart += m.end - m.start
            }
            fileGroupMappings.append([])
            var group = VolumeGroup(index: gIndex, name: spec.name, objectives: spec.objectives, mirror: spec.mirror && spec.destination == nil,
                                    retention: spec.retention, deltaTier: spec.deltaTier.flatMap { t in pool.tiers.firstIndex { $0.name == t } },
                                    fullTier: spec.fullTier.flatMap { t in pool.tiers.firstIndex { $0.name == t } },
                                    switchSeconds: spec.switchSeconds, members: [index])
            group.isFileGroup = true
            group.destination = spec.destination.flatMap { r in remotes.firstIndex { $0.id == r } }
            groups.append(group)
            time.addGroup()
            var volume = Volume(index: index, name: "fg:\(spec.name)", lun: 20_000 + gIndex, raidGroup: volumes[merged[0].volume].raidGroup,
                                capacity: Int64(virtualStart) * granule, granule: granule, group: gIndex)
            volume.isFileGroup = true
            volumes.append(volume)
            trackers.append(ChangeTracker(granules: volume.granules, granule: granule, at: now))
            generators.append(nil)
            runtime.append(VolumeRuntime())
            // What the files hold already.
            for v in Set(merged.map(\.volume)).sorted() { project(volume: v, into: [index]) }
            trackers[index].openTables(at: now, full: true)
            added.append((index, gIndex))
        }
        performance.rebuild(groups: raidGroups, volumes: volumes)
        if started {
            for (v, g) in added {
                scheduleTimeTriggers(group: g, after: now)
                beginInitialCopy(v)
            }
        }
        return nil
    }

    /// Copies what a real volume holds in the extents of the given file groups into them, as fresh
    /// writes in each file group's own token space.
    func project(volume v: Int, into fileGroups: Set<Int>) {
        let runs = trackers[v].content.allRuns
        for m in fileGroupMappings[v] where fileGroups.contains(m.fileGroup) {
            for run in runs where run.start < m.end && run.end > m.start {
                trackers[m.fileGroup].write(start: m.virtualStart + (max(run.start, m.start) - m.start),
                                            end: m.virtualStart + (min(run.end, m.end) - m.start))
            }
        }
    }

    /// A host write to a real volume over granules `[start, end)`.
    public func write(volume v: Int, start: Int, end: Int) {
        trackers[v].write(start: start, end: end)
        propagate(volume: v, start: start, end: end)
    }

    func propagate(volume v: Int, start: Int, end: Int) {
        for m in fileGroupMappings[v] where start < m.end && end > m.start {
            let a = max(start, m.start), b = min(end, m.end)
            trackers[m.fileGroup].write(start: m.virtualStart + (a - m.start), end: m.virtualStart + (b - m.start))
        }
    }

    /// After a real volume's content was replaced (a restore or a copy onto it), its file groups
    /// take the new content of their extents, and their next backup is a full.
    func resyncFileGroups(onVolume t: Int) {
        guard fileGroupMappings.indices.contains(t) else { return }
        let affected = Set(fileGroupMappings[t].map(\.fileGroup))
        project(volume: t, into: affected)
        for fg in affected { runtime[fg].forcedFull = "\(volumes[t].name), which holds its files, was overwritten" }
    }

    /// A file group restored in place writes its files' extents back to the volumes holding them
    /// (as new writes there).
    func writeBackFileGroup(_ fg: Int) {
        for (v, maps) in fileGroupMappings.enumerated() {
            for m in maps where m.fileGroup == fg {
                trackers[v].write(start: m.start, end: m.end)
                for other in fileGroupMappings[v] where other.fileGroup != fg && other.start < m.end && other.end > m.start {
                    let a = max(m.start, other.start), b = min(m.end, other.end)
                    trackers[other.fileGroup].write(start: other.virtualStart + (a - other.start), end: other.virtualStart + (b - other.start))
                }
            }
        }
    }

    /// The file groups' extents on a real volume (for the console and tests).
    public func fileGroupExtents(onVolume v: Int) -> [(fileGroup: String, start: Int, end: Int)] {
        fileGroupMappings.indices.contains(v) ? fileGroupMappings[v].map { (volumes[$0.fileGroup].name, $0.start, $0.end) } : []
    }
}

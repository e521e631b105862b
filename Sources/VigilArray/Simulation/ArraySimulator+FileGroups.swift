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
            let index = volumes.count
            let gIndex = groups.count
            // Differential management lays the file group out over its files' extents and fills
            // it with what they hold already; its tables start here.
            let layout = differential.addFileGroup(extents: rawExtents, granule: granule, at: now)
            var group = VolumeGroup(index: gIndex, name: spec.name, objectives: spec.objectives, mirror: spec.mirror && spec.destination == nil,
                                    retention: spec.retention, deltaTier: spec.deltaTier.flatMap { t in pool.tiers.firstIndex { $0.name == t } },
                                    fullTier: spec.fullTier.flatMap { t in pool.tiers.firstIndex { $0.name == t } },
                                    switchSeconds: spec.switchSeconds, members: [index])
            group.isFileGroup = true
            group.destination = spec.destination.flatMap { r in remotes.firstIndex { $0.id == r } }
            groups.append(group)
            time.addGroup()
            var volume = Volume(index: index, name: "fg:\(spec.name)", lun: 20_000 + gIndex, raidGroup: volumes[layout.volumes[0]].raidGroup,
                                capacity: Int64(layout.granules) * granule, granule: granule, group: gIndex)
            volume.isFileGroup = true
            volumes.append(volume)
            generators.append(nil)
            runtime.append(VolumeRuntime())
            catalog.addVolume()
            copyProgram.addVolume()
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

    /// A host write to a real volume over granules `[start, end)` (marks its file groups' tables too).
    public func write(volume v: Int, start: Int, end: Int) {
        differential.write(volume: v, start: start, end: end)
    }

    /// After a real volume's content was replaced (a restore or a copy onto it), its file groups
    /// take the new content of their extents, and their next backup is a full: their chains no
    /// longer describe them.
    func resyncFileGroups(onVolume t: Int) {
        for fg in differential.resyncFileGroups(onVolume: t) {
            runtime[fg].forcedFull = "\(volumes[t].name), which holds its files, was overwritten"
        }
    }

    /// The file groups' extents on a real volume (for the console and tests).
    public func fileGroupExtents(onVolume v: Int) -> [(fileGroup: String, start: Int, end: Int)] {
        let mappings = differential.fileGroupMappings
        return mappings.indices.contains(v) ? mappings[v].map { (volumes[$0.fileGroup].name, $0.start, $0.end) } : []
    }
}

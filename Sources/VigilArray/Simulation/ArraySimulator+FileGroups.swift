/// File groups (the third embodiment): each is a virtual volume made of its files' extents. A
/// write to a real volume is also a write to every file group whose extents it touches, so a file
/// group's change table counts only writes that land in its files.
extension ArraySimulator {
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
        for m in fileGroupMappings[t] {
            var overlay: [ContentRun] = []
            for run in trackers[t].content.allRuns where run.start < m.end && run.end > m.start {
                overlay.append(ContentRun(start: m.virtualStart + (max(run.start, m.start) - m.start),
                                          end: m.virtualStart + (min(run.end, m.end) - m.start), token: 0))
            }
            // Fresh writes in the file group's own token space stand for the replaced data.
            for r in overlay { trackers[m.fileGroup].write(start: r.start, end: r.end) }
            runtime[m.fileGroup].forcedFull = "\(volumes[t].name), which holds its files, was overwritten"
        }
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

import Foundation
import Testing
@testable import VigilArray

/// The differential management program alone: its change tables per volume and per file group, and
/// how a host write reaches the file groups over it. Granules of 64 KiB (65,536 bytes) throughout.
@Suite struct DifferentialManagementTests {
    static let granule: Int64 = 65_536
    static let t0 = SimTime(1_795_219_200)

    /// Two real volumes: 0 of 100 granules, 1 of 50.
    func twoVolumes() -> DifferentialManagement {
        DifferentialManagement(volumes: [(100, Self.granule), (50, Self.granule)], at: Self.t0)
    }

    @Test func overlappingWritesCountOnceAndNewTablesStartFromTheTrigger() {
        var d = twoVolumes()
        d.write(volume: 0, start: 0, end: 30)
        d.write(volume: 0, start: 20, end: 50)
        // [0, 50): 50 granules = 3,276,800 bytes since the last backup and since the last full.
        #expect(d.trackers[0].incrementalBytes == 3_276_800)
        #expect(d.trackers[0].differentialBytes == 3_276_800)
        #expect(d.trackers[1].incrementalBytes == 0)
        // An incremental is taken: only the table since the last backup restarts.
        d.openTables(volume: 0, at: Self.t0 + 3_600, full: false)
        d.write(volume: 0, start: 40, end: 60)
        // [40, 60) is 20 granules (1,310,720 bytes) new to the incremental table; since the full
        // only [50, 60) is new: 60 granules, 3,932,160 bytes.
        #expect(d.trackers[0].incrementalBytes == 1_310_720)
        #expect(d.trackers[0].differentialBytes == 3_932_160)
        #expect(d.trackers[0].sinceLastBackup.openedAt == Self.t0 + 3_600)
        // A full restarts both.
        d.openTables(volume: 0, at: Self.t0 + 7_200, full: true)
        #expect(d.trackers[0].incrementalBytes == 0)
        #expect(d.trackers[0].differentialBytes == 0)
    }

    /// File group 2 over volume 0's [10, 20) and [15, 30) (merged: [10, 30), virtual [0, 20)) and
    /// volume 1's [0, 5) (virtual [20, 25)); volume 0 already holds [0, 12).
    func withFileGroup() -> DifferentialManagement {
        var d = twoVolumes()
        d.write(volume: 0, start: 0, end: 12)
        let layout = d.addFileGroup(extents: [(0, 15, 30), (1, 0, 5), (0, 10, 20)], granule: Self.granule, at: Self.t0 + 60)
        #expect(layout.granules == 25)
        #expect(layout.volumes == [0, 1])
        return d
    }

    @Test func aFileGroupIsLaidOutOverItsMergedExtentsAndTakesWhatTheyHold() {
        let d = withFileGroup()
        #expect(d.trackers.count == 3)
        #expect(d.fileGroupMappings == [
            [ExtentMapping(fileGroup: 2, start: 10, end: 30, virtualStart: 0)],
            [ExtentMapping(fileGroup: 2, start: 0, end: 5, virtualStart: 20)],
            [],
        ])
        // Volume 0's [10, 12) is the file group's [0, 2): held, but not changed since its tables
        // opened (its first backup is a full of it).
        #expect(d.trackers[2].content.allRuns.map { [$0.start, $0.end] } == [[0, 2]])
        #expect(d.trackers[2].incrementalBytes == 0)
        #expect(d.trackers[2].sinceLastFull.openedAt == Self.t0 + 60)
    }

    @Test func aHostWriteMarksTheFileGroupsOverItsGranulesOnly() {
        var d = withFileGroup()
        // Volume 0's [25, 40): 15 granules there; the file group's [15, 20), 5 granules.
        d.write(volume: 0, start: 25, end: 40)
        #expect(d.trackers[0].incrementalBytes == 27 * Self.granule)  // [0, 12) and [25, 40)
        #expect(d.trackers[2].incrementalBytes == 5 * Self.granule)
        // Volume 1's [3, 10): the file group's [23, 25), 2 more granules.
        d.write(volume: 1, start: 3, end: 10)
        #expect(d.trackers[2].incrementalBytes == 7 * Self.granule)  // 458,752 bytes
        // Outside every file: the file group's count does not move.
        d.write(volume: 0, start: 50, end: 60)
        #expect(d.trackers[2].incrementalBytes == 458_752)
        #expect(d.trackers[1].incrementalBytes == 7 * Self.granule)
    }

    @Test func aTicksWritesCountAsTheSameWritesOneByOne() {
        var oneByOne = withFileGroup(), tick = withFileGroup()
        let extents = [(25, 40), (95, 100), (0, 3), (12, 18)]
        for (s, e) in extents { oneByOne.write(volume: 0, start: s, end: e) }
        tick.write(volume: 0, extents: extents)
        for v in 0..<3 {
            #expect(tick.trackers[v].incrementalBytes == oneByOne.trackers[v].incrementalBytes)
            #expect(tick.trackers[v].content.digest == oneByOne.trackers[v].content.digest)
        }
        // The file group: [12, 18) and [25, 30) of volume 0 are its [2, 8) and [15, 20), 11 granules.
        #expect(tick.trackers[2].incrementalBytes == 11 * Self.granule)
    }

    @Test func anOverwrittenVolumeHandsItsFileGroupsTheNewContent() {
        var d = withFileGroup()
        var image = ContentMap(granules: 100)
        image.write(start: 8, end: 14, token: 1)
        image.write(start: 28, end: 35, token: 2)
        d.replaceContent(volume: 0, with: image, at: Self.t0 + 600)
        // The volume's tables restart from the image.
        #expect(d.trackers[0].incrementalBytes == 0)
        #expect(d.resyncFileGroups(onVolume: 0) == [2])
        // [10, 14) and [28, 30) of the image are the file group's [0, 4) and [18, 20): 6 granules.
        #expect(d.trackers[2].incrementalBytes == 6 * Self.granule)
        // A volume no file lies on, a file group itself and an index past the end touch nothing.
        var plain = twoVolumes()
        #expect(plain.resyncFileGroups(onVolume: 1) == [])
        #expect(d.resyncFileGroups(onVolume: 2) == [])
        #expect(d.resyncFileGroups(onVolume: 7) == [])
    }

    @Test func aFileGroupWrittenBackMarksItsVolumesAndTheFileGroupsSharingThem() {
        var d = twoVolumes()
        // Group 2 over volume 0's [10, 30); group 3 over [20, 40) of volume 0.
        _ = d.addFileGroup(extents: [(0, 10, 30)], granule: Self.granule, at: Self.t0)
        let b = d.addFileGroup(extents: [(0, 20, 40)], granule: Self.granule, at: Self.t0)
        #expect(b.granules == 20)
        d.writeBack(fileGroup: 2)
        // Volume 0 takes [10, 30): 20 granules; group 3 its [0, 10), the 10 shared granules; group 2
        // is where the data came from and counts nothing.
        #expect(d.trackers[0].incrementalBytes == 20 * Self.granule)
        #expect(d.trackers[3].incrementalBytes == 10 * Self.granule)
        #expect(d.trackers[2].incrementalBytes == 0)
        #expect(d.trackers[1].incrementalBytes == 0)
    }

    @Test func storedTablesCarryOnAsIfNeverStopped() throws {
        var d = withFileGroup()
        d.write(volume: 0, start: 25, end: 40)
        d.setChainBytes(123 * Self.granule, volume: 0)
        _ = d.takeDirtySegments(volume: 0)
        d.write(volume: 0, start: 90, end: 95)
        #expect(d.takeDirtySegments(volume: 0) == [0])
        // The store keeps the tables as JSON and the content apart.
        let stored = try JSONDecoder().decode([ChangeTracker].self, from: JSONEncoder().encode(d.trackers))
        var r = DifferentialManagement(restoring: stored, live: d.trackers.map(\.content), fileGroupMappings: d.fileGroupMappings)
        // What was just read from the store is not dirty.
        #expect(r.takeDirtySegments(volume: 0) == [])
        #expect(r.trackers[0].chainBytes == 8_060_928)
        // The same write again: already counted in both, the counts do not move.
        d.write(volume: 0, start: 25, end: 30)
        r.write(volume: 0, start: 25, end: 30)
        for v in 0..<3 {
            #expect(r.trackers[v].incrementalBytes == d.trackers[v].incrementalBytes)
            #expect(r.trackers[v].content.digest == d.trackers[v].content.digest)
        }
        #expect(r.trackers[2].incrementalBytes == 5 * Self.granule)
    }
}

import Foundation
import Testing
@testable import VigilArray

/// The copy program alone: when a backup must wait, the copy window and planned end, the standing
/// mirror's transitions, the merge in flight and restore IDs, and the stored form mapping back to
/// the same state. No simulator: every instant is written out.
@Suite struct CopyProgramTests {
    static let t0 = SimTime(1_000_000)

    static func plan(_ volume: String, target: String, generation: Int, verifyOnly: Bool = false) -> RestorePlan {
        RestorePlan(volume: volume, generation: generation, target: target, base: 1, pieces: [], baseCopySeconds: 0,
                    switchSeconds: 30, estimateSeconds: 30, verifyOnly: verifyOnly)
    }

    @Test func aBackupWaitsForTheCopyInFlightAndARestoreComesFirst() {
        var cp = CopyProgram(volumes: 2)
        #expect(cp.hold(volume: 0) == nil)
        // The initial copy of generation 1 runs from t0; its flow is due 600 s later.
        cp.beginInitialCopy(volume: 0, generation: 1, area: 1_000, at: Self.t0)
        cp.expectEnd(volume: 0, at: Self.t0 + 600, now: Self.t0)
        cp.plan(volume: 0, end: Self.t0 + 600)
        #expect(cp.hold(volume: 0) == .copying && cp.backupCopying(volume: 0) && cp.hold(volume: 1) == nil)
        #expect(cp[volume: 0].copyWindow == TimeWindow(start: Self.t0, end: Self.t0 + 600))
        // The RPO sees the initial copy as covering t0, kept until its planned end.
        let inFlight = cp.backupInFlight(volume: 0) { _ in nil }
        #expect(inFlight?.point == Self.t0 && inFlight?.plannedEnd == Self.t0 + 600)
        #expect(cp.mirrorAreas == [1_000])
        // Split off: nothing copies any more, the area is no longer an unowned mirror area.
        let initial = cp.finishInitialCopy(volume: 0)
        #expect(initial?.area == 1_000)
        #expect(cp.hold(volume: 0) == nil && !cp.backupCopying(volume: 0) && cp.mirrorAreas.isEmpty)
        let again = cp.finishInitialCopy(volume: 0)
        #expect(again == nil)
        // A restore onto volume 0 holds its backups, and says so before a copy would.
        let id = cp.beginRestore(RestoreInFlight(plan: Self.plan("a", target: "a", generation: 1), volume: 0, target: 0,
                                                 started: Self.t0 + 700))
        cp.beginCopy(volume: 0, generation: 2, at: Self.t0 + 700)
        #expect(id == 1 && cp.hold(volume: 0) == .restoring)
        let finished = cp.finishRestore(id)
        #expect(finished?.started == Self.t0 + 700)
        #expect(cp.hold(volume: 0) == .copying)
        cp.finishCopy(volume: 0)
        #expect(cp.hold(volume: 0) == nil)
    }

    @Test func theWindowFollowsTheBandwidthModelButAStoppedCopyKeepsItsPlannedEnd() {
        var cp = CopyProgram(volumes: 1)
        // Generation 3, triggered at t0, copies from t0 + 10 and is planned for t0 + 310.
        cp.beginCopy(volume: 0, generation: 3, at: Self.t0 + 10)
        #expect(cp[volume: 0].copyWindow == TimeWindow(start: Self.t0 + 10, end: Self.t0 + 10))
        cp.expectEnd(volume: 0, at: Self.t0 + 310, now: Self.t0 + 10)
        cp.plan(volume: 0, end: Self.t0 + 310)
        // Another copy shares the group: due 200 s later than planned; both ends move.
        cp.copyRescheduled(volume: 0, due: Self.t0 + 510)
        #expect(cp[volume: 0].copyWindow == TimeWindow(start: Self.t0 + 10, end: Self.t0 + 510))
        #expect(cp[volume: 0].plannedEnd == Self.t0 + 510)
        // The line goes down (0 MB/s, no due time): window and planned end stay where they were.
        cp.copyRescheduled(volume: 0, due: nil)
        #expect(cp[volume: 0].copyWindow == TimeWindow(start: Self.t0 + 10, end: Self.t0 + 510))
        #expect(cp[volume: 0].plannedEnd == Self.t0 + 510)
        // The RPO sees the generation's trigger instant, not the copy's start.
        let inFlight = cp.backupInFlight(volume: 0) { $0 == 3 ? Self.t0 : nil }
        #expect(inFlight?.point == Self.t0 && inFlight?.plannedEnd == Self.t0 + 510)
        // A window that never opened (no copy) is not invented by a rescheduled flow.
        var idle = CopyProgram(volumes: 1)
        idle.copyRescheduled(volume: 0, due: Self.t0)
        #expect(idle[volume: 0].copyWindow == nil && idle[volume: 0].plannedEnd == Self.t0)
    }

    @Test func theMirrorIsWantedSyncsIsSplitAndStaleCompletionsChangeNothing() {
        var cp = CopyProgram(volumes: 1)
        #expect(!cp.needsMirror(volume: 0, groupMirrors: false) && cp.needsMirror(volume: 0, groupMirrors: true))
        cp.wantMirror(volume: 0)
        #expect(cp[volume: 0].mirrorWanted && !cp.mirrorReady(volume: 0))
        // Area 1,004 allocated; a 100 GiB volume at 200 MB/s syncs in 536.9 s, rounded up: 537 s.
        cp.startMirror(volume: 0, area: 1_004, until: Self.t0 + 537)
        #expect(!cp[volume: 0].mirrorWanted && cp[volume: 0].mirror == .syncing(area: 1_004, until: Self.t0 + 537))
        let early = cp.splitMirror(volume: 0)
        #expect(!cp.needsMirror(volume: 0, groupMirrors: true) && early == nil)
        #expect(cp.mirrorAreas == [1_004])
        // A completion for another area is stale.
        let stale = cp.mirrorSynced(volume: 0, area: 1_003)
        #expect(!stale && !cp.mirrorReady(volume: 0))
        let synced = cp.mirrorSynced(volume: 0, area: 1_004)
        #expect(synced && cp.mirrorReady(volume: 0))
        let twice = cp.mirrorSynced(volume: 0, area: 1_004)
        #expect(!twice)
        // Splitting hands the area over as a full; the next mirror is needed again.
        let split = cp.splitMirror(volume: 0)
        #expect(split == 1_004)
        #expect(cp[volume: 0].mirror == .none && cp.needsMirror(volume: 0, groupMirrors: true) && cp.mirrorAreas.isEmpty)
    }

    @Test func oneMergeAtATimeAndRestoreIDsCountOnAcrossVerifications() {
        var cp = CopyProgram(volumes: 2)
        let none = cp.finishMerge(volume: 1)
        #expect(cp.merge(volume: 1) == nil && none == nil)
        cp.beginMerge(volume: 1, MergeInFlight(base: 1, into: 2, reason: "retention keeps 3 generations", started: Self.t0))
        #expect(cp.merge(volume: 1)?.into == 2 && cp.merge(volume: 0) == nil)
        let ended = cp.finishMerge(volume: 1)
        #expect(ended?.base == 1 && cp.merge(volume: 1) == nil)
        // A verification writes no volume; restores onto volume 1 and 0 follow with IDs 2 and 3.
        let verify = cp.beginRestore(RestoreInFlight(plan: Self.plan("a", target: "a", generation: 2, verifyOnly: true),
                                                     volume: 0, target: nil, started: Self.t0))
        let onto1 = cp.beginRestore(RestoreInFlight(plan: Self.plan("a", target: "b", generation: 2), volume: 0, target: 1,
                                                    started: Self.t0 + 5))
        let onto0 = cp.beginRestore(RestoreInFlight(plan: Self.plan("a", target: "a", generation: 2), volume: 0, target: 0,
                                                    started: Self.t0 + 9))
        #expect([verify, onto1, onto0] == [1, 2, 3] && cp.nextRestoreID == 4)
        #expect(cp.restore(onto: 1)?.started == Self.t0 + 5 && cp.restore(onto: 0)?.started == Self.t0 + 9)
        #expect(cp[volume: 0].restoring && cp[volume: 1].restoring)
        _ = cp.finishRestore(onto1)
        let gone = cp.finishRestore(onto1)
        #expect(!cp[volume: 1].restoring && cp.restore(onto: 1) == nil && gone == nil)
        #expect(cp.restores.keys.sorted() == [1, 3])
    }

    /// The stored runtime keeps the copy program's fields under the keys `VolumeRuntime` had, in the
    /// same order, and maps back to the same state.
    @Test func theStoredRuntimeKeepsTheOldKeysAndMapsBack() throws {
        var cp = CopyProgram(volumes: 1)
        cp.beginCopy(volume: 0, generation: 4, at: Self.t0)
        cp.plan(volume: 0, end: Self.t0 + 60)
        cp.startMirror(volume: 0, area: 1_002, until: Self.t0 + 90)
        cp.beginMerge(volume: 0, MergeInFlight(base: 1, into: 2, reason: "r", started: Self.t0))
        var rt = VolumeRuntime()
        rt.nextNumber = 5
        rt.pendingTrigger = .interval
        let stored = StoredVolumeRuntime(rt, copies: cp[volume: 0], shortages: [.mirror])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(stored)
        let keys = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]).keys.sorted()
        #expect(keys == ["backupsByMethod", "copyWindow", "copying", "gens", "maxRPOLag", "merging", "mirror", "mirrorWanted",
                         "nextNumber", "pendingTrigger", "plannedEnd", "restoring", "shortages", "waitingSincePoolVersion"])
        let back = try JSONDecoder().decode(StoredVolumeRuntime.self, from: data)
        #expect(back.copies == cp[volume: 0] && back.shortages == [.mirror])
        #expect(back.runtime.nextNumber == 5 && back.runtime.pendingTrigger == .interval)
    }
}

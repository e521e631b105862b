import Foundation
import Testing
@testable import VigilArray

/// The data-transfer model alone: max-min sharing, restores first, re-solving when flows come and
/// go or capacities change. Every figure is worked out by hand in the comment beside it.
@Suite struct BandwidthModelTests {
    let t0 = SimTime(1_000_000)
    static let gb: Int64 = 1_000_000_000

    /// A model with the given capacities set at t0.
    func model(_ caps: [(TransferResource, Double)]) -> BandwidthModel {
        var m = BandwidthModel(origin: SimTime(0))
        for (r, c) in caps { m.setCapacity(r, c, at: t0) }
        return m
    }

    func due(_ m: inout BandwidthModel, _ id: Int) -> Int64? {
        m.dues().first { $0.id == id }?.due.map { $0.seconds - t0.seconds }
    }

    @Test func twoCopiesReadingOneRAIDGroupShareItsMBps() {
        // Group 0 reads at 200 MB/s; each copy writes to its own group at 1,000.
        var m = model([(.groupRead(0), 200), (.groupWrite(1), 1_000), (.groupWrite(2), 1_000)])
        m.start(id: 1, stages: [.transfer(bytes: 100 * Self.gb, over: [.groupRead(0), .groupWrite(1)])], at: t0)
        m.start(id: 2, stages: [.transfer(bytes: 100 * Self.gb, over: [.groupRead(0), .groupWrite(2)])], at: t0)
        _ = m.dues()
        // 200 / 2 = 100 MB/s each; 100 GB at 100 MB/s = 1,000 s (alone it would be 500 s).
        #expect(m.flow(1)?.rate == 100)
        #expect(m.flow(2)?.rate == 100)
        #expect(due(&m, 1) == 1_000)
        #expect(due(&m, 2) == 1_000)
        #expect(m.flow(1)?.limiter == .groupRead(0))
    }

    @Test func aCopyLimitedElsewhereLeavesTheRestToTheOther() {
        // Copy 1 writes to a group of 50 MB/s: it can use only 50 of the 200 the source group
        // reads, so max-min gives copy 2 the other 150 (not 100).
        var m = model([(.groupRead(0), 200), (.groupWrite(1), 50), (.groupWrite(2), 1_000)])
        m.start(id: 1, stages: [.transfer(bytes: 10 * Self.gb, over: [.groupRead(0), .groupWrite(1)])], at: t0)
        m.start(id: 2, stages: [.transfer(bytes: 30 * Self.gb, over: [.groupRead(0), .groupWrite(2)])], at: t0)
        _ = m.dues()
        #expect(m.flow(1)?.rate == 50)
        #expect(m.flow(2)?.rate == 150)
        // 10 GB / 50 MB/s = 200 s; 30 GB / 150 MB/s = 200 s.
        #expect(due(&m, 1) == 200)
        #expect(due(&m, 2) == 200)
        #expect(m.flow(1)?.limiter == .groupWrite(1))
        #expect(m.flow(2)?.limiter == .groupRead(0))
    }

    @Test func aRestoreIsServedBeforeABackup() {
        // Both read group 0 (200 MB/s). The restore writes its volume at 120 MB/s.
        let caps: [(TransferResource, Double)] = [(.groupRead(0), 200), (.volumeWrite(5), 120), (.groupWrite(1), 1_000)]
        var fair = model(caps)
        fair.start(id: 1, stages: [.transfer(bytes: 12 * Self.gb, over: [.groupRead(0), .volumeWrite(5)])], priority: 1, at: t0)
        fair.start(id: 2, stages: [.transfer(bytes: 12 * Self.gb, over: [.groupRead(0), .groupWrite(1)])], priority: 1, at: t0)
        _ = fair.dues()
        // In one class: 200 / 2 = 100 each (the restore's 120 is not reached).
        #expect(fair.flow(1)?.rate == 100)
        #expect(fair.flow(2)?.rate == 100)

        var first = model(caps)
        first.start(id: 1, stages: [.transfer(bytes: 12 * Self.gb, over: [.groupRead(0), .volumeWrite(5)])], priority: 0, at: t0)
        first.start(id: 2, stages: [.transfer(bytes: 12 * Self.gb, over: [.groupRead(0), .groupWrite(1)])], priority: 1, at: t0)
        _ = first.dues()
        // Restore first: it takes all it can use, 120 (its volume's write); the backup gets the
        // 200 − 120 = 80 left. 12 GB / 120 MB/s = 100 s for the restore. The backup's 8 GB done by
        // then leave 4 GB at 200 MB/s = 20 s: due at 120 s.
        #expect(first.flow(1)?.rate == 120)
        #expect(first.flow(2)?.rate == 80)
        #expect(due(&first, 1) == 100)
        first.advance(to: t0 + 100)
        #expect(first.flow(1)?.isFinished == true)
        _ = first.remove(id: 1, at: t0 + 100)
        #expect(due(&first, 2) == 120)
    }

    @Test func aFlowEndingReleasesBandwidthAndTheOtherEndsEarlier() {
        var m = model([(.groupRead(0), 200), (.groupWrite(1), 1_000), (.groupWrite(2), 1_000)])
        m.start(id: 1, stages: [.transfer(bytes: 20 * Self.gb, over: [.groupRead(0), .groupWrite(1)])], at: t0)
        m.start(id: 2, stages: [.transfer(bytes: 100 * Self.gb, over: [.groupRead(0), .groupWrite(2)])], at: t0)
        // 100 MB/s each: copy 1 is due at 20 GB / 100 MB/s = 200 s; copy 2, if nothing changed, at
        // 100 GB / 100 MB/s = 1,000 s.
        #expect(due(&m, 1) == 200)
        #expect(due(&m, 2) == 1_000)
        m.advance(to: t0 + 200)
        #expect(m.flow(1)?.isFinished == true)
        // From 200 s copy 2 has the whole 200 MB/s: 100 − 20 = 80 GB left take 400 s, due at 600 s:
        // 400 s earlier than before. (Rates are solved lazily, when asked for dues or when time
        // moves past the instant, so every change of one instant is solved once.)
        #expect(due(&m, 2) == 600)
        #expect(m.flow(2)?.rate == 200)
        let done = m.remove(id: 1, at: t0 + 200)
        // Copy 1 ran at 100 MB/s all along, limited by the shared read.
        #expect(done?.measures.map(\.resource) == [.groupRead(0)])
        #expect(done?.measures.first?.mbps == 100)
    }

    @Test func aCopyAloneTakesExactlyItsBytesOverTheSlowerEndRoundedUp() {
        // 100 GB at min(read 300, write 450) = 300 MB/s: 333.3 s, due at 334 s — the engine's
        // figure for a copy alone. Another copy on other groups starting later changes nothing.
        var m = model([(.volumeRead(0), 300), (.groupWrite(1), 450), (.volumeRead(1), 100), (.groupWrite(2), 100)])
        let stages: [TransferStage] = [.transfer(bytes: 100 * Self.gb, over: [.volumeRead(0), .groupWrite(1)])]
        #expect(m.aloneSeconds(stages, at: t0) == 334)
        m.start(id: 1, stages: stages, at: t0)
        #expect(due(&m, 1) == 334)
        m.start(id: 2, stages: [.transfer(bytes: Self.gb, over: [.volumeRead(1), .groupWrite(2)])], at: t0 + 17)
        #expect(due(&m, 1) == 334)
        m.advance(to: t0 + 334)
        let done = m.remove(id: 1, at: t0 + 334)
        // It measured exactly the 300 of what limited it: the volume's read (the write group has 450).
        #expect(done?.measures.first?.resource == .volumeRead(0))
        #expect(done?.measures.first?.mbps == 300)
    }

    @Test func stagesThatEndOnAWholeSecondAddUpAsRoundedParts() {
        // Two parts of 1 GB at 300 MB/s: 3.33 s each. Rounded part by part (a synthetic full's
        // changed part, then the rest): 4 + 4 = 8 s. Run straight through: ⌈6.67⌉ = 7 s.
        var m = model([(.volumeRead(0), 300), (.groupRead(1), 300), (.groupWrite(2), 1_000)])
        let rounded: [TransferStage] = [
            .transfer(bytes: Self.gb, over: [.volumeRead(0), .groupWrite(2)], endsOnWholeSecond: true),
            .transfer(bytes: Self.gb, over: [.groupRead(1), .groupWrite(2)]),
        ]
        let straight: [TransferStage] = [
            .transfer(bytes: Self.gb, over: [.volumeRead(0), .groupWrite(2)]),
            .transfer(bytes: Self.gb, over: [.groupRead(1), .groupWrite(2)]),
        ]
        #expect(m.aloneSeconds(rounded, at: t0) == 8)
        #expect(m.aloneSeconds(straight, at: t0) == 7)
        m.start(id: 1, stages: rounded, at: t0)
        m.start(id: 2, stages: straight + [.wait(seconds: 5)], at: t0 + 100)
        #expect(due(&m, 1) == 8)
        // Another 5 s wait (a switch) after the straight run: ⌈6.67 + 5⌉ = 12 s after it started.
        #expect(due(&m, 2) == 112)
        m.advance(to: t0 + 200)
        #expect(m.flow(1)?.isFinished == true)
        #expect(m.flow(2)?.isFinished == true)
        #expect(due(&m, 2) == 112)
    }

    @Test func aLineDownPausesAndALineUpResumesWithWhatHadCrossed() {
        // 10 GB over a 100 MB/s line: 100 s. At 40 s the line goes down (6 GB left); at 100 s it is
        // back: 6 GB / 100 MB/s = 60 s more, due at 160 s.
        var m = model([(.volumeRead(0), 500), (.line(0), 100), (.remoteGroupWrite(0, 0), 400)])
        m.start(id: 1, stages: [.transfer(bytes: 10 * Self.gb, over: [.volumeRead(0), .line(0), .remoteGroupWrite(0, 0)])], at: t0)
        #expect(due(&m, 1) == 100)
        m.setCapacity(.line(0), 0, at: t0 + 40)
        #expect(due(&m, 1) == nil)
        #expect(m.flow(1)?.rate == 0)
        m.setCapacity(.line(0), 100, at: t0 + 100)
        #expect(due(&m, 1) == 160)
    }

    @Test func aStoredModelCarriesOnExactlyWhereItWas() throws {
        var m = model([(.groupRead(0), 200), (.groupWrite(1), 1_000), (.groupWrite(2), 1_000)])
        m.start(id: 1, stages: [.transfer(bytes: 20 * Self.gb, over: [.groupRead(0), .groupWrite(1)])], at: t0)
        m.start(id: 2, stages: [.transfer(bytes: 100 * Self.gb, over: [.groupRead(0), .groupWrite(2)])], at: t0 + 3)
        m.advance(to: t0 + 50)
        var copy = try JSONDecoder().decode(BandwidthModel.self, from: JSONEncoder().encode(m))
        #expect(copy == m)
        m.advance(to: t0 + 10_000)
        copy.advance(to: t0 + 10_000)
        #expect(copy == m)
        #expect(m.dues().map(\.due) == copy.dues().map(\.due))
    }

    /// Three restores share a 250 MB/s group: 250 / 3 each leaves 250 − 3 × (250/3) = 2.8e-14 MB/s
    /// in floating point. The backup behind them must get nothing (and be stopped, due unknown),
    /// not a crumb that makes its 300 GiB take longer than the clock can count; once the restores
    /// end it runs alone: 322,122,547,200 B / 250 MB/s = 1,288.49 s → 1,289 s after they do.
    @Test func aRoundingCrumbLeftByRestoresIsNoBandwidth() {
        var m = model([(.groupRead(0), 250), (.groupWrite(1), 10_000), (.groupWrite(2), 10_000)])
        for id in 1...3 {
            m.start(id: id, stages: [.transfer(bytes: 25 * Self.gb, over: [.groupRead(0), .groupWrite(1)])], priority: 0, at: t0)
        }
        let fullVolume: Int64 = 300 << 30
        m.start(id: 4, stages: [.transfer(bytes: fullVolume, over: [.groupRead(0), .groupWrite(2)])], at: t0)
        let stopped = due(&m, 4)
        #expect(stopped == nil)
        #expect(m.flow(4)?.rate == 0)
        #expect(m.nextStageBoundary() == nil)
        // 25 GB at 250/3 MB/s = 300 s for each restore.
        #expect(due(&m, 1) == 300)
        m.advance(to: t0 + 300)
        for id in 1...3 { m.remove(id: id, at: t0 + 300) }
        let after = due(&m, 4)
        #expect(after == Int64(300 + 1_289))
    }
}

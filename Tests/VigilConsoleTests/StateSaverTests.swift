import Foundation
import Testing
@testable import VigilArray
@testable import VigilConsole

/// The console's checkpoints: images on the console's thread, one write in flight, coalescing,
/// the interval, pacing, failures and the way out.
@Suite struct StateSaverTests {
    /// A fake store: records what was captured and written; a write can be held at a gate and made
    /// to fail.
    final class Store: @unchecked Sendable {
        let lock = NSLock()
        var clock = SimTime(0)
        var captured: [Int] = []
        var written: [Int] = []
        var failing = false
        var held = false
        var next = 0
        let gate = DispatchSemaphore(value: 0)
        var log: [String] = []

        func capture() -> (image: Int, clock: SimTime) {
            lock.lock()
            defer { lock.unlock() }
            next += 1
            captured.append(next)
            log.append("capture \(next)")
            return (next, clock)
        }

        func commit(_ image: Int) throws {
            lock.lock()
            let hold = held, fail = failing
            lock.unlock()
            if hold { gate.wait() }
            lock.lock()
            defer { lock.unlock() }
            log.append("commit \(image)")
            if fail { throw StateStoreFailure() }
            written.append(image)
        }

        func set(_ body: (Store) -> Void) {
            lock.lock()
            body(self)
            lock.unlock()
        }
        var snapshot: (captured: [Int], written: [Int], log: [String]) {
            lock.lock()
            defer { lock.unlock() }
            return (captured, written, log)
        }
    }

    struct StateStoreFailure: Error, CustomStringConvertible { var description: String { "database or disk is full" } }

    func saver(_ store: Store, interval: Double = 60) -> StateSaver<Int> {
        StateSaver<Int>(capture: { store.capture() }, commit: { try store.commit($0) }, interval: interval, now: 0)
    }

    /// Waits (briefly) for the write in flight to end.
    func settle(_ s: StateSaver<Int>) {
        let deadline = Date().addingTimeInterval(5)
        while s.committing, Date() < deadline { usleep(1_000) }
    }

    @Test func aRequestIsWrittenOffTheCallersThreadAndRequestsInFlightCoalesce() {
        let store = Store()
        store.set { $0.held = true }
        let s = saver(store)
        s.request(now: true)
        #expect(s.turn(now: 1, clock: SimTime(10)) == nil)
        #expect(s.committing)
        // Three more commands while the write is held: no second image is taken.
        for t in 2...4 {
            s.request(now: true)
            #expect(s.turn(now: Double(t), clock: SimTime(10 + Int64(t))) == nil)
        }
        #expect(store.snapshot.captured == [1])
        store.gate.signal()
        settle(s)
        // The next turn reports the write and starts one (and only one) for what was asked meanwhile.
        store.set { $0.held = false }
        guard case .saved(let clock, _)? = s.turn(now: 5, clock: SimTime(15)) else { Issue.record("no outcome"); return }
        #expect(clock == SimTime(0))
        settle(s)
        #expect(store.snapshot.captured == [1, 2])
        #expect(store.snapshot.written == [1, 2])
        _ = s.turn(now: 6, clock: SimTime(15))
        #expect(store.snapshot.captured == [1, 2])
    }

    @Test func theIntervalOnlyWhileTheClockMoves() {
        let store = Store()
        let s = saver(store, interval: 60)
        store.set { $0.clock = SimTime(100) }
        #expect(s.turn(now: 59, clock: SimTime(100)) == nil)
        #expect(store.snapshot.captured.isEmpty)
        _ = s.turn(now: 60, clock: SimTime(100))
        settle(s)
        #expect(store.snapshot.captured == [1])
        _ = s.turn(now: 61, clock: SimTime(100))
        // A minute later with the clock where it was (paused): nothing to write.
        _ = s.turn(now: 121, clock: SimTime(100))
        #expect(store.snapshot.captured == [1])
        store.set { $0.clock = SimTime(160) }
        _ = s.turn(now: 122, clock: SimTime(160))
        settle(s)
        #expect(store.snapshot.captured == [1, 2])
    }

    @Test func anEventsRequestWaitsOutThePacingACommandDoesNot() {
        let store = Store()
        let s = saver(store)
        // A write that takes about 50 ms: events then wait 4 × that after it.
        store.set { $0.held = true }
        s.request()
        _ = s.turn(now: 1, clock: SimTime(1))
        usleep(50_000)
        store.gate.signal()
        settle(s)
        store.set { $0.held = false }
        guard case .saved(_, let ms)? = s.turn(now: 2, clock: SimTime(2)) else { Issue.record("no outcome"); return }
        #expect(ms >= 40)
        s.request()
        _ = s.turn(now: 2 + StateSaver<Int>.pacing * ms / 1_000 * 0.5, clock: SimTime(3))
        #expect(store.snapshot.captured == [1])
        _ = s.turn(now: 2 + StateSaver<Int>.pacing * ms / 1_000 + 0.01, clock: SimTime(4))
        settle(s)
        #expect(store.snapshot.captured == [1, 2])
        _ = s.turn(now: 3, clock: SimTime(5))
        s.request(now: true)
        _ = s.turn(now: 3, clock: SimTime(5))
        settle(s)
        #expect(store.snapshot.captured == [1, 2, 3])
    }

    @Test func aFailureStopsTheScheduleUntilARetrySucceeds() {
        let store = Store()
        store.set { $0.failing = true }
        let s = saver(store, interval: 60)
        s.request(now: true)
        _ = s.turn(now: 1, clock: SimTime(10))
        settle(s)
        guard case .failed(let message, _)? = s.turn(now: 2, clock: SimTime(11)) else { Issue.record("no failure"); return }
        #expect(message == "database or disk is full")
        #expect(s.failure == message && s.lastSaved == nil)
        // Neither commands, nor events, nor the interval write while failed.
        s.request(now: true)
        s.request()
        _ = s.turn(now: 500, clock: SimTime(900))
        #expect(store.snapshot.captured == [1])
        // A retry that fails again, then one that succeeds.
        #expect(s.retry())
        _ = s.turn(now: 501, clock: SimTime(900))
        settle(s)
        guard case .failed? = s.turn(now: 502, clock: SimTime(900)) else { Issue.record("no failure"); return }
        store.set { $0.failing = false }
        #expect(s.retry())
        _ = s.turn(now: 503, clock: SimTime(900))
        settle(s)
        guard case .saved? = s.turn(now: 504, clock: SimTime(900)) else { Issue.record("not saved"); return }
        #expect(s.failure == nil)
        #expect(store.snapshot.written == [3])
        #expect(!s.retry())
    }

    @Test func theWayOutWaitsForTheWriteInFlightThenWritesTheLastImage() {
        let store = Store()
        store.set { $0.held = true }
        let s = saver(store)
        s.request(now: true)
        _ = s.turn(now: 1, clock: SimTime(10))
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) {
            store.set { $0.held = false }
            store.gate.signal()
        }
        store.set { $0.clock = SimTime(42) }
        let outcome = s.finish()
        #expect(outcome == .saved(clock: SimTime(42), milliseconds: { if case .saved(_, let ms) = outcome { ms } else { 0 } }()))
        // The last image is taken after the write in flight ended, so segments it gave back are in it.
        #expect(store.snapshot.log == ["capture 1", "commit 1", "capture 2", "commit 2"])
        #expect(s.lastSaved == SimTime(42))
    }
}

/// What the operator sees and can do while the state is not saved.
@Suite struct UnsavedStateConsoleTests {
    @Test func theTitleAndStatusLineSayItAndSpaceRetriesInsteadOfResuming() throws {
        let (runner, backend) = try ConsoleFixtures.console(width: 140, height: 30, hours: 1)
        let model = runner.model
        var retries = 0
        model.onRetrySave = { retries += 1 }
        model.clock.togglePause()
        model.saveFailure = "state not saved: disk full — clock stopped; last saved checkpoint 01:00:00; free space and press Space to retry, or q to quit (exits 74)"
        runner.step([])
        let screen = backend.frame.text.split(separator: "\n").map(String.init)
        #expect(screen.first?.hasPrefix(" Vigil · NOT SAVED · RPO missed") == true)
        #expect(screen.last?.hasPrefix(" state not saved: disk full — clock stopped") == true)
        runner.step(ConsoleFixtures.keys(" "))
        #expect(retries == 1)
        #expect(model.clock.paused)
        // A key's message shows over it until the next key; then the failure is back.
        runner.step(ConsoleFixtures.keys("s"))
        #expect(backend.frame.text.split(separator: "\n").last?.hasPrefix(" sorted by") == true)
        runner.step([ConsoleFixtures.key(.down)])
        #expect(backend.frame.text.split(separator: "\n").last?.hasPrefix(" state not saved") == true)
        model.saveFailure = nil
        runner.step(ConsoleFixtures.keys(" "))
        #expect(retries == 1)
        #expect(!model.clock.paused)
    }
}

import Foundation
import VigilArray

/// Checkpoints the array without making the console wait. The image is taken on the console's
/// thread (cheap: values that share their storage with the simulator) and written on a thread of
/// its own at a lower priority, so a key is never held up by a commit. At most one write is in flight: a
/// checkpoint that falls due meanwhile waits for it and then takes one image of everything since —
/// due checkpoints coalesce, images never queue.
///
/// When checkpoints fall due:
/// - `request(now: true)`: at once (the console asks after each command);
/// - `request()`: at once too, unless the last write ended less than `pacing` times its own
///   duration ago — then when that time is up (the console asks after each event that changes the
///   catalog: on a small array a write takes milliseconds and this is at once; on 10,000 volumes
///   a write takes seconds, and the writes then use at most a fifth of the time instead of all of it);
/// - otherwise every `interval` wall seconds while the simulated clock moves.
///
/// A failed write stops the schedule: nothing more is written until `retry()` (the operator's
/// Space) or `finish()` (the way out). Everything here is called on the console's thread except
/// `commit`, which runs on the saver's thread; the simulator is only touched by `capture`.
public final class StateSaver<Image: Sendable>: @unchecked Sendable {
    /// What a finished write reports, taken on the console's thread by `turn`.
    public enum Outcome: Sendable, Equatable {
        /// The image of simulated instant `clock` is stored; the write took `milliseconds`.
        case saved(clock: SimTime, milliseconds: Double)
        /// The write failed (nothing of it is stored); `message` says why.
        case failed(message: String, clock: SimTime)
    }

    private let capture: () -> (image: Image, clock: SimTime)
    private let commit: @Sendable (Image) throws -> Void
    private let describe: @Sendable (Error) -> String
    /// Wall seconds between checkpoints while the clock moves (and nothing else asked for one).
    public let interval: Double
    /// How many times its own duration a write is followed by a pause for `request()`.
    public static var pacing: Double { 4 }
    private let worker = Worker()

    // Shared with the saver's thread, under `lock`.
    private let lock = NSLock()
    private var inFlight = false
    private var finished: Outcome?

    // The console's thread only.
    private var requested = false
    private var urgent = false
    /// Wall time before which a paced request waits.
    private var pacedUntil: Double = 0
    private var retryAsked = false
    private var lastStart: Double
    private var capturedClock: SimTime?
    /// The simulated instant of the last image stored.
    public private(set) var lastSaved: SimTime?
    /// Why the last write failed, while it has not been retried with success.
    public private(set) var failure: String?

    /// - Parameters:
    ///   - capture: takes an image of the simulator and says its instant (the console's thread).
    ///   - commit: writes an image (the saver's thread); a throw leaves the state as it was.
    ///   - describe: a failure in words for the operator.
    ///   - interval: wall seconds between checkpoints while the clock moves.
    ///   - now: the wall clock in seconds at construction (the interval counts from it).
    public init(capture: @escaping () -> (image: Image, clock: SimTime), commit: @escaping @Sendable (Image) throws -> Void,
                describe: @escaping @Sendable (Error) -> String = { "\($0)" }, interval: Double, now: Double) {
        self.capture = capture
        self.commit = commit
        self.describe = describe
        self.interval = interval
        lastStart = now
    }

    /// A write is running on the saver's thread.
    public var committing: Bool {
        lock.lock()
        defer { lock.unlock() }
        return inFlight
    }

    /// Asks for a checkpoint (coalesced with any other asked before it starts): `now` at the next
    /// turn, otherwise at the next turn after the pacing pause.
    public func request(now: Bool = false) {
        requested = true
        urgent = urgent || now
    }

    /// After a failure: try again at the next turn. False when a write is already running (then
    /// its outcome answers).
    @discardableResult
    public func retry() -> Bool {
        guard failure != nil, !committing else { return false }
        retryAsked = true
        return true
    }

    /// Once per loop turn, on the console's thread: takes the outcome of a write that finished, then
    /// starts the next when one is due and none is in flight. `now` is the wall clock in seconds,
    /// `clock` the simulator's. Returns the finished write's outcome, if one finished.
    @discardableResult
    public func turn(now: Double, clock: SimTime) -> Outcome? {
        lock.lock()
        let outcome = finished
        finished = nil
        let busy = inFlight
        lock.unlock()
        if let outcome {
            settle(outcome)
            if case .saved(_, let ms) = outcome { pacedUntil = now + Self.pacing * ms / 1_000 }
        }
        guard !busy else { return outcome }
        let due: Bool
        if failure != nil {
            due = retryAsked
        } else {
            due = urgent || (requested && now >= pacedUntil) || (now - lastStart >= interval && clock != capturedClock)
        }
        if due { start(now: now) }
        return outcome
    }

    /// The way out, on the console's thread (with the loop stopped): waits for the write in flight,
    /// then takes a last image and writes it here. Returns that write's outcome. The image is taken
    /// after the wait, so that segments a failed write gave back are in it.
    public func finish() -> Outcome {
        worker.waitIdle()
        lock.lock()
        if let outcome = finished { settle(outcome) }
        finished = nil
        lock.unlock()
        let (image, clock) = capture()
        let outcome = write(image, clock: clock)
        settle(outcome)
        return outcome
    }

    private func start(now: Double) {
        requested = false
        urgent = false
        retryAsked = false
        lastStart = now
        let (image, clock) = capture()
        capturedClock = clock
        lock.lock()
        inFlight = true
        lock.unlock()
        worker.submit { [self] in
            let outcome = write(image, clock: clock)
            lock.lock()
            finished = outcome
            inFlight = false
            lock.unlock()
        }
    }

    private func write(_ image: Image, clock: SimTime) -> Outcome {
        let began = DispatchTime.now().uptimeNanoseconds
        do {
            try commit(image)
            return .saved(clock: clock, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6)
        } catch {
            return .failed(message: describe(error), clock: clock)
        }
    }

    private func settle(_ outcome: Outcome) {
        switch outcome {
        case .saved(let clock, _):
            lastSaved = clock
            failure = nil
        case .failed(let message, _):
            failure = message
        }
    }
}

/// The saver's thread: runs one job at a time, at nice 10 on Linux (the nice value is per thread
/// there), so that encoding and writing a large checkpoint leaves the CPU to the console's thread
/// when both want it.
private final class Worker: @unchecked Sendable {
    private let condition = NSCondition()
    private var job: (@Sendable () -> Void)?
    private var running = false

    init() {
        let thread = Thread { [self] in
            #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            #endif
            while true {
                condition.lock()
                while job == nil { condition.wait() }
                let next = job!
                job = nil
                running = true
                condition.unlock()
                next()
                condition.lock()
                running = false
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.name = "vigil.checkpoint"
        thread.start()
    }

    /// Hands the thread its next job (the saver never gives it one while another runs).
    func submit(_ work: @escaping @Sendable () -> Void) {
        condition.lock()
        job = work
        condition.broadcast()
        condition.unlock()
    }

    /// Returns once no job is waiting or running.
    func waitIdle() {
        condition.lock()
        while job != nil || running { condition.wait() }
        condition.unlock()
    }
}

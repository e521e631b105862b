import HeapModule

/// The time management program (113 in the specification): the array's clock, the work due at
/// future instants, and when each group's time triggers fire next (Fig. 5 step 504: "the time
/// management program manages the system internal time and time information; when the time to
/// acquire a backup comes, the backup control program is notified").
///
/// It owns no policy: the backup control program asks it to schedule work and takes what is due,
/// in (time, order scheduled) order, so a run depends on nothing but its scenario and seed.
struct TimeManagement {
    /// The simulated clock.
    var now: SimTime
    /// Work due at future instants, earliest first; ties in the order they were scheduled.
    private(set) var queue = Heap<ScheduledWork>()
    /// The number of the last work scheduled (the tie-breaker).
    private(set) var sequence: UInt64 = 0
    /// Per group, the generation of its interval trigger: a scheduled interval trigger of an older
    /// epoch is dropped when it comes due. Bumped only when the interval itself changes.
    var intervalEpoch: [Int]
    /// The same for the daily hour trigger, apart so that changing one kind of trigger leaves the
    /// other's schedule alone.
    var hourEpoch: [Int]
    /// When each group's interval and hour triggers next fire (for the console's "next" column
    /// and the compliance rules).
    var next: [NextTimeTriggers]

    init(now: SimTime, groups: Int) {
        self.now = now
        intervalEpoch = Array(repeating: 0, count: groups)
        hourEpoch = Array(repeating: 0, count: groups)
        next = Array(repeating: NextTimeTriggers(), count: groups)
    }

    /// Takes over a stored schedule.
    init(now: SimTime, queue: [ScheduledWork], sequence: UInt64, intervalEpoch: [Int], hourEpoch: [Int], next: [NextTimeTriggers]) {
        self.now = now
        self.queue = Heap(queue)
        self.sequence = sequence
        self.intervalEpoch = intervalEpoch
        self.hourEpoch = hourEpoch
        self.next = next
    }

    /// A group added after the array was built (a file group) starts with fresh epochs.
    mutating func addGroup() {
        intervalEpoch.append(0)
        hourEpoch.append(0)
        next.append(NextTimeTriggers())
    }

    /// Schedules work at `time`; among work due at the same instant it runs after what was
    /// scheduled before it.
    mutating func schedule(_ time: SimTime, _ kind: ScheduledWork.Kind) {
        sequence += 1
        queue.insert(ScheduledWork(time: time, sequence: sequence, kind: kind))
    }

    /// The next work due at or before `limit`, taken off the queue with the clock moved to it.
    mutating func takeDue(until limit: SimTime) -> ScheduledWork? {
        guard let first = queue.min, first.time <= limit else { return nil }
        _ = queue.removeMin()
        now = first.time
        return first
    }

    /// Whether more work is due at the current instant (compliance is judged once it is all done).
    var moreDueNow: Bool { queue.min.map { $0.time <= now } ?? false }

    /// The stored form of the queue: sorted, so that equal states encode equally.
    var storedQueue: [ScheduledWork] { queue.unordered.sorted() }

    /// The first instant at or after `t` whose time of day is `hour` seconds past midnight (UTC).
    static func nextDaily(hour: Int64, atOrAfter t: SimTime) -> SimTime {
        let dayStart = t.seconds - t.secondOfDay
        var next = dayStart + hour
        if next < t.seconds { next += 86_400 }
        return SimTime(next)
    }
}

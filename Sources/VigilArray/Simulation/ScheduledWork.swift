/// Something the array has to do at a moment of simulated time. At one instant the workload tick
/// comes first: it applies the host writes of the interval that ends there, which a backup whose point
/// in time is that instant must hold (and a trigger scheduled an interval earlier would otherwise
/// precede a tick scheduled a tick earlier). Other ties are broken by the order they were scheduled
/// in, so a run never depends on anything but its scenario and seed.
struct ScheduledWork: Comparable, Codable {
    enum Kind: Codable, Equatable {
        case workloadTick
        case intervalTrigger(group: Int, epoch: Int)
        case hourTrigger(group: Int, epoch: Int)
        case initialCopyDone(volume: Int)
        case copyDone(volume: Int, generation: Int)
        case mirrorSynced(volume: Int, area: Int)
        case restoreDone(id: Int)
        case hostCopyDone(record: Int)
        case transferDone(volume: Int, epoch: Int)
        case remoteCopyDone(record: Int)
        case scripted(index: Int)
        /// A copy in the bandwidth model is due (see `CopyFlows`); older epochs are dropped.
        case flowDue(flow: Int, epoch: Int)
        /// A stage inside a copy ends: the model re-solves the rates and the dues move.
        case flowsWake(epoch: Int)
    }
    let time: SimTime
    let sequence: UInt64
    let kind: Kind

    static func < (a: ScheduledWork, b: ScheduledWork) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.isWorkloadTick != b.isWorkloadTick { return a.isWorkloadTick }
        return a.sequence < b.sequence
    }

    private var isWorkloadTick: Bool {
        if case .workloadTick = kind { return true } else { return false }
    }
    static func == (a: ScheduledWork, b: ScheduledWork) -> Bool { a.time == b.time && a.sequence == b.sequence }
}

/// When a group's interval and hour triggers next fire.
struct NextTimeTriggers: Codable, Equatable {
    var interval: SimTime?
    var hour: SimTime?
}

/// The data-transfer model: copies are flows over resources of limited MB/s, and flows that share
/// a resource share its MB/s, max-min fairly, with restores served first.
///
/// Rates are solved by progressive filling, as SimGrid's `lmm` solver does: within a priority
/// class, divide each resource's remaining capacity by the weight of the flows not yet fixed on it,
/// take the smallest share (the bottleneck), fix those flows at it, take their use off every other
/// resource they cross, and repeat. No flow can then go faster without slowing one that is no
/// faster. A lower class is solved first and a higher class gets what is left.
///
/// Time is continuous inside the model (seconds since `origin`, as a Double) so that a copy of
/// several stages ends when its bytes have moved; what the model reports to the engine are whole
/// seconds, rounded up. A flow whose rate never changes ends exactly at
/// `start + ⌈bytes / rate⌉` (MB = 10^6 bytes), the engine's figure for a copy alone.
///
/// It is deterministic: flows are kept in ID order, resources in `TransferResource` order, and
/// every sum is taken in that order.
public struct BandwidthModel: Codable, Sendable, Equatable {
    /// A resource and its capacity in MB/s.
    public struct Capacity: Codable, Sendable, Equatable {
        public var resource: TransferResource
        public var mbps: Double
    }

    public let origin: SimTime
    /// Model seconds since `origin` up to which everything is accounted.
    public private(set) var clock: Double = 0
    /// Every resource a flow uses, sorted.
    public private(set) var capacities: [Capacity] = []
    /// Flows in ID order, finished ones included until removed.
    public private(set) var flows: [TransferFlow] = []
    /// Rates are stale: a flow started, moved to another stage or left, or a capacity changed.
    var dirty = false

    public init(origin: SimTime) {
        self.origin = origin
    }

    func seconds(_ t: SimTime) -> Double { Double(t.seconds - origin.seconds) }

    // MARK: Changes

    /// Sets a resource's capacity at `t` (adding the resource if new).
    public mutating func setCapacity(_ r: TransferResource, _ mbps: Double, at t: SimTime) {
        advance(to: t)
        let value = mbps.isFinite ? max(0, mbps) : 0
        switch capacityIndex(r) {
        case .found(let i):
            if capacities[i].mbps != value {
                capacities[i].mbps = value
                dirty = true
            }
        case .insert(let i):
            capacities.insert(Capacity(resource: r, mbps: value), at: i)
            dirty = true
        }
    }

    public func capacity(_ r: TransferResource) -> Double? {
        if case .found(let i) = capacityIndex(r) { return capacities[i].mbps }
        return nil
    }

    /// Starts a flow at `t`. Every resource its stages use must have a capacity set (one that has
    /// none counts as 0 MB/s). IDs must increase.
    public mutating func start(id: Int, stages: [TransferStage], priority: Int = 1, weight: Double = 1, at t: SimTime) {
        advance(to: t)
        var flow = TransferFlow(id: id, priority: priority, weight: weight, stages: stages, at: clock)
        Self.beginStage(&flow, at: clock)
        if let i = flows.firstIndex(where: { $0.id > id }) { flows.insert(flow, at: i) } else { flows.append(flow) }
        dirty = true
    }

    /// Takes a flow out at `t` (finished or not) and returns it, with what it measured. Resources
    /// no flow uses any more are dropped.
    @discardableResult
    public mutating func remove(id: Int, at t: SimTime) -> TransferFlow? {
        advance(to: t)
        // By index: a closure over the flows would be handed a copy of each.
        var i = 0
        while i < flows.count, flows[i].id != id { i += 1 }
        guard i < flows.count else { return nil }
        var flow = flows.remove(at: i)
        if flow.finishedAt == nil { Self.credit(&flow, at: clock) }
        // Only the removed flow's resources can have become unused.
        for s in flow.stages {
            for r in s.resources where !isUsed(r) {
                if case .found(let k) = capacityIndex(r) { capacities.remove(at: k) }
            }
        }
        if flow.isTransferring { dirty = true }
        return flow
    }

    public func flow(_ id: Int) -> TransferFlow? { flows.first { $0.id == id } }

    /// Whether any flow's stages go through `r`.
    func isUsed(_ r: TransferResource) -> Bool {
        for f in flows.indices {
            for s in flows[f].stages.indices where flows[f].stages[s].resources.contains(r) { return true }
        }
        return false
    }

    // MARK: Time

    /// Accounts everything up to `t`: stages that end on the way end at their own (fractional)
    /// instants, and rates are re-solved at each, so the result does not depend on how often the
    /// engine calls.
    public mutating func advance(to t: SimTime) {
        let target = seconds(t)
        // Rates are needed only once time moves: flows started in one instant are solved together.
        if dirty, target > clock { solve() }
        while true {
            var earliest = Double.infinity
            for i in flows.indices where flows[i].finishedAt == nil {
                if let e = Self.stageEnd(flows[i]), e < earliest { earliest = e }
            }
            guard earliest <= target else { break }
            clock = max(clock, earliest)
            for i in flows.indices where flows[i].finishedAt == nil && Self.stageEnd(flows[i]) == earliest {
                Self.endStage(&flows[i], at: earliest)
            }
            // Steps that end at the target itself are re-solved when time moves on (or when asked).
            if earliest < target { solve() } else { dirty = true }
        }
        clock = max(clock, target)
    }

    /// The whole second each flow is due: when it finished, or when it would finish if its current
    /// rate held and its later stages ran alone (nil while it is stopped at 0 MB/s). Solves first.
    public mutating func dues() -> [(id: Int, due: SimTime?)] {
        if dirty { solve() }
        return flows.indices.map { i in (flows[i].id, projectedDue(flows[i])) }
    }

    /// The whole second by which the earliest stage boundary short of a flow's end is passed: the
    /// engine looks again then, since the rates change there.
    public mutating func nextStageBoundary() -> SimTime? {
        if dirty { solve() }
        var earliest = Double.infinity
        for f in flows where f.finishedAt == nil && !Self.isLastStep(f) {
            if let e = Self.stageEnd(f), e < earliest { earliest = e }
        }
        guard earliest.isFinite, earliest < Self.neverSeconds else { return nil }
        return SimTime(origin.seconds + Int64(earliest.rounded(.up)))
    }

    /// Seconds a flow of these stages would take alone from `t`, by the capacities set now (nil when
    /// a resource it needs is at 0 MB/s).
    public func aloneSeconds(_ stages: [TransferStage], at t: SimTime) -> Int64? {
        let start = seconds(t)
        guard let end = project(stages[...], from: start) else { return nil }
        return end - Int64(start)
    }

    // MARK: Solving

    /// Progressive filling, class by class (see the type's description).
    mutating func solve() {
        dirty = false
        let n = capacities.count
        var remaining = capacities.map(\.mbps)
        var rates = [Double](repeating: 0, count: flows.count)
        var limiters = [TransferResource?](repeating: nil, count: flows.count)
        // The capacity indices of the resources each flow's current stage uses, all flows' one
        // after another: flow i's are uses[useStart[i]..<useStart[i + 1]], none for a flow not
        // transferring. One array for all, where an array per flow per solve was most of a
        // solve's cost.
        var uses: [Int] = []
        var useStart = [Int](repeating: 0, count: flows.count + 1)
        var classes: [Int] = []
        for i in flows.indices {
            useStart[i] = uses.count
            defer { useStart[i + 1] = uses.count }
            guard flows[i].isTransferring else { continue }
            let priority = flows[i].priority
            var unknown = false
            for r in flows[i].stages[flows[i].stage].resources {
                if case .found(let k) = capacityIndex(r) { uses.append(k) } else { unknown = true }
            }
            if unknown {
                // A resource nobody gave a capacity for carries nothing.
                uses.removeLast(uses.count - useStart[i])
                rates[i] = 0
                continue
            }
            if !classes.contains(priority) { classes.append(priority) }
        }
        classes.sort()
        var weights = [Double](repeating: 0, count: n)
        var unfixed: [Int] = [], still: [Int] = []
        for p in classes {
            unfixed.removeAll(keepingCapacity: true)
            for i in flows.indices where useStart[i + 1] > useStart[i] && flows[i].priority == p { unfixed.append(i) }
            while !unfixed.isEmpty {
                for k in 0..<n { weights[k] = 0 }
                for i in unfixed { for u in useStart[i]..<useStart[i + 1] { weights[uses[u]] += flows[i].weight } }
                var bottleneck = -1
                var share = Double.infinity
                for k in 0..<n where weights[k] > 0 {
                    let s = max(0, remaining[k]) / weights[k]
                    if s < share {
                        share = s
                        bottleneck = k
                    }
                }
                guard bottleneck >= 0 else { break }
                still.removeAll(keepingCapacity: true)
                for i in unfixed {
                    guard uses[useStart[i]..<useStart[i + 1]].contains(bottleneck) else {
                        still.append(i)
                        continue
                    }
                    let rate = share * flows[i].weight
                    rates[i] = rate
                    limiters[i] = capacities[bottleneck].resource
                    for u in useStart[i]..<useStart[i + 1] {
                        let k = uses[u]
                        // What is left of a resource after sharing it out is 0 in exact arithmetic
                        // but can be a rounding crumb (250 − 3 × 250/3 = 2.8e-14); a crumb would
                        // give the next class a "rate" that makes a copy take longer than the
                        // clock can count. Leftovers below a byte a second are none.
                        let left = remaining[k] - rate
                        remaining[k] = left < Self.negligibleMBps ? 0 : left
                    }
                }
                swap(&unfixed, &still)
            }
        }
        for i in flows.indices where flows[i].isTransferring {
            let rate = rates[i], limiter = limiters[i]
            if rate != flows[i].rate {
                Self.credit(&flows[i], at: clock)
                Self.anchor(&flows[i], at: clock)
                flows[i].rate = rate
                flows[i].limiter = limiter
            } else if limiter != flows[i].limiter {
                Self.credit(&flows[i], at: clock)
                flows[i].limiter = limiter
            }
        }
    }

    // MARK: Flow bookkeeping

    // These work on one flow and read nothing else of the model, so they are static: called on
    // `flows[i]` in place, an instance method would first copy the whole model (a read of `self`
    // overlapping the write to `flows[i]`), and with it every flow — the largest cost of a solve.

    enum Slot { case found(Int), insert(Int) }

    func capacityIndex(_ r: TransferResource) -> Slot {
        var lo = 0, hi = capacities.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if capacities[mid].resource < r { lo = mid + 1 } else { hi = mid }
        }
        return lo < capacities.count && capacities[lo].resource == r ? .found(lo) : .insert(lo)
    }

    /// Moves the progress anchor to `t` at the current rate (only when the rate is about to change).
    static func anchor(_ f: inout TransferFlow, at t: Double) {
        guard f.isTransferring, t > f.since else { return }
        if f.rate > 0 { f.left = max(0, f.left - f.rate * 1_000_000 * (t - f.since)) }
        f.since = t
    }

    /// Adds the time since `limiterSince` to what the current limiter delivered.
    static func credit(_ f: inout TransferFlow, at t: Double) {
        defer { f.limiterSince = t }
        guard f.isTransferring, let r = f.limiter, f.rate > 0, f.rate.isFinite, t > f.limiterSince else { return }
        let dt = t - f.limiterSince
        if let k = f.measures.firstIndex(where: { $0.resource == r }) {
            f.measures[k].bytes += f.rate * 1_000_000 * dt
            f.measures[k].seconds += dt
            f.measures[k].minRate = min(f.measures[k].minRate, f.rate)
            f.measures[k].maxRate = max(f.measures[k].maxRate, f.rate)
        } else {
            f.measures.append(TransferMeasure(resource: r, bytes: f.rate * 1_000_000 * dt, seconds: dt, minRate: f.rate, maxRate: f.rate))
        }
    }

    /// Seconds a stage of `x` seconds begun at `since` ends at, and the whole second it is due:
    /// ⌊since⌋ + ⌈frac(since) + x⌉, which for a whole `since` is exactly `since + ⌈x⌉`, never before
    /// the end itself.
    static func whole(since: Double, x: Double) -> (end: Double, due: Int64) {
        let end = since + x
        // Past what the clock can hold, a step never ends: say so rather than trap converting it.
        guard end.isFinite, end < Self.neverSeconds else { return (.infinity, Int64(Self.neverSeconds)) }
        let base = since.rounded(.down)
        let due = Int64(base) + Int64((since - base + x).rounded(.up))
        return (end, max(due, Int64(end.rounded(.up))))
    }

    /// Capacity left over below this (MB/s, a byte a second) counts as none.
    static let negligibleMBps = 1e-6
    /// Model seconds from which a step counts as never ending (about 146 million years; the
    /// engine's runs are bounded far below it, and it keeps every conversion to Int64 in range).
    static let neverSeconds = Double(Int64.max / 4)

    /// Seconds the current step of a flow lasts from its anchor at its current rate (nil while stopped).
    static func stepSeconds(_ f: TransferFlow) -> Double? {
        if f.alignTo != nil { return nil }
        let s = f.stages[f.stage]
        if s.isWait { return f.left }
        // A stage through no resource at all (nothing to share) moves at once.
        if f.left <= 0 || s.resources.isEmpty { return 0 }
        guard f.rate > 0 else { return nil }
        let x = f.left / (f.rate * 1_000_000)
        // A copy that would outlast the clock is stopped, as one at 0 MB/s is.
        return x.isFinite && x < Self.neverSeconds ? x : nil
    }

    static func stageEnd(_ f: TransferFlow) -> Double? {
        if let a = f.alignTo { return a }
        guard f.stage < f.stages.count, let x = Self.stepSeconds(f) else { return nil }
        return Self.whole(since: f.since, x: x).end
    }

    static func isLastStep(_ f: TransferFlow) -> Bool {
        f.alignTo == nil && f.stage == f.stages.count - 1
    }

    /// Ends the flow's current step at `t` (the caller re-solves the rates).
    static func endStage(_ f: inout TransferFlow, at t: Double) {
        if f.alignTo != nil {
            f.alignTo = nil
            f.stage += 1
            Self.beginStage(&f, at: t)
            return
        }
        Self.credit(&f, at: t)
        let s = f.stages[f.stage]
        let due = Self.stepSeconds(f).map { Self.whole(since: f.since, x: $0).due } ?? Int64(t.rounded(.up))
        f.rate = 0
        f.limiter = nil
        if f.stage == f.stages.count - 1 {
            f.stage = f.stages.count
            f.finishedAt = t
            f.finishDue = due
        } else if s.endsOnWholeSecond, Double(due) > t {
            f.alignTo = Double(due)
        } else {
            f.stage += 1
            Self.beginStage(&f, at: s.endsOnWholeSecond ? Double(due) : t)
        }
    }

    /// Starts the flow's current stage at `t`; stages that take no time pass at once.
    static func beginStage(_ f: inout TransferFlow, at t: Double) {
        f.since = t
        f.limiterSince = t
        f.rate = 0
        f.limiter = nil
        guard f.stage < f.stages.count else { return }
        let s = f.stages[f.stage]
        f.left = s.isWait ? s.seconds : s.bytes
    }

    /// The whole second a flow is due if nothing changes but its later stages run alone.
    func projectedDue(_ f: TransferFlow) -> SimTime? {
        if let due = f.finishDue { return SimTime(origin.seconds + due) }
        var start: Double
        if let a = f.alignTo {
            start = a
            guard let end = project(f.stages[(f.stage + 1)...], from: start) else { return nil }
            return SimTime(origin.seconds + max(end, Int64(a)))
        }
        guard let x = Self.stepSeconds(f) else { return nil }
        let current = Self.whole(since: f.since, x: x)
        if Self.isLastStep(f) { return SimTime(origin.seconds + current.due) }
        start = f.stages[f.stage].endsOnWholeSecond ? Double(current.due) : current.end
        guard let end = project(f.stages[(f.stage + 1)...], from: start) else { return nil }
        return SimTime(origin.seconds + end)
    }

    /// Runs stages alone from `start` (model seconds) by the capacities set now; the whole second
    /// the last ends, or nil if one cannot move.
    func project(_ stages: ArraySlice<TransferStage>, from start: Double) -> Int64? {
        var t = start
        var due = Int64(start.rounded(.up))
        for s in stages {
            let x: Double
            if s.isWait {
                x = s.seconds
            } else if s.bytes <= 0 || s.resources.isEmpty {
                x = 0
            } else {
                var rate = Double.infinity
                for r in s.resources { rate = min(rate, capacity(r) ?? 0) }
                guard rate > 0 else { return nil }
                x = s.bytes / (rate * 1_000_000)
                guard x.isFinite, x < Self.neverSeconds else { return nil }
            }
            let w = Self.whole(since: t, x: x)
            due = w.due
            t = s.endsOnWholeSecond ? Double(w.due) : w.end
        }
        return due
    }
}

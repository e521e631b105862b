/// A copy in the bandwidth model: its stages, where it is in them and the rate it has now.
///
/// Progress is anchored: `left` is what remained of the current stage at `since`, and it is
/// re-anchored only when the rate changes, so a flow whose rate never changes ends exactly at
/// `start + bytes / rate` however many other flows come and go.
public struct TransferFlow: Codable, Sendable, Equatable {
    public let id: Int
    /// Strict class: every flow of a lower class is served before any of a higher one
    /// (restores are class 0, backups 1).
    public let priority: Int
    /// Share within its class, relative to the others on the same bottleneck.
    public let weight: Double
    public let stages: [TransferStage]
    /// The current stage; `stages.count` once finished.
    public internal(set) var stage = 0
    /// Bytes (transfer) or seconds (wait) of the current stage left at `since` (model seconds).
    var left: Double
    var since: Double
    /// MB/s now (transfer stages only).
    public internal(set) var rate: Double = 0
    /// The resource that fixed the rate in the last solve.
    public internal(set) var limiter: TransferResource?
    var limiterSince: Double
    /// Set while waiting for the next whole second after a stage that ends on one.
    var alignTo: Double?
    public internal(set) var measures: [TransferMeasure] = []
    /// Model seconds at which the last stage ended, and the whole second the flow is due then.
    public internal(set) var finishedAt: Double?
    var finishDue: Int64?

    init(id: Int, priority: Int, weight: Double, stages: [TransferStage], at t: Double) {
        self.id = id
        self.priority = priority
        self.weight = weight > 0 ? weight : 1
        self.stages = stages
        left = stages.first.map { $0.isWait ? $0.seconds : $0.bytes } ?? 0
        since = t
        limiterSince = t
        if stages.isEmpty {
            stage = 0
            finishedAt = t
            finishDue = Int64(t.rounded(.up))
        }
    }

    public var isFinished: Bool { finishedAt != nil }
    /// Moving bytes now (not waiting, not finished).
    var isTransferring: Bool { finishedAt == nil && alignTo == nil && stage < stages.count && !stages[stage].isWait }
}

/// One step of a copy: bytes moved through a set of resources at the rate the bandwidth model
/// gives, or a fixed wait (a line's latency, a host switching volumes) that uses no bandwidth.
public struct TransferStage: Codable, Sendable, Equatable {
    /// Bytes to move (a transfer), or 0 for a wait.
    public var bytes: Double
    /// What the bytes go through, sorted and without repeats; empty for a wait.
    public var resources: [TransferResource]
    /// Seconds a wait lasts (0 for a transfer).
    public var seconds: Double
    /// The next stage begins on the next whole second after this one ends: the copy program
    /// starts a new part of a copy on its one-second tick, as the engine did before copies shared
    /// bandwidth (a synthetic full was timed as two rounded parts).
    public var endsOnWholeSecond: Bool

    public static func transfer(bytes: Int64, over resources: [TransferResource], endsOnWholeSecond: Bool = false) -> Self {
        TransferStage(bytes: Double(max(0, bytes)), resources: sortedUnique(resources), seconds: 0,
                      endsOnWholeSecond: endsOnWholeSecond)
    }

    public static func wait(seconds: Double) -> Self {
        TransferStage(bytes: 0, resources: [], seconds: max(0, seconds), endsOnWholeSecond: false)
    }

    public var isWait: Bool { resources.isEmpty && bytes == 0 }

    /// Sorted, each once (a resource listed twice would count the flow twice on it).
    static func sortedUnique(_ list: [TransferResource]) -> [TransferResource] {
        var out = list.sorted()
        var i = 1
        while i < out.count {
            if out[i] == out[i - 1] { out.remove(at: i) } else { i += 1 }
        }
        return out
    }
}

/// What one flow got through one resource while that resource was what limited it.
public struct TransferMeasure: Codable, Sendable, Equatable {
    public var resource: TransferResource
    public var bytes: Double
    public var seconds: Double
    var minRate: Double
    var maxRate: Double

    /// MB/s achieved. A flow that kept one rate throughout reports that rate exactly (not a
    /// quotient that may differ from it in the last bit), so a copy that ran alone measures
    /// exactly the model's figure.
    public var mbps: Double {
        if minRate == maxRate { return minRate }
        return seconds > 0 ? bytes / seconds / 1_000_000 : maxRate
    }
}

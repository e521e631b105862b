/// Where a workload's writes land on its volume.
public enum WritePattern: Sendable, Codable, Equatable {
    /// Anywhere on the volume with equal probability.
    case uniform
    /// `share` of the writes land in a hot region covering `fraction` of the volume.
    case hotspot(fraction: Double, share: Double)
    /// One stream moving forward through the volume, wrapping at the end (logs, media).
    case sequential
}

/// A volume's write load: rate, I/O size, pattern, and an optional curve over the day.
public struct Workload: Sendable, Codable, Equatable {
    public var volume: Int
    /// Bytes written per second at curve factor 1.
    public var bytesPerSecond: Double
    public var ioSize: Int64
    public var pattern: WritePattern
    /// 24 factors, one per UTC hour; empty means flat.
    public var dailyCurve: [Double]

    public init(volume: Int, bytesPerSecond: Double, ioSize: Int64, pattern: WritePattern, dailyCurve: [Double] = []) {
        self.volume = volume
        self.bytesPerSecond = bytesPerSecond
        self.ioSize = ioSize
        self.pattern = pattern
        self.dailyCurve = dailyCurve
    }

    /// The daily curve integrated over `[time − seconds, time)`: each hour of the day the interval
    /// covers, weighted by the interval's seconds inside it (whole days add the whole curve). A tick
    /// applies the writes of the interval that ends at it, so reading the factor at `time` alone would
    /// put an hour's writes into the next hour's tick, and a tick of a day would only ever see
    /// midnight. `bytesPerSecond ×` this is the tick's bytes. At most 25 steps, no allocation.
    public func factorSeconds(over seconds: Int64, endingAt time: SimTime) -> Double {
        guard seconds > 0 else { return 0 }
        guard dailyCurve.count == 24 else { return Double(seconds) }
        let day: Int64 = 86_400, hour: Int64 = 3_600
        let days = seconds / day
        var total = 0.0
        if days > 0 {
            var curveSum = 0.0
            for f in dailyCurve { curveSum += f }
            total = Double(days) * Double(hour) * curveSum
        }
        var left = seconds % day
        // Walk forward from the start of the part shorter than a day; both operands are below a day,
        // so the subtraction cannot overflow whatever `seconds` is.
        var at = (time.secondOfDay - left + day) % day
        while left > 0 {
            let inHour = min(left, hour - at % hour)
            total += dailyCurve[Int(at / hour)] * Double(inHour)
            left -= inHour
            at = (at + inHour) % day
        }
        return total
    }
}

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

    /// The rate factor in force at a time of day.
    public func factor(at time: SimTime) -> Double {
        dailyCurve.count == 24 ? dailyCurve[Int(time.secondOfDay / 3_600)] : 1
    }
}

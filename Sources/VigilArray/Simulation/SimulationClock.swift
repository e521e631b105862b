/// How fast the console runs the array's clock: paused, or ×1 … ×100,000 simulated seconds per wall
/// second. Headless runs do not use it; they advance as fast as the machine allows.
public struct SimulationClock: Sendable, Equatable {
    /// The speeds `+` and `-` step through.
    public static let speeds: [Double] = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600, 10_000, 30_000, 100_000]
    public private(set) var speedIndex: Int
    public private(set) var paused: Bool
    /// Simulated seconds owed but not yet whole (the array's clock moves in whole seconds).
    private var carry: Double = 0

    public init(speed: Double = 60, paused: Bool = false) {
        speedIndex = Self.speeds.lastIndex { $0 <= speed } ?? 0
        self.paused = paused
    }

    public var speed: Double { Self.speeds[speedIndex] }

    public mutating func faster() { speedIndex = min(Self.speeds.count - 1, speedIndex + 1) }
    public mutating func slower() { speedIndex = max(0, speedIndex - 1) }
    public mutating func togglePause() { paused.toggle() }

    /// Whole simulated seconds to advance for `wall` seconds of real time; fractions carry over.
    public mutating func simulatedSeconds(forWall wall: Double) -> Int64 {
        guard !paused, wall > 0 else { return 0 }
        carry += wall * speed
        let whole = carry.rounded(.down)
        carry -= whole
        return Int64(whole)
    }
}

/// How fast the console runs the array's clock: paused, or ×1 … ×100,000 simulated seconds per wall
/// second. Headless runs do not use it; they advance as fast as the machine allows.
///
/// The rate is exactly the one asked for (`--speed 1000` runs 1,000 simulated seconds per wall
/// second) and `label` says that rate: ×1.8k is 1,800 s/s, not "about a thousand".
public struct SimulationClock: Sendable, Equatable {
    /// The speeds `+` and `-` step through: 30 minutes and an hour of simulated time per wall
    /// second are among them because an operator thinks in those.
    public static let speeds: [Double] = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1_800, 3_600, 10_000, 30_000, 100_000]
    public static let slowest: Double = 1
    public static let fastest: Double = 100_000
    /// Simulated seconds per wall second.
    public private(set) var speed: Double
    public private(set) var paused: Bool
    /// Simulated seconds owed but not yet whole (the array's clock moves in whole seconds).
    private var carry: Double = 0

    /// A speed outside 1 … 100,000 (the command line refuses those) is brought to the nearest bound.
    public init(speed: Double = 60, paused: Bool = false) {
        self.speed = speed.isNaN ? 60 : min(Self.fastest, max(Self.slowest, speed))
        self.paused = paused
    }

    /// The next step up, from any speed (one set off the steps goes to the step above it).
    public mutating func faster() { speed = Self.speeds.first { $0 > speed } ?? speed }
    /// The next step down.
    public mutating func slower() { speed = Self.speeds.last { $0 < speed } ?? speed }
    public mutating func togglePause() { paused.toggle() }

    /// The rate as the title shows it, without rounding: "60", "1.8k", "10k", "1250", "2.5".
    public var label: String { Self.label(speed) }

    public static func label(_ speed: Double) -> String {
        let tenths = (speed * 10).rounded()
        // Thousands read as "k" only where that is exact to the one decimal shown.
        if speed >= 1_000, speed.truncatingRemainder(dividingBy: 100) == 0 {
            let k = speed / 1_000
            return k == k.rounded() ? "\(Int(k))k" : "\(Int(speed / 100) / 10).\(Int(speed / 100) % 10)k"
        }
        if speed == speed.rounded() { return "\(Int(speed))" }
        if speed * 10 == tenths { return "\(Int(tenths) / 10).\(Int(tenths) % 10)" }
        return "\(speed)"
    }

    /// Whole simulated seconds to advance for `wall` seconds of real time; fractions carry over.
    public mutating func simulatedSeconds(forWall wall: Double) -> Int64 {
        guard !paused, wall > 0 else { return 0 }
        carry += wall * speed
        let whole = carry.rounded(.down)
        carry -= whole
        return Int64(whole)
    }
}

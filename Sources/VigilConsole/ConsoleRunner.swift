import Foundation

/// The console loop: poll input with a timeout, hand every event to the model (a key's frame is drawn
/// at once), advance the clock by the wall time that passed, and draw a frame when something
/// changed. One thread, one loop.
public final class ConsoleRunner {
    public let model: ConsoleModel
    public let backend: TerminalBackend
    /// Longest wait for input between frames.
    public var refreshMs: Int
    private var themeDepth: ColorDepth
    /// Called after each frame that answered a key, with the milliseconds from the key's arrival
    /// to the frame handed to the terminal (for `vigil --frame-times`).
    public var onKeyFrame: ((Double) -> Void)?
    /// Called once per loop turn, after the frame (the executable checkpoints the state from here).
    public var onTurn: (() -> Void)?

    public init(model: ConsoleModel, backend: TerminalBackend, refreshMs: Int = 1_000) {
        self.model = model
        self.backend = backend
        self.refreshMs = max(10, refreshMs)
        themeDepth = backend.colorDepth
        let size = backend.size
        model.handle(.resize(width: size.width, height: size.height))
    }

    public func drawFrame() {
        backend.draw(ConsoleRenderer.render(model), styles: StyleResolver(theme: model.theme, depth: themeDepth))
    }

    /// Runs until the operator quits or a terminating signal arrives; returns that signal, if any.
    public func run() -> Int32? {
        let clock = ContinuousClock()
        var last = clock.now
        drawFrame()
        while !model.quit {
            if let signal = backend.takeTerminationSignal() { return signal }
            let events = backend.poll(timeoutMs: refreshMs)
            let arrived = clock.now
            var dirty = false
            for e in events { dirty = model.handle(e) || dirty }
            // A key is answered before the clock moves: its frame does not wait for the array to
            // run (on 10,000 volumes that and the snapshot after it are most of a turn), which then
            // runs in the pause before the operator's next key.
            if dirty, !model.quit, events.contains(where: { if case .key = $0 { true } else { false } }) {
                drawFrame()
                onKeyFrame?(Self.seconds(clock.now - arrived) * 1_000)
                dirty = false
            }
            let elapsed = arrived - last
            last = arrived
            // A long gap (the process was suspended, or the machine slept) is not simulated time:
            // the clock resumes where it stopped rather than leaping ahead.
            let wall = min(Self.seconds(elapsed), max(5, 5 * Double(refreshMs) / 1_000))
            dirty = model.advance(wallSeconds: wall) || dirty
            if dirty, !model.quit { drawFrame() }
            onTurn?()
        }
        return nil
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Feeds events without a clock, for tests: each batch is handled, then `simulated` seconds pass.
    public func step(_ events: [ConsoleEvent], wallSeconds: Double = 0) {
        for e in events { model.handle(e) }
        if wallSeconds > 0 { model.advance(wallSeconds: wallSeconds) }
        drawFrame()
    }
}

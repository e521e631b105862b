import Foundation

/// The console loop: poll input with a timeout, hand every event to the model, advance the clock by
/// the wall time that passed, and draw a frame when something changed. One thread, one loop.
public final class ConsoleRunner {
    public let model: ConsoleModel
    public let backend: TerminalBackend
    /// Longest wait for input between frames.
    public var refreshMs: Int
    private var themeDepth: ColorDepth

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
            var dirty = false
            for e in events { dirty = model.handle(e) || dirty }
            let now = clock.now
            let elapsed = now - last
            last = now
            let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            dirty = model.advance(wallSeconds: wall) || dirty
            if dirty, !model.quit { drawFrame() }
        }
        return nil
    }

    /// Feeds events without a clock, for tests: each batch is handled, then `simulated` seconds pass.
    public func step(_ events: [ConsoleEvent], wallSeconds: Double = 0) {
        for e in events { model.handle(e) }
        if wallSeconds > 0 { model.advance(wallSeconds: wallSeconds) }
        drawFrame()
    }
}

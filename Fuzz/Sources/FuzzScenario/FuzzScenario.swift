import FuzzDriver
import VigilArray

/// A scenario file: parsed, and when it parses, built into an array that runs ten simulated
/// minutes — values the loader accepts must not trap later either.
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let scenario = try? ScenarioLoader.parse(text, file: "fuzz.toml"),
          let sim = try? ArraySimulator(scenario: scenario) else { return 0 }
    sim.start()
    sim.run(until: sim.now + 600)
    return 0
}

/// The executable's entry (see `FuzzDriver`).
@_cdecl("FuzzScenario_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzScenario($0, $1) }
}

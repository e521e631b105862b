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

// SwiftPM links an executable with `main` aliased to `FuzzScenario_main`, which `-parse-as-library`
// leaves undefined; defining it to start libFuzzer's driver makes `swift build` work as it is.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzScenario_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { fuzzScenario($0, $1) }
}

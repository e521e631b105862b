import VigilArray

/// The value parsers the command line and the files share: durations, times, sizes, daily hours,
/// RAID layouts and disk types. Each must answer nil or a value, never trap.
public func fuzzValues(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let d = SimDuration.parse(text) { _ = SimDuration.format(d) }
    if let t = SimTime.parse(text) { _ = t.iso8601 }
    if let b = ByteSize.parse(text) { _ = ByteSize.format(b) }
    _ = ScenarioLoader.parseHour(text)
    _ = RAIDLayout.parse(text, disks: nil)
    _ = DiskType.parse(text)
    return 0
}

// SwiftPM links an executable with `main` aliased to `FuzzValues_main`, which `-parse-as-library`
// leaves undefined; defining it to start libFuzzer's driver makes `swift build` work as it is.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzValues_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { fuzzValues($0, $1) }
}

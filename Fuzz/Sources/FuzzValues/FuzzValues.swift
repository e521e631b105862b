import FuzzDriver
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

/// The executable's entry (see `FuzzDriver`).
@_cdecl("FuzzValues_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzValues($0, $1) }
}

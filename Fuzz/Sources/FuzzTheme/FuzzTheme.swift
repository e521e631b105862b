import FuzzDriver
import VigilConsole

/// A theme file: any text gives a theme (with warnings for what was skipped), never a crash.
public func fuzzTheme(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = ThemeLoader.parse(text, file: "fuzz.toml")
    return 0
}

/// The executable's entry (see `FuzzDriver`).
@_cdecl("FuzzTheme_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzTheme($0, $1) }
}

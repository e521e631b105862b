import Foundation

/// The console's log file, `$XDG_STATE_HOME/vigil/console.log` (default
/// `~/.local/state/vigil/console.log`): while curses owns the screen nothing may print to it.
final class ConsoleLog {
    let path: String
    private let handle: FileHandle?

    init(environment env: [String: String]) {
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.local/state")
        let dir = base + "/vigil"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        path = dir + "/console.log"
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    func write(_ line: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        handle?.write(Data("\(stamp) \(line)\n".utf8))
    }
}

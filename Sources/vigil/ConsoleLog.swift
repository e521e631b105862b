import Foundation
import VigilStore

/// The console's log file, `$XDG_STATE_HOME/vigil/console.log` (default
/// `~/.local/state/vigil/console.log`): while curses owns the screen nothing may print to it.
/// It records the operator's commands beside the states, so like them it is private: the folder
/// is made 0700 and the file 0600, whatever the umask (an existing one keeps its mode).
final class ConsoleLog {
    let path: String
    private let handle: FileHandle?

    init(environment env: [String: String]) {
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.local/state")
        let dir = base + "/vigil"
        try? StateStore.createPrivateDirectory(dir)
        path = dir + "/console.log"
        let fd = StateStore.openPrivate(path, flags: O_WRONLY | O_APPEND)
        handle = fd >= 0 ? FileHandle(fileDescriptor: fd, closeOnDealloc: true) : nil
    }

    func write(_ line: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        handle?.write(Data("\(stamp) \(line)\n".utf8))
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The exclusive lock a writer holds on a state directory (`writer.lock`, with its pid inside).
/// Readers do not take it; a second writer is refused with the holder's pid. The kernel drops the
/// lock when the process dies, even by SIGKILL, so a crash never leaves the state locked.
final class WriterLock {
    private let fd: Int32

    init(directory: String) throws {
        let path = directory + "/writer.lock"
        fd = StateStore.openPrivate(path, flags: O_RDWR)  // 0600 when new
        guard fd >= 0 else { throw StateStoreError("cannot open \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            close(fd)
            throw StateStoreError("\(directory) is in use by another Vigil writer (pid \(holder.isEmpty ? "?" : holder)); readers such as `vigil catalog list` may still open it")
        }
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

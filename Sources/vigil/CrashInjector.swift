import Foundation

/// Kills the process with SIGKILL at a named point, for the crash tests: `VIGIL_CRASH_AT=NAME`
/// (the first time NAME is reached) or `VIGIL_CRASH_AT=NAME:N` (the Nth time). Unset, it does nothing.
final class CrashInjector: @unchecked Sendable {
    private let name: String?
    private let at: Int
    private var hits = 0
    private let lock = NSLock()

    init(environment env: [String: String]) {
        guard let spec = env["VIGIL_CRASH_AT"], !spec.isEmpty else {
            name = nil
            at = 0
            return
        }
        let parts = spec.split(separator: ":")
        name = String(parts[0])
        at = parts.count > 1 ? Int(parts[1]) ?? 1 : 1
    }

    func hit(_ point: String) {
        guard point == name else { return }
        lock.lock()
        hits += 1
        let now = hits
        lock.unlock()
        if now == at { kill(getpid(), SIGKILL) }
    }
}

import Foundation
import VigilArray
import VigilStore

extension ArrayEvent {
    /// Events that change what the catalog holds (a generation complete, merged or invalidated, an
    /// expansion request and its answer, a restore done, objectives changed): a stored array is
    /// checkpointed right after them — `vigil simulate --state` before it prints them, the console
    /// at its next loop turn.
    var changesCatalog: Bool {
        switch kind {
        case .backupCompleted, .generationInvalidated, .generationMerged, .poolExpansionRequested,
             .poolExpansionApproved, .poolExpansionDenied, .restoreCompleted, .restoreVerified, .objectivesChanged:
            true
        default:
            false
        }
    }
}

/// The console's writes to its state directory, made on the checkpoint queue: each checkpoint
/// image, then the journal lines of the commands sent since the last one. The console's thread
/// only adds journal lines; `StateStore.commit`, `journal` and `close` are safe from any thread
/// (commits are serialised by the store, writes by GRDB's pool).
final class ConsoleStateWriter: @unchecked Sendable {
    struct JournalLine {
        let simTime: SimTime
        let command: String
        let copyFunction: String?
        let source: String?
        let destination: String?
        let result: String
    }

    let store: StateStore
    private let lock = NSLock()
    private var pending: [JournalLine] = []

    init(store: StateStore) { self.store = store }

    /// Keeps a command's journal line for the next checkpoint (the console's thread).
    func journal(_ line: JournalLine) {
        lock.lock()
        pending.append(line)
        lock.unlock()
    }

    /// Writes the image, then the journal lines waiting. The image goes first so that a failure
    /// leaves its content segments with the store to be taken again; lines not written wait for
    /// the next checkpoint.
    func commit(_ image: CheckpointImage) throws {
        try store.commit(image)
        while true {
            lock.lock()
            let next = pending.first
            lock.unlock()
            guard let l = next else { return }
            try store.journal(simTime: l.simTime, command: l.command, copyFunction: l.copyFunction, source: l.source,
                              destination: l.destination, result: l.result)
            lock.lock()
            pending.removeFirst()
            lock.unlock()
        }
    }

    /// A commit failure in a few words for the status line: what an operator can act on.
    static func describe(_ error: Error) -> String {
        let text = "\(error)"
        let lower = text.lowercased()
        if lower.contains("disk is full") || lower.contains("no space left") { return "disk full" }
        if lower.contains("disk i/o error") || lower.contains("input/output error") { return "I/O error writing the state" }
        if lower.contains("readonly") || lower.contains("read-only") { return "the state directory is read-only" }
        if lower.contains("quota") { return "disk quota exceeded" }
        let first = text.split(separator: "\n").first.map(String.init) ?? text
        return first.count > 80 ? String(first.prefix(79)) + "…" : first
    }
}

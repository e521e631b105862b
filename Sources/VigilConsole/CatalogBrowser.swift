import VigilArray

/// The Catalog view: the management records (generations and copies) to browse, delete, or copy to
/// a third volume — each action confirmed before it is queued.
public struct CatalogBrowser: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var id: Int
        public var volume: String
        public var text: String
        public var isCopy: Bool
        /// The volumes a generation can be copied to (empty for copies).
        public var targets: [String]
    }
    public enum Pending: Sendable, Equatable {
        case delete(Int)
        case copy(Int, target: Int)
    }

    public let rows: [Row]
    public var selected = 0
    public var pending: Pending?

    public init(rows: [Row], selecting volume: String?) {
        self.rows = rows
        selected = volume.flatMap { v in rows.lastIndex { $0.volume == v } } ?? 0
    }

    /// The records of an array, oldest first: every kept generation, then the copy records.
    public static func rows(of snap: ArraySnapshot, copies: [CopyRecord]) -> [Row] {
        var out: [Row] = []
        for v in snap.volumes {
            let targets = snap.volumes.filter { $0.name != v.name && $0.capacity >= v.capacity }.map(\.name)
            for g in v.generations {
                out.append(Row(id: g.recordID, volume: v.name,
                               text: "\(v.name) gen \(g.number) \(g.method.rawValue) \(g.complete ? "complete" : "copying") \(Format.bytes(g.bytes)) on \(g.tier)",
                               isCopy: false, targets: g.complete ? targets : []))
            }
        }
        for c in copies {
            out.append(Row(id: c.id, volume: c.destinationVolume,
                           text: "\(c.kind.rawValue) of \(c.sourceVolume)\(c.generation.map { " gen \($0)" } ?? "") on \(c.destinationVolume) \(c.state.rawValue)",
                           isCopy: true, targets: []))
        }
        return out.sorted { $0.id < $1.id }
    }

    public mutating func handle(_ key: Key, burst: Bool) -> ModalOutcome {
        if let p = pending {
            switch key {
            case .char("y"), .enter:
                guard !burst else { return .stay }
                pending = nil
                switch p {
                case .delete(let id): return .submit(.deleteRecord(id: id))
                case let .copy(id, t):
                    guard let row = rows.first(where: { $0.id == id }), row.targets.indices.contains(t) else { return .stay }
                    return .submit(.copyRecord(id: id, toVolume: row.targets[t]))
                }
            case .left, .right:
                if case let .copy(id, t) = p, let row = rows.first(where: { $0.id == id }), !row.targets.isEmpty {
                    let n = row.targets.count
                    pending = .copy(id, target: (t + (key == .right ? 1 : n - 1)) % n)
                }
            case .char("n"), .escape: pending = nil
            default: break
            }
            return .stay
        }
        switch key {
        case .escape, .char("q"): return .close
        case .up, .char("k"): selected = max(0, selected - 1)
        case .down, .char("j"): selected = min(max(0, rows.count - 1), selected + 1)
        case .char("d"):
            if rows.indices.contains(selected) { pending = .delete(rows[selected].id) }
        case .char("c"):
            if rows.indices.contains(selected), !rows[selected].targets.isEmpty { pending = .copy(rows[selected].id, target: 0) }
        default: break
        }
        return .stay
    }
}

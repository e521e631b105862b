import VigilArray

/// The modal that asks the operator to approve or deny a pool expansion request: which pool, how
/// much is needed and free, which backups wait, and which spare RAID group to add.
public struct PoolExpansionPrompt: Sendable, Equatable {
    public let request: PoolExpansionRequest
    public let spares: [String]
    public var selected = 0

    public init(request: PoolExpansionRequest, spares: [String]) {
        self.request = request
        self.spares = spares
    }

    public mutating func handle(_ key: Key, burst: Bool) -> ModalOutcome {
        switch key {
        case .escape: return .close
        case .up, .char("k"): selected = max(0, selected - 1)
        case .down, .char("j"): selected = min(max(0, spares.count - 1), selected + 1)
        case .enter, .char("y"), .char("Y"):
            guard !burst, spares.indices.contains(selected) else { return .stay }
            return .submit(.approveExpansion(request: request.id, raidGroup: spares[selected]))
        case .char("n"), .char("N"):
            guard !burst else { return .stay }
            return .submit(.denyExpansion(request: request.id))
        default: break
        }
        return .stay
    }
}

import VigilArray

/// The modal that restores a kept generation: pick the generation and the target, read the plan
/// and its estimate, then confirm.
public struct RestoreDialog: Sendable, Equatable {
    public let volume: String
    /// Complete generations, newest first.
    public let generations: [ArraySnapshot.GenerationInfo]
    /// The volume itself first, then other volumes large enough.
    public let targets: [String]
    public var selected = 0
    public var target = 0

    public init(volume: String, generations: [ArraySnapshot.GenerationInfo], targets: [String]) {
        self.volume = volume
        self.generations = generations
        self.targets = targets
    }

    public var chosenGeneration: Int? { generations.indices.contains(selected) ? generations[selected].number : nil }
    public var chosenTarget: String? { target == 0 ? nil : targets[target] }

    public mutating func handle(_ key: Key, burst: Bool) -> ModalOutcome {
        switch key {
        case .escape, .char("n"): return .close
        case .up, .char("k"): selected = max(0, selected - 1)
        case .down, .char("j"): selected = min(max(0, generations.count - 1), selected + 1)
        case .left, .char("h"): target = (target + targets.count - 1) % max(1, targets.count)
        case .right, .char("l"): target = (target + 1) % max(1, targets.count)
        case .enter, .char("y"):
            guard !burst, let g = chosenGeneration else { return .stay }
            return .submit(.restore(volume: volume, generation: g, target: chosenTarget))
        default: break
        }
        return .stay
    }
}

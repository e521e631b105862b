import VigilArray

/// The modal that restores a kept generation: pick the generation and the target, read the plan
/// and its estimate, then confirm.
///
/// A restore in place overwrites the live volume, so y/Enter then asks for the volume's name typed
/// out, and only an exact match restores (Esc backs out of that question, not the dialog). A
/// restore to another volume is confirmed by y/Enter alone. A burst (a paste) never confirms.
public struct RestoreDialog: Sendable, Equatable {
    public let volume: String
    /// Complete generations, newest first.
    public let generations: [ArraySnapshot.GenerationInfo]
    /// The volume itself first, then other volumes large enough.
    public let targets: [String]
    public var selected = 0
    public var target = 0
    /// The name typed so far while an in-place restore waits for it; nil when not asking.
    public private(set) var typedName: String?
    /// True after Enter with a name that does not match, until the next key.
    public private(set) var nameMismatch = false

    /// The longest name the confirmation field takes (volume names are far shorter).
    static let maxNameLength = 64

    public init(volume: String, generations: [ArraySnapshot.GenerationInfo], targets: [String]) {
        self.volume = volume
        self.generations = generations
        self.targets = targets
    }

    public var chosenGeneration: Int? { generations.indices.contains(selected) ? generations[selected].number : nil }
    public var chosenTarget: String? { target == 0 ? nil : targets[target] }
    /// The restore would overwrite the volume itself.
    public var inPlace: Bool { target == 0 }

    public mutating func handle(_ key: Key, burst: Bool) -> ModalOutcome {
        nameMismatch = false
        if let typed = typedName { return confirm(key, typed: typed, burst: burst) }
        switch key {
        case .escape, .char("n"): return .close
        case .up, .char("k"): selected = max(0, selected - 1)
        case .down, .char("j"): selected = min(max(0, generations.count - 1), selected + 1)
        case .left, .char("h"): target = (target + targets.count - 1) % max(1, targets.count)
        case .right, .char("l"): target = (target + 1) % max(1, targets.count)
        case .enter, .char("y"):
            guard !burst, let g = chosenGeneration else { return .stay }
            if inPlace {
                typedName = ""
                return .stay
            }
            return .submit(.restore(volume: volume, generation: g, target: chosenTarget))
        default: break
        }
        return .stay
    }

    /// Keys while the volume's name is asked for: they edit the name; Enter with the exact name restores.
    mutating func confirm(_ key: Key, typed: String, burst: Bool) -> ModalOutcome {
        var name = typed
        switch key {
        case .escape:
            typedName = nil
            return .stay
        case .backspace:
            if !name.isEmpty { name.removeLast() }
        case .ctrl("u"):
            name = ""
        case .enter:
            guard !burst, let g = chosenGeneration else { return .stay }
            guard name == volume else {
                nameMismatch = true
                return .stay
            }
            return .submit(.restore(volume: volume, generation: g, target: nil))
        case .char(let c):
            if !c.isNewline, name.count < Self.maxNameLength { name.append(c) }
        default: break
        }
        typedName = name
        return .stay
    }
}

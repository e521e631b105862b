/// What the console (or a scripted scenario event) asks the array to do.
public enum ArrayCommand: Sendable, Codable, Equatable {
    case setObjectives(group: String, objectives: RecoveryObjectives)
    case approveExpansion(request: Int, raidGroup: String)
    case denyExpansion(request: Int)
    case backupNow(volume: String)
    case restore(volume: String, generation: Int, target: String?)
    case degrade(raidGroup: String)
    case repair(raidGroup: String)

    /// A short name for logs and refusals.
    public var label: String {
        switch self {
        case .setObjectives(let g, _): "set-objectives \(g)"
        case .approveExpansion(let r, let g): "approve #\(r) \(g)"
        case .denyExpansion(let r): "deny #\(r)"
        case .backupNow(let v): "backup \(v)"
        case .restore(let v, let g, let t): "restore \(v) generation \(g)" + (t.map { " to \($0)" } ?? "")
        case .degrade(let g): "degrade \(g)"
        case .repair(let g): "repair \(g)"
        }
    }
}

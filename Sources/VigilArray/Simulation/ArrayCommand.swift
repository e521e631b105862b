/// What the console (or a scripted scenario event) asks the array to do.
public enum ArrayCommand: Sendable, Codable, Equatable {
    case setObjectives(group: String, objectives: RecoveryObjectives)
    case approveExpansion(request: Int, raidGroup: String)
    case denyExpansion(request: Int)
    case backupNow(volume: String)
    case restore(volume: String, generation: Int, target: String?)
    case degrade(raidGroup: String)
    case repair(raidGroup: String)
    /// Delete a management record (and release what it holds); refused while a kept generation
    /// depends on it.
    case deleteRecord(id: Int)
    /// Copy a kept generation to a third volume, its record carried along.
    case copyRecord(id: Int, toVolume: String)
    /// The host-initiated backup naming both regions (claims 1, 6, 9).
    case hostBackup(source: String, destination: String, method: CopyRecord.Kind)
    /// Take a transfer line to a remote array down or bring it back (an operator or a fault).
    case setLine(remote: String, line: Int, up: Bool)
    /// Copy a kept generation to a remote array, its record stored in that array's own region.
    case copyToArray(id: Int, array: String, volume: String?)
    /// A backup server's file list with the objectives of its file groups (third embodiment).
    case loadFileList(entries: [FileEntry], groups: [Scenario.GroupSpec], source: String)
    /// The operator has seen an objective breach: it stays listed, acknowledged.
    case acknowledgeBreach(id: Int)

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
        case .deleteRecord(let id): "delete record \(id)"
        case let .copyRecord(id, v): "copy record \(id) to \(v)"
        case let .hostBackup(s, d, m): "backup \(s) to \(d) by \(m.rawValue)"
        case let .setLine(r, l, up): "line \(l) of \(r) \(up ? "up" : "down")"
        case let .copyToArray(id, a, v): "copy record \(id) to array \(a)" + (v.map { " as \($0)" } ?? "")
        case let .loadFileList(_, g, source): "load file list \(source) (\(g.map(\.name).joined(separator: ", ")))"
        case .acknowledgeBreach(let id): "acknowledge breach #\(id)"
        }
    }
}

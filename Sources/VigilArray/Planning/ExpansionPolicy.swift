/// How pool expansion requests are answered when no operator is at the console.
public enum ExpansionPolicy: String, Sendable, CaseIterable {
    /// Leave requests pending, so the waiting shows (the headless default).
    case never
    /// Approve each request at once with the largest spare RAID group.
    case auto
}

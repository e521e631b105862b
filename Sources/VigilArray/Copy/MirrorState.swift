/// The standing mirror a volume keeps for instant fulls (Fig. 5 step 507).
public enum MirrorState: Sendable, Codable, Equatable {
    case none
    case syncing(area: Int, until: SimTime)
    case inSync(area: Int)
}

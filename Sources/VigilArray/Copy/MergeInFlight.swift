/// A retention merge in flight: the base is being rolled forward into `into`'s point in time.
struct MergeInFlight: Codable, Equatable {
    var base: Int
    var into: Int
    var reason: String
    var started: SimTime
}

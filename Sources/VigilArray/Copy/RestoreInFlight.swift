/// A restore in flight.
struct RestoreInFlight: Codable, Equatable {
    var plan: RestorePlan
    var volume: Int
    var target: Int?
    var started: SimTime
    /// The copy record this restore fills (`catalog copy ID --to VOLUME`), if any.
    var copyRecord: Int?
}

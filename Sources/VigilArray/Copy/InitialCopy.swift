/// An initial copy in flight (Fig. 5 step 507).
struct InitialCopy: Codable, Equatable {
    var area: Int
    var started: SimTime
}

/// The latest point in time a volume can be recovered to: the newest complete generation and the
/// latest instant it is known to hold — its own trigger, or a later trigger that found nothing
/// changed since it (the volume then held exactly what the generation holds).
///
/// Kept apart from the generation because a generation's point in time is fixed by its copy, while
/// what it covers grows with every trigger that finds the volume unchanged. It names the generation
/// so that it stops counting when that generation is no longer the newest (a newer one completes,
/// or the record is deleted).
struct RecoveryPoint: Codable, Equatable {
    var generation: Int
    var time: SimTime
}

/// The copies in flight as the bandwidth model sees them, and what each completes when it is done.
///
/// Each copy is a flow of the `BandwidthModel`. Its completion is a scheduled `flowDue` carrying an
/// epoch: when the model re-solves and the whole second a flow is due moves, the epoch is bumped
/// and the new instant scheduled, and the entry of the older epoch is dropped when it comes due
/// (as triggers do).
struct CopyFlows: Codable, Equatable {
    /// What a flow is the copy of.
    enum Purpose: Codable, Equatable {
        case initialCopy(volume: Int)
        case backup(volume: Int, generation: Int)
        case remirror(volume: Int, area: Int)
        case restore(id: Int)
        case hostCopy(record: Int)
        case remoteCopy(record: Int)
        case merge(volume: Int)

        /// The volume whose backup program the copy belongs to (restores and host copies excluded).
        var backupVolume: Int? {
            switch self {
            case .initialCopy(let v), .backup(let v, _), .remirror(let v, _), .merge(let v): v
            case .restore, .hostCopy, .remoteCopy: nil
            }
        }
    }

    /// A flow's completion as scheduled.
    struct Entry: Codable, Equatable {
        var id: Int
        var purpose: Purpose
        var epoch: Int
        /// The instant its `flowDue` is scheduled for (nil while it is stopped at 0 MB/s).
        var due: SimTime?
        var started: SimTime
        /// Its time alone when it started (the planned figure events report), if it could move.
        var aloneSeconds: Int64?
        /// In words, for measured-speed events ("incremental copy of db-01").
        var label: String
    }

    var model: BandwidthModel
    /// In ID order, as the model's flows.
    var entries: [Entry] = []
    var nextID = 1
    /// The one wake-up at the next stage boundary inside a flow (rates change there).
    var wakeEpoch = 0
    var wake: SimTime?
    /// Something changed since the dues were last scheduled.
    var changed = false

    init(origin: SimTime) {
        model = BandwidthModel(origin: origin)
    }

    func index(_ id: Int) -> Int? { entries.firstIndex { $0.id == id } }
}

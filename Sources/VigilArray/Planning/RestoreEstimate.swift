/// The one restore estimate of `shared/design/backup-semantics.md` ("Choosing the method", step 2):
/// every figure of restore time in Vigil — the planner's candidates, restore plans, the RTO exposure
/// compliance judges, the console's preview, `status`, the candidate destinations and the size that
/// the RTO-derived trigger fires at — comes from this type, so that a chain accepted at its RTO is
/// planned for restore at the same seconds.
///
/// `seconds = Σ over pieces of bytes / (min(fullWriteMBps, piece.readMBps) × 10^6) + switchSeconds`
///
/// - The pieces are what a restore copies on top of the full base, oldest first (a full alone has
///   none: it restores in `switchSeconds`, by switching to the full volume).
/// - `fullWriteMBps` is the write MB/s of the volume that holds the full the pieces are copied onto.
/// - `switchSeconds` (the group's `switch_time`) is added once, to every estimate: every restore
///   ends by switching the host to that volume.
///
/// Rounding: none. The estimate is the exact sum in seconds (a `Double`, summed in chain order, so
/// the same pieces give the same figure to the last bit wherever it is computed) and is compared
/// with the RTO as it is. Only where simulated time must be whole seconds — a running restore — is
/// it rounded up, once, for the whole restore (`wholeSeconds`), never per piece: rounding per piece
/// would let a chain of many small pieces drift past the RTO that the planner accepted it under.
public struct RestoreEstimate: Sendable, Equatable {
    /// What the restore copies on top of the full base, oldest first.
    public var pieces: [ChainPiece]
    /// Write MB/s of the volume holding the full the pieces are copied onto.
    public var fullWriteMBps: Double
    /// The group's switch time, added once.
    public var switchSeconds: Double

    public init(pieces: [ChainPiece], fullWriteMBps: Double, switchSeconds: Double) {
        self.pieces = pieces
        self.fullWriteMBps = fullWriteMBps
        self.switchSeconds = switchSeconds
    }

    /// MB/s one piece restores at: the slower of the full's write and the piece's read.
    public static func mbps(readMBps: Double, writeMBps: Double) -> Double { min(readMBps, writeMBps) }

    /// Seconds to copy one piece of `bytes` read at `readMBps` onto a full written at `writeMBps`
    /// (MB = 10^6 bytes): the specification's `size / min(write, read)`. Nothing to copy takes no
    /// time even at 0 MB/s; something to copy at 0 MB/s (every line down) never finishes.
    public static func pieceSeconds(bytes: Int64, readMBps: Double, writeMBps: Double) -> Double {
        let rate = mbps(readMBps: readMBps, writeMBps: writeMBps)
        guard rate > 0 else { return bytes == 0 ? 0 : .infinity }
        return Double(bytes) / (rate * 1_000_000)
    }

    /// Seconds each piece takes, in chain order.
    public var pieceSeconds: [Double] {
        pieces.map { Self.pieceSeconds(bytes: $0.bytes, readMBps: $0.readMBps, writeMBps: fullWriteMBps) }
    }

    /// Seconds of copying (the pieces alone, without the switch).
    public var copySeconds: Double { pieceSeconds.reduce(0, +) }

    /// The estimate: the pieces' copy time plus the switch.
    public var seconds: Double { copySeconds + switchSeconds }

    /// Bytes copied on top of the full.
    public var bytes: Int64 { pieces.reduce(Int64(0)) { $0 &+ $1.bytes } }

    /// The estimate rounded up once to a whole second, for a restore that runs in simulated time;
    /// nil when it cannot finish (a piece at 0 MB/s) or is too long to schedule.
    public var wholeSeconds: Int64? { Self.wholeSeconds(seconds) }

    /// An estimate in seconds (as a `RestorePlan` keeps it) rounded up once to a whole second, or nil
    /// when it is not a time the clock can reach (infinite: every line to the data is down).
    public static func wholeSeconds(_ seconds: Double) -> Int64? {
        guard seconds.isFinite, seconds >= 0, seconds < Double(Int64.max / 4) else { return nil }
        return Int64(seconds.rounded(.up))
    }

    /// How many bytes of one piece read at `readMBps` restore within `seconds` (the inverse of the
    /// estimate for one piece), so that the RTO-derived trigger fires at a size whose restore,
    /// switch included, meets the RTO. When the switch alone uses up the time, no piece can meet it;
    /// the whole time is then used, so that backups still come at the pace the RTO suggests rather
    /// than at every tick.
    public static func bytesWithin(seconds: Double, readMBps: Double, writeMBps: Double, switchSeconds: Double) -> Double {
        let budget = seconds > switchSeconds ? seconds - switchSeconds : seconds
        return max(0, budget) * mbps(readMBps: readMBps, writeMBps: writeMBps) * 1_000_000
    }
}

/// What to do when the oldest kept generation is a base that a newer kept generation needs.
public enum RetentionPolicy: String, Sendable, Codable, Equatable, CaseIterable {
    /// Consolidate the base forward into the next generation (a synthetic full), then drop it.
    case merge
    /// Keep the base past the generation limit until nothing depends on it.
    case keep
}

/// A group's recovery objectives, as entered on the setup screen (the specification's Fig. 2).
///
/// Any combination of RPO triggers may be set. With none of them but an RTO, the size trigger is
/// derived from the RTO (Fig. 6 note): `RTO seconds × estimated restore MB/s`.
public struct RecoveryObjectives: Sendable, Codable, Equatable {
    /// `interval`: back up every N seconds.
    public var interval: Int64?
    /// `hour`: back up daily at this second of the day (UTC), e.g. 12:00 → 43200.
    public var hourOfDay: Int64?
    /// `changed`: back up once this many bytes changed since the last backup.
    public var changedBytes: Int64?
    /// How many generations to keep per volume.
    public var generations: Int
    /// The longest acceptable restore time in seconds; nil means no RTO.
    public var rto: Int64?

    public init(interval: Int64? = nil, hourOfDay: Int64? = nil, changedBytes: Int64? = nil,
                generations: Int = 7, rto: Int64? = nil) {
        self.interval = interval
        self.hourOfDay = hourOfDay
        self.changedBytes = changedBytes
        self.generations = generations
        self.rto = rto
    }

    /// True when no time or size trigger is set, so the size trigger comes from the RTO.
    public var derivesSizeTriggerFromRTO: Bool {
        interval == nil && hourOfDay == nil && changedBytes == nil && rto != nil
    }

    /// The longest interval or RTO accepted: ten years. Anything longer is a typing slip (an
    /// interval of 11,000 years never fires), and keeping times far from `Int64` limits keeps the
    /// schedule's arithmetic safe.
    public static let longestDuration: Int64 = 3_650 * 86_400
    /// The largest changed-size trigger accepted, 1 EiB: far above any volume, far below overflow.
    public static let largestChangedBytes: Int64 = 1 << 60

    /// Checks the objectives the way the setup form must; returns the field and the problem, with
    /// the bound it broke. `granule` is the group's smallest member granule: a changed-size trigger
    /// below it could never be measured, since change is tracked a granule at a time.
    public func validate(granule: Int64? = nil) -> (field: String, problem: String)? {
        let longest = SimDuration.format(Self.longestDuration)
        if let interval, interval < 60 { return ("interval", "must be at least 1m") }
        if let interval, interval > Self.longestDuration { return ("interval", "must be at most \(longest)") }
        if let hourOfDay, !(0..<86_400).contains(hourOfDay) { return ("hour", "must be between 00:00 and 23:59") }
        if let changedBytes, changedBytes <= 0 { return ("changed", "must be more than 0 bytes") }
        if let changedBytes, let granule, changedBytes < granule {
            return ("changed", "must be at least one granule (\(ByteSize.format(granule)))")
        }
        if let changedBytes, changedBytes > Self.largestChangedBytes { return ("changed", "must be at most 1 EiB") }
        if generations < 1 || generations > 1_000 { return ("generations", "must be between 1 and 1000") }
        if let rto, rto < 1 { return ("rto", "must be at least 1s") }
        if let rto, rto > Self.longestDuration { return ("rto", "must be at most \(longest)") }
        return nil
    }
}

/// A volume group: volumes that share recovery objectives and backup settings.
public struct VolumeGroup: Sendable, Codable, Equatable {
    public let index: Int
    public let name: String
    public internal(set) var objectives: RecoveryObjectives
    /// Keep a standing mirror so a full backup is an instant split (Fig. 5 step 507).
    public internal(set) var mirror: Bool
    public internal(set) var retention: RetentionPolicy
    /// Preferred pool tier for incremental/differential areas while it has room; else the slowest with room.
    public internal(set) var deltaTier: Int?
    /// Preferred pool tier for full areas and mirrors while it has room; else the fastest with room.
    public internal(set) var fullTier: Int?
    /// Seconds added to a full's restore estimate for switching the volume over.
    public internal(set) var switchSeconds: Double
    public internal(set) var members: [Int]
    /// A file group's objectives (its one member is the file group's virtual volume).
    public internal(set) var isFileGroup = false
    /// The remote backup array the group's backups go to, if any.
    public internal(set) var destination: Int?
}

/// The compliance rules of `shared/design/backup-semantics.md` (section Compliance) as pure
/// functions of what the array knows about one volume at one instant, so that every verdict can be
/// checked against hand-computed instants.
///
/// Warnings: the design says "warning from 80 % of the bound". Taken literally, every healthy volume
/// with an hourly RPO would show a warning for the last twelve minutes of every hour, because its
/// lag climbs to the interval by design before each backup. So a warning here means the bound *will*
/// be missed unless something changes: the next backup is held up (pool full, line down, previous
/// copy still running) — "a breach in the making" — or the lag is past 80 % of the bound and the
/// next trigger comes after the bound. The RTO likewise (see `assessRTO`).
public enum ComplianceRules {
    /// The share of a bound from which a figure that will not come down in time is a warning.
    public static let warningShare = 0.8

    /// What the RPO rules look at for one volume.
    public struct RPOInput: Sendable, Equatable {
        public var now: SimTime
        public var objectives: RecoveryObjectives
        /// The latest point in time the volume can be recovered to: its newest complete generation's,
        /// or a later trigger's that found nothing changed since it (or when the volume began to be
        /// tracked).
        public var newestPoint: SimTime
        /// The earliest instant the rules apply from: when the volume began to be tracked, or when
        /// the group's RPO last changed, whichever is later. Nothing is judged missed before it.
        public var judgedFrom: SimTime
        /// Bytes changed since the last backup's point in time.
        public var changedBytes: Int64
        /// A backup copying now: its point in time and when its copy was planned to end when it began.
        public var inFlight: InFlight?
        /// When the group's interval trigger fires next.
        public var nextIntervalTrigger: SimTime?
        /// What holds the volume's next backup up, if anything.
        public var holdUp: String?

        public struct InFlight: Sendable, Equatable {
            public var point: SimTime
            public var plannedEnd: SimTime
            public init(point: SimTime, plannedEnd: SimTime) {
                self.point = point
                self.plannedEnd = plannedEnd
            }
        }

        public init(now: SimTime, objectives: RecoveryObjectives, newestPoint: SimTime, judgedFrom: SimTime,
                    changedBytes: Int64, inFlight: InFlight? = nil, nextIntervalTrigger: SimTime? = nil, holdUp: String? = nil) {
            self.now = now
            self.objectives = objectives
            self.newestPoint = newestPoint
            self.judgedFrom = judgedFrom
            self.changedBytes = changedBytes
            self.inFlight = inFlight
            self.nextIntervalTrigger = nextIntervalTrigger
            self.holdUp = holdUp
        }
    }

    /// A verdict: the level, the figure against the bound, and — for a breach — the instant the
    /// bound was passed when it can be known exactly (it may lie before `now`, between two
    /// evaluations).
    public struct Assessment: Sendable, Equatable {
        public var level: ComplianceLevel
        public var rule: ObjectiveRule
        public var figure: Double
        public var bound: Double
        public var onset: SimTime?
        public var cause: String?
    }

    /// The RPO verdict: each RPO rule the group sets is judged and the worst wins (the earliest
    /// onset among equals). Nil when the group sets no RPO.
    public static func assessRPO(_ input: RPOInput) -> Assessment? {
        // A running best rather than a list: this runs for every volume at every instant.
        var best: Assessment?
        func consider(_ a: Assessment) {
            guard let b = best else { best = a; return }
            if a.level != b.level {
                if a.level > b.level { best = a }
            } else if (a.onset ?? input.now) < (b.onset ?? input.now) {
                best = a
            }
        }
        if let interval = input.objectives.interval { consider(intervalRule(input, interval)) }
        if let hour = input.objectives.hourOfDay { consider(dailyRule(input, hour)) }
        if let threshold = input.objectives.changedBytes { consider(changedRule(input, threshold)) }
        return best
    }

    /// `interval`: breached once the lag reaches the interval, unless a backup that started by its
    /// due time is still within its planned copy time ("plus the copy time of a backup started on
    /// time").
    static func intervalRule(_ input: RPOInput, _ interval: Int64) -> Assessment {
        let lag = input.now - input.newestPoint
        let due = input.newestPoint + interval
        let onTime = input.inFlight.flatMap { $0.point <= due ? $0 : nil }
        var verdict = Assessment(level: .ok, rule: .interval, figure: Double(lag), bound: Double(interval), onset: nil, cause: nil)
        if input.now >= due {
            if let onTime, input.now <= onTime.plannedEnd { return verdict }
            verdict.level = .breached
            verdict.onset = max(due, onTime?.plannedEnd ?? due, input.judgedFrom)
            verdict.cause = input.holdUp ?? (onTime != nil ? "the backup is taking longer than planned" : nil)
            return verdict
        }
        if let hold = input.holdUp {
            verdict.level = .warning
            verdict.cause = hold
        } else if Double(lag) >= warningShare * Double(interval), input.inFlight == nil,
                  input.nextIntervalTrigger.map({ $0 > due }) ?? true {
            verdict.level = .warning
            verdict.cause = input.nextIntervalTrigger.map { "the next backup (\($0.iso8601)) comes after the RPO" } ?? "no backup is scheduled"
        }
        return verdict
    }

    /// The latest daily point at `secondOfDay` that is at or before `now` and not before `from`.
    public static func latestDailyPoint(_ secondOfDay: Int64, now: SimTime, from: SimTime) -> SimTime? {
        var point = SimTime(now.seconds - now.secondOfDay + secondOfDay)
        if point > now { point = point + (-86_400) }
        return point >= from ? point : nil
    }

    /// Daily `hour`: breached from the day's point when no generation from it exists, unless the
    /// backup taken at that point is still within its planned copy time.
    static func dailyRule(_ input: RPOInput, _ secondOfDay: Int64) -> Assessment {
        let lag = input.now - input.newestPoint
        var verdict = Assessment(level: .ok, rule: .hour, figure: Double(lag), bound: 86_400, onset: nil, cause: nil)
        if let point = latestDailyPoint(secondOfDay, now: input.now, from: input.judgedFrom), input.newestPoint < point {
            let onTime = input.inFlight.flatMap { $0.point == point ? $0 : nil }
            if let onTime, input.now <= onTime.plannedEnd { return verdict }
            verdict.level = .breached
            verdict.onset = max(point, onTime?.plannedEnd ?? point)
            verdict.cause = input.holdUp ?? (onTime != nil ? "the backup is taking longer than planned" : nil)
            return verdict
        }
        if let hold = input.holdUp {
            verdict.level = .warning
            verdict.cause = hold
        }
        return verdict
    }

    /// `changed`: breached while more than the threshold has changed since the last backup (the
    /// trigger fires at the threshold, so more means the backup did not start).
    static func changedRule(_ input: RPOInput, _ threshold: Int64) -> Assessment {
        var verdict = Assessment(level: .ok, rule: .changed, figure: Double(input.changedBytes), bound: Double(threshold),
                                 onset: nil, cause: nil)
        if input.changedBytes > threshold {
            verdict.level = .breached
            verdict.onset = input.now
            verdict.cause = input.holdUp
        } else if let hold = input.holdUp {
            verdict.level = .warning
            verdict.cause = hold
        }
        return verdict
    }

    /// The RTO verdict: the restore estimate of the newest kept generation's chain against the RTO;
    /// breached when over. A warning from 80 % of the RTO only while the next backup is held up: the
    /// planner lets a chain grow up to the RTO by design (incrementals while they fit) and resets it
    /// with a differential or full at the next trigger, so a chain at 85 % is the planner working,
    /// not a risk — unless that next backup cannot run. Nil without an RTO or anything to restore.
    public static func assessRTO(estimate: Double?, rto: Int64?, holdUp: String?) -> Assessment? {
        guard let estimate, let rto else { return nil }
        let bound = Double(rto)
        var verdict = Assessment(level: .ok, rule: .restoreTime, figure: estimate, bound: bound, onset: nil, cause: nil)
        if estimate > bound {
            verdict.level = .breached
        } else if estimate >= warningShare * bound, let holdUp {
            verdict.level = .warning
            verdict.cause = holdUp
        }
        return verdict
    }
}

import Foundation

/// The backup control program's method choice (the specification's Fig. 7, as
/// `docs/../shared/design/backup-semantics.md` reads it): incremental while the chain it leaves
/// restores within the RTO, else differential, else full — trying faster pool tiers before giving up
/// on a method, and recording every candidate it weighed.
///
/// It is a pure function of its inputs, so every verdict can be checked against worked numbers.
public struct BackupPlanner: Sendable {
    public struct Input: Sendable {
        public var rto: Int64?
        public var incrementalBytes: Int64
        public var differentialBytes: Int64
        /// Pieces already above the latest full (a differential and/or incrementals), oldest first.
        public var chain: [ChainPiece]
        /// Write MB/s of the area holding the latest full (the restore target).
        public var fullWriteMBps: Double
        /// Pool tiers, any order.
        public var tiers: [TierOffer]
        /// Preferred tier for incremental/differential areas (used while it has room); otherwise the
        /// slowest tier with room.
        public var preferredDeltaTier: Int?
        /// Preferred tier for a full area (used while it has room); otherwise the fastest with room.
        public var preferredFullTier: Int?
        public var volumeCapacity: Int64
        /// A standing mirror is in sync and can be split now.
        public var mirrorReady: Bool
        /// The group's switch time, added once to every candidate's estimate (`RestoreEstimate`).
        public var switchSeconds: Double
        /// A full is required regardless of the RTO (no full yet, restored in place, or retention
        /// needs a new base), with the reason.
        public var forcedFull: String?
        /// The newest complete generation, which the incremental bytes are counted since. With it
        /// set, a trigger that finds nothing changed (and no forced full) takes no generation.
        public var newestGeneration: Int?

        public init(rto: Int64?, incrementalBytes: Int64, differentialBytes: Int64, chain: [ChainPiece],
                    fullWriteMBps: Double, tiers: [TierOffer], preferredDeltaTier: Int? = nil,
                    preferredFullTier: Int? = nil, volumeCapacity: Int64, mirrorReady: Bool,
                    switchSeconds: Double = 0, forcedFull: String? = nil, newestGeneration: Int? = nil) {
            self.rto = rto
            self.incrementalBytes = incrementalBytes
            self.differentialBytes = differentialBytes
            self.chain = chain
            self.fullWriteMBps = fullWriteMBps
            self.tiers = tiers
            self.preferredDeltaTier = preferredDeltaTier
            self.preferredFullTier = preferredFullTier
            self.volumeCapacity = volumeCapacity
            self.mirrorReady = mirrorReady
            self.switchSeconds = switchSeconds
            self.forcedFull = forcedFull
            self.newestGeneration = newestGeneration
        }
    }

    public init() {}

    public func decide(_ input: Input) -> BackupDecision {
        // Nothing written since the newest generation: the volume now holds exactly what it holds,
        // so a new generation would copy nothing and only push a real one out of retention (and a
        // full by mirror split would be a whole-volume duplicate). A forced full is different: the
        // chain no longer describes the volume, or retention needs a new base.
        if input.forcedFull == nil, input.incrementalBytes == 0, let newest = input.newestGeneration {
            return BackupDecision(method: .incremental, destination: nil, copyFunction: .incrementalCopy, candidates: [],
                                  reason: "nothing changed since generation \(newest): no generation taken; "
                                      + "generation \(newest) holds this point in time",
                                  needsSpace: false, areaBytes: 0, unchangedSince: newest)
        }
        let bySpeed = input.tiers.sorted { ($0.readMBps, $0.destination) < ($1.readMBps, $1.destination) }
        var candidates: [RestoreCandidate] = []
        var words: [String] = []
        let rtoText = input.rto.map { "RTO \(SimDuration.format($0))" } ?? "no RTO"

        func fitsRTO(_ seconds: Double) -> Bool { input.rto.map { seconds <= Double($0) } ?? true }

        // The tiers a delta (incremental or differential) of `bytes` tries, in the order of Fig. 7:
        // the preferred (or slowest) tier with room first, then each faster one ("go back to 703").
        func deltaTiers(_ bytes: Int64) -> [TierOffer] {
            let start: TierOffer?
            if let p = input.preferredDeltaTier, let offer = bySpeed.first(where: { $0.destination == .poolTier(p) }),
               offer.largestFree >= bytes {
                start = offer
            } else {
                start = bySpeed.first(where: { $0.largestFree >= bytes }) ?? bySpeed.first
            }
            guard let start else { return [] }
            return [start] + bySpeed.filter { $0.readMBps > start.readMBps && $0.destination != start.destination }
        }

        // The restore estimate of the chain a candidate leaves behind: the one `RestoreEstimate`
        // that restore plans and compliance use, switch time included.
        func estimate(_ pieces: [ChainPiece]) -> RestoreEstimate {
            RestoreEstimate(pieces: pieces, fullWriteMBps: input.fullWriteMBps, switchSeconds: input.switchSeconds)
        }

        func candidate(_ method: BackupMethod, _ offer: TierOffer, backup: Int64, pieces: [ChainPiece]) -> RestoreCandidate {
            let e = estimate(pieces + [ChainPiece(bytes: backup, readMBps: offer.readMBps)])
            let copy = e.copySeconds
            // The copying rate, apart from the switch: what the pieces restore at together.
            let mbps = copy > 0 ? Double(e.bytes) / copy / 1_000_000
                : RestoreEstimate.mbps(readMBps: offer.readMBps, writeMBps: input.fullWriteMBps)
            let seconds = e.seconds
            let room = offer.largestFree >= backup
            return RestoreCandidate(method: method, tier: offer.name, backupBytes: backup, restoreBytes: e.bytes,
                                    mbps: mbps, estimateSeconds: seconds, room: room, fits: room && fitsRTO(seconds))
        }

        func describe(_ c: RestoreCandidate) -> String {
            let est = SimDuration.formatEstimate(c.estimateSeconds)
            if !c.room { return "\(c.method.rawValue)@\(c.tier ?? "-") \(est) but no room" }
            if let rto = input.rto, !fitsRTO(c.estimateSeconds) {
                return "\(c.method.rawValue)@\(c.tier ?? "-") \(est) > RTO \(SimDuration.format(rto))"
            }
            return "\(c.method.rawValue)@\(c.tier ?? "-") \(est) ✓"
        }

        func chosen(_ c: RestoreCandidate, destination: BackupDestination, function: CopyFunction) -> BackupDecision {
            words.append(describe(c))
            let tried = words.dropLast().joined(separator: "; ")
            let reason = (tried.isEmpty ? "" : tried + " → ") + "\(c.method.rawValue) \(SimDuration.formatEstimate(c.estimateSeconds)) ≤ \(rtoText)"
            return BackupDecision(method: c.method, destination: destination, copyFunction: function, candidates: candidates,
                                  reason: reason, needsSpace: false, areaBytes: c.backupBytes)
        }

        if input.forcedFull == nil {
            for offer in deltaTiers(input.incrementalBytes) {
                let c = candidate(.incremental, offer, backup: input.incrementalBytes, pieces: input.chain)
                candidates.append(c)
                if c.fits { return chosen(c, destination: offer.destination, function: .incrementalCopy) }
                words.append(describe(c))
            }
            if input.rto != nil {
                for offer in deltaTiers(input.differentialBytes) {
                    let c = candidate(.differential, offer, backup: input.differentialBytes, pieces: [])
                    candidates.append(c)
                    if c.fits { return chosen(c, destination: offer.destination, function: .differentialCopy) }
                    words.append(describe(c))
                }
            }
        }

        // Full: split the standing mirror if there is one in sync, else build a synthetic full in a
        // new area on the preferred (or fastest) tier with room.
        // Nothing to copy: a full restores by switching to the full volume.
        let fullSeconds = estimate([]).seconds
        let fullIsFastest = fitsRTO(fullSeconds)
        if input.forcedFull == nil, input.rto == nil {
            // No RTO and no forced full: an incremental is always chosen; reaching here means no tier
            // had room for it. Wait for space with the smallest area.
            let offer = deltaTiers(input.incrementalBytes).first
            return BackupDecision(method: .incremental, destination: offer?.destination, copyFunction: .incrementalCopy,
                                  candidates: candidates,
                                  reason: words.joined(separator: "; ") + " → incremental waits for pool space",
                                  needsSpace: true, areaBytes: input.incrementalBytes)
        }
        var fullCandidate = RestoreCandidate(method: .full, tier: nil, backupBytes: input.volumeCapacity,
                                             restoreBytes: 0, mbps: 0, estimateSeconds: fullSeconds,
                                             room: true, fits: fullIsFastest)
        var prefix = input.forcedFull.map { "full required: \($0)" } ?? words.joined(separator: "; ")
        if !prefix.isEmpty { prefix += " → " }
        let verdict = fullIsFastest ? "≤ \(rtoText)" : "(nothing meets \(rtoText); full restores fastest)"
        if input.mirrorReady {
            fullCandidate.tier = "mirror"
            candidates.append(fullCandidate)
            return BackupDecision(method: .full, destination: nil, copyFunction: .mirrorSplit, candidates: candidates,
                                  reason: prefix + "full by mirror split \(SimDuration.formatEstimate(fullSeconds)) \(verdict)",
                                  needsSpace: false, areaBytes: 0)
        }
        // The group's full tier is a preference: when it is full, the fastest other tier with room.
        var fullOffers = TierOffer.fastestFirst(input.tiers)
        if let p = input.preferredFullTier, let i = fullOffers.firstIndex(where: { $0.destination == .poolTier(p) }) {
            fullOffers.insert(fullOffers.remove(at: i), at: 0)
        }
        let target = fullOffers.first(where: { $0.largestFree >= input.volumeCapacity }) ?? fullOffers.first
        fullCandidate.tier = target?.name
        fullCandidate.room = (target?.largestFree ?? 0) >= input.volumeCapacity
        fullCandidate.fits = fullCandidate.room && fullIsFastest
        candidates.append(fullCandidate)
        return BackupDecision(method: .full, destination: target?.destination, copyFunction: .syntheticFull, candidates: candidates,
                              reason: prefix + "synthetic full \(SimDuration.formatEstimate(fullSeconds)) \(verdict)"
                                  + (fullCandidate.room ? "" : "; waits for pool space"),
                              needsSpace: !fullCandidate.room, areaBytes: input.volumeCapacity)
    }
}

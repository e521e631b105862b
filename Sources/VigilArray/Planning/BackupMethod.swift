/// The three backup methods of the specification.
public enum BackupMethod: String, Sendable, Codable, Equatable, CaseIterable {
    case incremental, differential, full
}

/// How the array produced a generation's data (the claims' "copy function").
public enum CopyFunction: String, Sendable, Codable, Equatable {
    /// Fig. 5 step 507: duplicate the volume, then split at the trigger instant.
    case initialCopy = "initial-copy"
    /// A standing mirror split at the trigger instant (instant full).
    case mirrorSplit = "mirror-split"
    case incrementalCopy = "incremental-copy"
    case differentialCopy = "differential-copy"
    /// Step 713: changed part from the original, unchanged part from the previous backup.
    case syntheticFull = "synthetic-full"
    /// Retention consolidated a base into the next generation.
    case mergedFull = "merged-full"
}

/// What started a backup.
public enum TriggerKind: String, Sendable, Codable, Equatable {
    case interval, hour, changed
    case rtoDerived = "rto-derived"
    case manual
    /// The initial full of the setup flow (Fig. 5), not a decision.
    case initial
}

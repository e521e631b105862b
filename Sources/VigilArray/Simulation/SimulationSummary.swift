import Foundation

/// The end-of-run report per volume group: backups by method, RPO lag, the worst restore estimate
/// against the RTO, and pool use.
public struct SimulationSummary: Sendable {
    public struct GroupLine: Sendable {
        public var name: String
        public var volumes: Int
        /// Generations taken, by method: triggers that found nothing changed are not among them.
        public var backups: [BackupMethod: Int]
        /// Triggers that found nothing changed since the newest generation and took none.
        public var unchangedTriggers: Int
        /// The longest any member went without a newer complete generation (seconds).
        public var worstRPOLag: Int64
        public var worstRestoreEstimate: Double?
        public var rto: Int64?
        public var waitingForPool: Int
        public var keptGenerations: Int
    }
    public struct TierLine: Sendable {
        public var name: String
        public var used: Int64
        public var capacity: Int64
    }
    public var from: SimTime
    public var to: SimTime
    public var groups: [GroupLine]
    public var tiers: [TierLine]
    public var pendingRequests: Int
    public var events: Int
    /// Objective breaches kept by the array, oldest first (open ones have no end).
    public var breaches: [ObjectiveBreach]
    /// Closed breaches older than those kept (the array keeps the latest ones only).
    public var droppedBreaches: Int

    public init(_ sim: ArraySimulator) {
        let snap = sim.snapshot()
        from = sim.startTime
        to = sim.now
        events = sim.eventCount
        groups = sim.groups.map { g in
            var backups: [BackupMethod: Int] = [.incremental: 0, .differential: 0, .full: 0]
            var lag: Int64 = 0, worst: Double?, waiting = 0, kept = 0, unchanged = 0
            for v in g.members {
                for (i, m) in BackupMethod.allCases.enumerated() { backups[m, default: 0] += sim.runtime[v].backupsByMethod[i] }
                lag = max(lag, sim.runtime[v].maxRPOLag, snap.volumes[v].rpoLagSeconds)
                if let e = snap.volumes[v].restoreEstimate { worst = max(worst ?? 0, e) }
                if snap.volumes[v].states.contains(.waitingForPool) { waiting += 1 }
                kept += sim.catalog.keptCount(v)
                unchanged += sim.runtime[v].unchangedTriggers ?? 0
            }
            return GroupLine(name: g.name, volumes: g.members.count, backups: backups, unchangedTriggers: unchanged, worstRPOLag: lag,
                             worstRestoreEstimate: worst, rto: g.objectives.rto, waitingForPool: waiting,
                             keptGenerations: kept)
        }
        tiers = snap.tiers.map { TierLine(name: $0.name, used: $0.capacity - $0.free, capacity: $0.capacity) }
        pendingRequests = snap.prompts.count
        breaches = sim.compliance.breaches
        droppedBreaches = sim.compliance.droppedClosed
    }

    /// At most this many breaches are listed in the text summary (all of them in JSON).
    static let breachLines = 30

    public var text: String {
        var out = "\nSummary \(from.iso8601) → \(to.iso8601) (\(SimDuration.format(to - from)), \(events) events)\n"
        let header = ["group", "vols", "incr", "diff", "full", "worst RPO lag", "worst restore est.", "RTO", "kept", "waiting"]
        var rows = [header]
        for g in groups {
            let est = g.worstRestoreEstimate.map { SimDuration.formatEstimate($0) } ?? "-"
            let verdict: String
            if let rto = g.rto, let e = g.worstRestoreEstimate { verdict = e <= Double(rto) ? " ✓" : " ✗ over" } else { verdict = "" }
            rows.append([g.name, String(g.volumes), String(g.backups[.incremental] ?? 0), String(g.backups[.differential] ?? 0),
                         String(g.backups[.full] ?? 0), SimDuration.format(g.worstRPOLag), est + verdict,
                         g.rto.map { SimDuration.format($0) } ?? "none", String(g.keptGenerations), String(g.waitingForPool)])
        }
        out += Self.table(rows)
        // Apart from the methods: these triggers took no generation (and needed none).
        let unchanged = groups.filter { $0.unchangedTriggers > 0 }
        if !unchanged.isEmpty {
            let total = unchanged.reduce(0) { $0 + $1.unchangedTriggers }
            let each = unchanged.map { "\($0.name) \($0.unchangedTriggers)" }.joined(separator: ", ")
            out += "  \(total) trigger\(total == 1 ? "" : "s") found nothing changed and took no generation (\(each))\n"
        }
        var poolRows = [["pool tier", "used", "capacity", "use"]]
        for t in tiers {
            let pct = t.capacity > 0 ? Double(t.used) * 100 / Double(t.capacity) : 0
            poolRows.append([t.name, ByteSize.format(t.used), ByteSize.format(t.capacity), String(format: "%.0f%%", pct)])
        }
        out += "\n" + Self.table(poolRows)
        if pendingRequests > 0 { out += "\(pendingRequests) pool expansion request pending (approve with --approve-expansions auto, or in the console)\n" }
        out += breachText
        return out
    }

    /// The breaches with their durations: the objectives missed during the run.
    var breachText: String {
        let open = breaches.filter(\.isOpen).count
        guard !breaches.isEmpty else { return "\nObjectives: every RPO and RTO kept throughout.\n" }
        var out = "\nObjective breaches: \(breaches.count + droppedBreaches), \(open) still open\n"
        var rows = [["volume", "group", "objective", "from", "to", "duration", "worst", "cause"]]
        // Open breaches first (they matter most), then the latest closed ones.
        let openOnes = breaches.filter(\.isOpen)
        let shown = Array(openOnes.prefix(Self.breachLines))
            + breaches.filter { !$0.isOpen }.suffix(max(0, Self.breachLines - openOnes.count))
        for b in shown {
            rows.append([b.volume, b.group, b.kind.label, b.since.iso8601, b.until?.iso8601 ?? "open",
                         SimDuration.format(b.duration(now: to)), "\(b.rule.format(b.worst)) / \(b.rule.formatBound(b.bound))",
                         b.cause ?? "-"])
        }
        out += Self.table(rows)
        let hidden = breaches.count - shown.count + droppedBreaches
        if hidden > 0 { out += "  … and \(hidden) earlier (all of them in --format jsonl)\n" }
        return out
    }

    public var json: JSONValue {
        .object([
            ("time", .string(to.iso8601)), ("event", .string("simulation.summary")), ("events", .int(Int64(events))),
            ("groups", .array(groups.map { g in
                .object([("group", .string(g.name)), ("volumes", .int(Int64(g.volumes))),
                         ("incremental", .int(Int64(g.backups[.incremental] ?? 0))),
                         ("differential", .int(Int64(g.backups[.differential] ?? 0))),
                         ("full", .int(Int64(g.backups[.full] ?? 0))), ("unchanged_triggers", .int(Int64(g.unchangedTriggers))),
                         ("worst_rpo_lag_s", .int(g.worstRPOLag)),
                         ("worst_restore_estimate_s", g.worstRestoreEstimate.map { .double($0) } ?? .null),
                         ("rto_s", g.rto.map { .int($0) } ?? .null), ("kept", .int(Int64(g.keptGenerations))),
                         ("waiting_for_pool", .int(Int64(g.waitingForPool)))])
            })),
            ("pool", .array(tiers.map { .object([("tier", .string($0.name)), ("used_bytes", .int($0.used)), ("capacity_bytes", .int($0.capacity))]) })),
            ("pending_requests", .int(Int64(pendingRequests))),
            ("breaches_dropped", .int(Int64(droppedBreaches))),
            ("breaches", .array(breaches.map { b in
                .object(ArrayEvent.breachFields(b) + [("until", b.until.map { .string($0.iso8601) } ?? .null),
                                                          ("duration_s", .int(b.duration(now: to))), ("worst", .double(b.worst))])
            })),
        ])
    }

    static func table(_ rows: [[String]]) -> String {
        var widths = [Int](repeating: 0, count: rows[0].count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        return rows.map { r in
            "  " + r.enumerated().map { i, c in c + String(repeating: " ", count: widths[i] - c.count) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

import Foundation

/// Compliance as a monitoring check reads it (`vigil status`): every volume's RPO lag and RTO
/// exposure with their states, the open breaches and the pending prompts, as text, JSON or the
/// Prometheus text exposition format, and a verdict with the monitoring-plugin exit codes that
/// Nagios, Icinga and Sensu understand.
public struct ComplianceReport: Sendable {
    /// The monitoring-plugin verdict; the raw value is the exit code.
    public enum Verdict: Int32, Sendable {
        case ok = 0, warning = 1, critical = 2, unknown = 3
        public var label: String {
            switch self {
            case .ok: "OK"
            case .warning: "WARNING"
            case .critical: "CRITICAL"
            case .unknown: "UNKNOWN"
            }
        }
    }

    public let snapshot: ArraySnapshot

    public init(_ snapshot: ArraySnapshot) { self.snapshot = snapshot }

    public var rpoMissed: Int { snapshot.count(.rpo, .breached) }
    public var rtoOver: Int { snapshot.count(.rto, .breached) }
    /// Objectives at risk (an RPO and an RTO of one volume count as two, like the missed ones).
    public var atRisk: Int { snapshot.count(.rpo, .warning) + snapshot.count(.rto, .warning) }
    public var prompts: Int { snapshot.prompts.count }
    public var openBreaches: [ObjectiveBreach] { snapshot.breaches.filter(\.isOpen) }

    /// CRITICAL while any objective is breached; WARNING while any is at risk or a prompt waits for
    /// the operator; OK otherwise.
    public var verdict: Verdict {
        if rpoMissed + rtoOver > 0 { return .critical }
        if atRisk > 0 || prompts > 0 { return .warning }
        return .ok
    }

    /// The plugin's first line (status, summary | performance data), then one line per volume.
    public var text: String {
        var out = "VIGIL \(verdict.label) - \(snapshot.scenario) at \(snapshot.time.iso8601): RPO missed \(rpoMissed) · RTO over \(rtoOver) · at risk \(atRisk) · prompts \(prompts)"
        out += " | rpo_missed=\(rpoMissed);;1 rto_over=\(rtoOver);;1 at_risk=\(atRisk);1 prompts=\(prompts);1\n"
        var rows = [["volume", "group", "RPO lag", "RPO", "restore est.", "RTO", "cause"]]
        for v in snapshot.volumes {
            let c = v.compliance
            let rpo = c.rpo.map { "\($0.level.rawValue) (\($0.rule.format($0.figure))/\($0.rule.formatBound($0.bound)))" } ?? "not set"
            let rto = c.rto.map { "\($0.level.rawValue) (\($0.rule.format($0.figure))/\($0.rule.formatBound($0.bound)))" } ?? (v.rto == nil ? "not set" : "nothing kept yet")
            let causes = [c.rpo?.cause, c.rto?.cause].compactMap { $0 }
            let cause = causes.enumerated().filter { i, s in !causes[..<i].contains(s) }.map(\.element).joined(separator: "; ")
            rows.append([v.name, v.group, SimDuration.format(v.rpoLagSeconds), rpo,
                         v.restoreEstimate.map(SimDuration.formatEstimate) ?? "-", rto, cause.isEmpty ? "-" : cause])
        }
        out += SimulationSummary.table(rows)
        for b in openBreaches {
            out += "open breach #\(b.id): \(b.volume) \(b.kind.label) since \(b.since.iso8601) (\(SimDuration.format(b.duration(now: snapshot.time)))) — \(b.figureText)"
                + (b.cause.map { "; \($0)" } ?? "") + (b.acknowledged ? " [acknowledged]" : "") + "\n"
        }
        for p in snapshot.prompts {
            out += "prompt: pool \(p.pool) expansion #\(p.id) pending since \(p.raisedAt.iso8601) — \(p.needText)\n"
        }
        if let d = snapshot.denial {
            out += "prompt: expansion #\(d.request) denied; next request not before \(d.quietUntil.iso8601)\n"
        }
        return out
    }

    static func status(_ s: ObjectiveStatus?) -> JSONValue {
        guard let s else { return .null }
        return .object([("state", .string(s.level.rawValue)), ("since", .string(s.since.iso8601)), ("rule", .string(s.rule.rawValue)),
                        ("figure", .double(s.figure)), ("bound", .double(s.bound)),
                        ("unit", .string(s.rule.measuresBytes ? "bytes" : "seconds")),
                        ("cause", s.cause.map { .string($0) } ?? .null)])
    }

    public var json: JSONValue {
        .object([
            ("status", .string(verdict.label)), ("exit_code", .int(Int64(verdict.rawValue))),
            ("array", .string(snapshot.scenario)), ("time", .string(snapshot.time.iso8601)),
            ("rpo_missed", .int(Int64(rpoMissed))), ("rto_over", .int(Int64(rtoOver))),
            ("at_risk", .int(Int64(atRisk))), ("prompts", .int(Int64(prompts))),
            ("volumes", .array(snapshot.volumes.map { v in
                .object([("volume", .string(v.name)), ("group", .string(v.group)), ("rpo_lag_s", .int(v.rpoLagSeconds)),
                         ("restore_estimate_s", v.restoreEstimate.map { .double($0) } ?? .null),
                         ("rto_s", v.rto.map { .int($0) } ?? .null),
                         ("rpo", Self.status(v.compliance.rpo)), ("rto", Self.status(v.compliance.rto))])
            })),
            ("open_breaches", .array(openBreaches.map { b in
                .object(ArrayEvent.breachFields(b) + [("duration_s", .int(b.duration(now: snapshot.time))),
                                                      ("worst", .double(b.worst)), ("acknowledged", .bool(b.acknowledged))])
            })),
            ("prompts_pending", .array(snapshot.prompts.map { p in
                .object([("request", .int(Int64(p.id))), ("pool", .string(p.pool)), ("raised_at", .string(p.raisedAt.iso8601)),
                         ("needed_bytes", .int(p.neededBytes)), ("tier", ArrayEvent.opt(p.tier)),
                         ("largest_free_bytes", p.largestFreeBytes.map { .int($0) } ?? .null), ("free_bytes", .int(p.freeBytes))])
            })),
            // Set while a denied request keeps the array from asking again.
            ("next_request_not_before", ArrayEvent.opt(snapshot.denial?.quietUntil.iso8601)),
        ])
    }

    /// A label value escaped as the exposition format requires (backslash, quote, newline).
    static func label(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        return JSONValue.number(d)
    }

    /// The Prometheus text exposition format (for node_exporter's textfile collector). States are
    /// numbers: 0 ok, 1 warning, 2 breached.
    public var prometheus: String {
        var out = ""
        func family(_ name: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for s in samples { out += "\(name)\(s.labels.isEmpty ? "" : "{\(s.labels)}") \(Self.number(s.value))\n" }
        }
        let vols = snapshot.volumes
        func labels(_ v: ArraySnapshot.VolumeInfo) -> String { "volume=\"\(Self.label(v.name))\",group=\"\(Self.label(v.group))\"" }
        family("vigil_rpo_lag_seconds", "Seconds since the point in time of the volume's newest complete generation.",
               vols.map { (labels($0), Double($0.rpoLagSeconds)) })
        family("vigil_rpo_state", "RPO state: 0 ok, 1 warning, 2 breached (absent when the group sets no RPO).",
               vols.compactMap { v in v.compliance.rpo.map { (labels(v), Double($0.level.rank)) } })
        family("vigil_rpo_bound_seconds", "The interval or daily RPO the lag is judged against.",
               vols.compactMap { v in v.compliance.rpo.flatMap { $0.rule.measuresBytes ? nil : (labels(v) + ",rule=\"\($0.rule.rawValue)\"", $0.bound) } })
        family("vigil_rpo_changed_bytes", "Bytes changed since the last backup, for a changed-size RPO.",
               vols.compactMap { v in v.compliance.rpo.flatMap { $0.rule.measuresBytes ? (labels(v), $0.figure) : nil } })
        family("vigil_rpo_bound_bytes", "The changed-size RPO the changed bytes are judged against.",
               vols.compactMap { v in v.compliance.rpo.flatMap { $0.rule.measuresBytes ? (labels(v), $0.bound) : nil } })
        family("vigil_restore_estimate_seconds", "Restore estimate of the newest kept generation's chain.",
               vols.compactMap { v in v.restoreEstimate.map { (labels(v), $0) } })
        family("vigil_rto_seconds", "The group's RTO.", vols.compactMap { v in v.rto.map { (labels(v), Double($0)) } })
        family("vigil_rto_state", "RTO state: 0 ok, 1 warning, 2 breached (absent without an RTO or a kept generation).",
               vols.compactMap { v in v.compliance.rto.map { (labels(v), Double($0.level.rank)) } })
        family("vigil_breaches_open", "Open objective breaches.",
               ObjectiveKind.allCases.map { k in ("objective=\"\(k.rawValue)\"", Double(openBreaches.filter { $0.kind == k }.count)) })
        family("vigil_prompts_pending", "Pool expansion requests waiting for the operator.", [("", Double(prompts))])
        family("vigil_simulated_time_seconds", "The array's simulated clock (Unix seconds).", [("", Double(snapshot.time.seconds))])
        return out
    }
}

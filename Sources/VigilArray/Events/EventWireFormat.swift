import Foundation

/// The stable wire form of events: a dotted name and ordered fields, plus a one-line text rendering.
extension ArrayEvent {
    public var name: String {
        switch kind {
        case .simulationStarted: "simulation.started"
        case .triggerFired: "backup.triggered"
        case .backupDecided: "backup.decided"
        case .backupWaiting: "backup.waiting"
        case .backupStarted: "backup.started"
        case .backupCompleted: "backup.completed"
        case .generationInvalidated: "generation.invalidated"
        case .generationMerged: "generation.merged"
        case .generationKept: "generation.kept"
        case .generationMergeStarted: "generation.merge_started"
        case .mirrorSyncStarted: "mirror.sync_started"
        case .mirrorSynced: "mirror.synced"
        case .poolShortage: "pool.shortage"
        case .poolExpansionRequested: "pool.expansion_requested"
        case .poolExpansionApproved: "pool.expansion_approved"
        case .poolExpansionDenied: "pool.expansion_denied"
        case .restorePlanned: "restore.planned"
        case .restoreCompleted: "restore.completed"
        case .restoreVerified: "restore.verified"
        case .performanceChanged: "performance.changed"
        case .performanceDrift: "performance.drift"
        case .raidDegraded: "raid.degraded"
        case .raidRepaired: "raid.repaired"
        case .objectivesChanged: "objectives.changed"
        case .commandRejected: "command.rejected"
        case .catalogCopyStarted: "catalog.copy_started"
        case .catalogCopied: "catalog.copied"
        case .catalogDeleted: "catalog.deleted"
        case .lineChanged: "remote.line_changed"
        case .remoteLUCreated: "remote.lu_created"
        case .objectiveBreached: "objective.breached"
        case .objectiveRecovered: "objective.recovered"
        }
    }

    static func hex(_ d: UInt64) -> JSONValue { .string(ContentDigest.hex(d)) }
    static func opt(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// The event's fields after `time` and `event`, in a fixed order.
    public var fields: [(String, JSONValue)] {
        switch kind {
        case let .simulationStarted(scenario, seed, volumes, groups):
            return [("scenario", .string(scenario)), ("seed", .string(String(seed))),
                    ("volumes", .int(Int64(volumes))), ("groups", .int(Int64(groups)))]
        case let .triggerFired(volume, group, trigger):
            return [("volume", .string(volume)), ("group", .string(group)), ("trigger", .string(trigger.rawValue))]
        case let .backupDecided(volume, group, trigger, rto, d):
            let candidates: [JSONValue] = d.candidates.map { c in
                .object([("method", .string(c.method.rawValue)), ("tier", Self.opt(c.tier)),
                         ("bytes", .int(c.restoreBytes)), ("backup_bytes", .int(c.backupBytes)),
                         ("mbps", .double(c.mbps)), ("estimate_s", .double(c.estimateSeconds)),
                         ("room", .bool(c.room)), ("fits", .bool(c.fits))])
            }
            // A trigger that found nothing changed takes no generation: method and copy function
            // "none", and the generation that covers the trigger instead.
            let taken = d.takesGeneration
            return [("volume", .string(volume)), ("group", .string(group)), ("trigger", .string(trigger.rawValue)),
                    ("method", .string(taken ? d.method.rawValue : "none")),
                    ("copy_function", .string(taken ? d.copyFunction.rawValue : "none")),
                    ("rto_s", rto.map { .int($0) } ?? .null), ("candidates", .array(candidates)),
                    ("waits_for_space", .bool(d.needsSpace))]
                + (d.unchangedSince.map { [("nothing_changed_since", .int(Int64($0)))] } ?? [])
                + [("reason", .string(d.reason))]
        case let .backupWaiting(volume, group, reason):
            return [("volume", .string(volume)), ("group", .string(group)), ("reason", .string(reason))]
        case let .backupStarted(volume, generation, method, function, area, tier, bytes, seconds):
            return [("volume", .string(volume)), ("generation", .int(Int64(generation))), ("method", .string(method.rawValue)),
                    ("copy_function", .string(function.rawValue)), ("area", area.map { .int(Int64($0)) } ?? .null),
                    ("tier", Self.opt(tier)), ("bytes", .int(bytes)), ("copy_s", .int(seconds))]
        case let .backupCompleted(volume, group, generation, method, bytes, seconds, digest, lag):
            return [("volume", .string(volume)), ("group", .string(group)), ("generation", .int(Int64(generation))),
                    ("method", .string(method.rawValue)), ("bytes", .int(bytes)), ("duration_s", .int(seconds)),
                    ("digest", Self.hex(digest)), ("rpo_lag_s", .int(lag))]
        case let .generationInvalidated(volume, generation, reason):
            return [("volume", .string(volume)), ("generation", .int(Int64(generation))), ("reason", .string(reason))]
        case let .generationMerged(volume, base, into, reason):
            return [("volume", .string(volume)), ("base", .int(Int64(base))), ("into", .int(Int64(into))), ("reason", .string(reason))]
        case let .generationKept(volume, generation, reason):
            return [("volume", .string(volume)), ("generation", .int(Int64(generation))), ("reason", .string(reason))]
        case let .generationMergeStarted(volume, base, into, bytes, seconds):
            return [("volume", .string(volume)), ("base", .int(Int64(base))), ("into", .int(Int64(into))),
                    ("bytes", .int(bytes)), ("copy_s", .int(seconds))]
        case let .mirrorSyncStarted(volume, area, tier, seconds):
            return [("volume", .string(volume)), ("area", .int(Int64(area))), ("tier", .string(tier)), ("copy_s", .int(seconds))]
        case let .mirrorSynced(volume, area):
            return [("volume", .string(volume)), ("area", .int(Int64(area)))]
        case let .poolShortage(pool, volume, need, tier, needed, largest, free):
            return [("pool", .string(pool)), ("volume", .string(volume)), ("need", .string(need.rawValue)), ("tier", .string(tier)),
                    ("needed_bytes", .int(needed)), ("largest_free_bytes", .int(largest)), ("pool_free_bytes", .int(free))]
        case let .poolExpansionRequested(r, spares, waiting):
            return [("request", .int(Int64(r.id))), ("pool", .string(r.pool)), ("needed_bytes", .int(r.neededBytes)),
                    ("tier", Self.opt(r.tier)), ("largest_free_bytes", r.largestFreeBytes.map { .int($0) } ?? .null),
                    ("free_bytes", .int(r.freeBytes)), ("waiting", .array(waiting.map { .string($0) })),
                    ("spares", .array(spares.map { .string($0) })), ("reason", .string(r.reason))]
        case let .poolExpansionApproved(id, pool, raidGroup, tier, added):
            return [("request", .int(Int64(id))), ("pool", .string(pool)), ("raid_group", .string(raidGroup)),
                    ("tier", .string(tier)), ("added_bytes", .int(added))]
        case let .poolExpansionDenied(id, pool, waiting, quietUntil):
            return [("request", .int(Int64(id))), ("pool", .string(pool)), ("waiting", .array(waiting.map { .string($0) })),
                    ("next_request_not_before", .string(quietUntil.iso8601))]
        case let .restorePlanned(p):
            let pieces: [JSONValue] = p.pieces.map {
                .object([("generation", .int(Int64($0.generation))), ("method", .string($0.method.rawValue)),
                         ("bytes", .int($0.bytes)), ("mbps", .double($0.readMBps)), ("estimate_s", .double($0.seconds))])
            }
            return [("volume", .string(p.volume)), ("generation", .int(Int64(p.generation))), ("target", .string(p.target)),
                    ("base", .int(Int64(p.base))), ("pieces", .array(pieces)), ("base_copy_s", .double(p.baseCopySeconds)),
                    ("switch_s", .double(p.switchSeconds)), ("estimate_s", .double(p.estimateSeconds)), ("verify_only", .bool(p.verifyOnly))]
        case let .restoreCompleted(volume, generation, target, estimate, actual):
            return [("volume", .string(volume)), ("generation", .int(Int64(generation))), ("target", .string(target)),
                    ("estimate_s", .double(estimate)), ("actual_s", .int(actual))]
        case let .restoreVerified(volume, generation, target, ok, expected, actual):
            return [("volume", .string(volume)), ("generation", .int(Int64(generation))), ("target", .string(target)),
                    ("ok", .bool(ok)), ("expected_digest", Self.hex(expected)), ("actual_digest", Self.hex(actual))]
        case let .performanceChanged(lun, name, read, write, reason):
            return [("lun", .int(Int64(lun))), ("name", .string(name)), ("read_mbps", .double(read)),
                    ("write_mbps", .double(write)), ("reason", .string(reason))]
        case let .performanceDrift(lun, name, direction, model, measured, copy):
            return [("lun", .int(Int64(lun))), ("name", .string(name)), ("direction", .string(direction)),
                    ("model_mbps", .double(model)), ("measured_mbps", .double(measured)),
                    ("share", .double(model > 0 ? measured / model : 0)), ("copy", .string(copy))]
        case let .raidDegraded(g): return [("raid_group", .string(g))]
        case let .raidRepaired(g): return [("raid_group", .string(g))]
        case let .objectivesChanged(group, o):
            return [("group", .string(group)), ("interval_s", o.interval.map { .int($0) } ?? .null),
                    ("hour_s", o.hourOfDay.map { .int($0) } ?? .null), ("changed_bytes", o.changedBytes.map { .int($0) } ?? .null),
                    ("generations", .int(Int64(o.generations))), ("rto_s", o.rto.map { .int($0) } ?? .null)]
        case let .commandRejected(command, reason):
            return [("command", .string(command)), ("reason", .string(reason))]
        case let .catalogCopyStarted(c, end):
            return Self.copyFields(c) + [("completes_at", .string(end.iso8601))]
        case let .catalogCopied(c):
            return Self.copyFields(c)
        case let .catalogDeleted(record, what):
            return [("record", .int(Int64(record))), ("what", .string(what))]
        case let .lineChanged(remote, line, up, bw, paused, resumed):
            return [("remote", .string(remote)), ("line", .int(Int64(line))), ("up", .bool(up)), ("bandwidth_mbps", .double(bw)),
                    ("paused", .array(paused.map { .string($0) })), ("resumed", .array(resumed.map { .string($0) }))]
        case let .remoteLUCreated(remote, lun, bytes, layout, type, read, write):
            return [("remote", .string(remote)), ("lun", .int(Int64(lun))), ("bytes", .int(bytes)), ("layout", .string(layout.description)),
                    ("disk_type", .string(type.rawValue)), ("read_mbps", .double(read)), ("write_mbps", .double(write))]
        case let .objectiveBreached(b):
            return Self.breachFields(b)
        case let .objectiveRecovered(b):
            return Self.breachFields(b) + [("until", Self.opt(b.until?.iso8601)), ("duration_s", .int(b.duration(now: time))),
                                           ("worst", .double(b.worst))]
        }
    }

    static func breachFields(_ b: ObjectiveBreach) -> [(String, JSONValue)] {
        [("breach", .int(Int64(b.id))), ("volume", .string(b.volume)), ("group", .string(b.group)), ("kind", .string(b.kind.rawValue)),
         ("rule", .string(b.rule.rawValue)), ("since", .string(b.since.iso8601)), ("figure", .double(b.figure)),
         ("bound", .double(b.bound)), ("unit", .string(b.rule.measuresBytes ? "bytes" : "seconds")), ("cause", opt(b.cause))]
    }

    static func copyFields(_ c: CopyRecord) -> [(String, JSONValue)] {
        [("record", .int(Int64(c.id))), ("kind", .string(c.kind.rawValue)),
         ("source_record", c.sourceRecord.map { .int(Int64($0)) } ?? .null), ("source", .string(c.sourceVolume)),
         ("generation", c.generation.map { .int(Int64($0)) } ?? .null), ("destination", .string(c.destinationVolume)),
         ("bytes", .int(c.bytes)), ("digest", hex(c.digest)), ("state", .string(c.state.rawValue))]
    }

    /// One JSON object: `time`, `event`, then the fields.
    public var jsonLine: String {
        JSONValue.object([("time", .string(time.iso8601)), ("event", .string(name))] + fields).serialized
    }

    /// One readable line for the text log and the console's decision pane.
    public var textLine: String {
        let t = time.iso8601
        let body: String
        switch kind {
        case let .simulationStarted(scenario, seed, volumes, groups):
            body = "simulation of \(scenario) starts: \(volumes) volumes in \(groups) groups, seed \(seed)"
        case let .triggerFired(volume, group, trigger):
            body = "\(volume) (\(group)): \(trigger.rawValue) trigger fired"
        case let .backupDecided(volume, _, _, _, d):
            body = "\(volume): \(d.takesGeneration ? d.method.rawValue.uppercased() : "NO BACKUP") — \(d.reason)"
        case let .backupWaiting(volume, _, reason):
            body = "\(volume): backup waits — \(reason)"
        case let .backupStarted(volume, generation, method, function, area, tier, bytes, seconds):
            let place = area.map { " to area \($0)" + (tier.map { " on \($0)" } ?? "") } ?? ""
            let copy = seconds < 0 ? "paused until a line comes back" : "copy \(SimDuration.format(seconds))"
            body = "\(volume): generation \(generation) \(method.rawValue) started (\(function.rawValue), \(ByteSize.formatDecimal(bytes))\(place), \(copy))"
        case let .backupCompleted(volume, _, generation, method, bytes, seconds, _, lag):
            body = "\(volume): generation \(generation) \(method.rawValue) complete, \(ByteSize.formatDecimal(bytes)) in \(SimDuration.format(seconds)); RPO lag \(SimDuration.format(lag))"
        case let .generationInvalidated(volume, generation, reason):
            body = "\(volume): generation \(generation) invalidated — \(reason)"
        case let .generationMerged(volume, base, into, reason):
            body = "\(volume): generation \(base) merged into \(into) — \(reason)"
        case let .generationKept(volume, generation, reason):
            body = "\(volume): generation \(generation) kept past the limit — \(reason)"
        case let .generationMergeStarted(volume, base, into, bytes, seconds):
            body = "\(volume): merging generation \(base) into \(into) (\(ByteSize.formatDecimal(bytes)) read and written, copy \(SimDuration.format(seconds)))"
        case let .mirrorSyncStarted(volume, area, tier, seconds):
            body = "\(volume): re-mirroring to area \(area) on \(tier), \(SimDuration.format(seconds))"
        case let .mirrorSynced(volume, area):
            body = "\(volume): mirror in area \(area) in sync"
        case let .poolShortage(pool, volume, need, tier, needed, largest, free):
            body = "pool \(pool) short for \(volume) (\(need.words)): needs \(ByteSize.format(needed)) on tier \(tier), largest free area \(ByteSize.format(largest)) (\(ByteSize.format(free)) free in the pool)"
        case let .poolExpansionRequested(r, spares, waiting):
            body = "pool \(r.pool): EXPANSION REQUESTED #\(r.id) — \(r.needText); waiting: \(waiting.isEmpty ? "none yet" : waiting.joined(separator: ", ")); spares: \(spares.isEmpty ? "none" : spares.joined(separator: ", "))"
        case let .poolExpansionApproved(id, pool, raidGroup, tier, added):
            body = "pool \(pool): expansion #\(id) approved — \(raidGroup) adds \(ByteSize.format(added)) to tier \(tier)"
        case let .poolExpansionDenied(id, pool, waiting, quietUntil):
            body = "pool \(pool): expansion #\(id) denied; next request not before \(quietUntil.iso8601); still waiting: \(waiting.joined(separator: ", "))"
        case let .restorePlanned(p):
            let chain = p.pieces.map { "\($0.method.rawValue) \($0.generation)" }.joined(separator: " + ")
            body = "\(p.volume): restore of generation \(p.generation) to \(p.target) planned: full \(p.base)\(chain.isEmpty ? "" : " + " + chain), estimate \(SimDuration.formatEstimate(p.estimateSeconds))"
        case let .restoreCompleted(volume, generation, target, estimate, actual):
            body = "\(volume): restore of generation \(generation) to \(target) done in \(SimDuration.format(actual)) (estimate \(SimDuration.formatEstimate(estimate)))"
        case let .restoreVerified(volume, generation, _, ok, expected, actual):
            body = ok ? "\(volume): generation \(generation) verified (digest \(ContentDigest.hex(expected)))"
                : "\(volume): generation \(generation) FAILED verification (expected \(ContentDigest.hex(expected)), got \(ContentDigest.hex(actual)))"
        case let .performanceChanged(lun, name, read, write, reason):
            body = "LUN \(lun) \(name): read \(JSONValue.number(read)) MB/s, write \(JSONValue.number(write)) MB/s (\(reason))"
        case let .performanceDrift(lun, name, direction, model, measured, copy):
            let share = model > 0 ? Int((measured / model * 100).rounded(.down)) : 0
            body = "LUN \(lun) \(name): \(direction) measured \(JSONValue.number(measured)) MB/s, \(share) % of the model's \(JSONValue.number(model)) MB/s (\(copy))"
        case let .raidDegraded(g): body = "RAID group \(g) degraded"
        case let .raidRepaired(g): body = "RAID group \(g) repaired"
        case let .objectivesChanged(group, o):
            var parts: [String] = []
            if let i = o.interval { parts.append("every \(SimDuration.format(i))") }
            if let h = o.hourOfDay { parts.append(String(format: "daily %02d:%02d", h / 3_600, (h % 3_600) / 60)) }
            if let c = o.changedBytes { parts.append("at \(ByteSize.format(c)) changed") }
            parts.append("keep \(o.generations)")
            parts.append(o.rto.map { "RTO \(SimDuration.format($0))" } ?? "no RTO")
            body = "group \(group) objectives: \(parts.joined(separator: ", "))"
        case let .commandRejected(command, reason):
            body = "command \(command) refused — \(reason)"
        case let .catalogCopyStarted(c, end):
            body = "record \(c.id): \(c.kind.rawValue) of \(c.sourceVolume)\(c.generation.map { " generation \($0)" } ?? "") to \(c.destinationVolume) started, completes \(end.iso8601)"
        case let .catalogCopied(c):
            body = "record \(c.id): \(c.kind.rawValue) of \(c.sourceVolume)\(c.generation.map { " generation \($0)" } ?? "") to \(c.destinationVolume) complete (digest \(ContentDigest.hex(c.digest)))"
        case let .catalogDeleted(record, what):
            body = "record \(record) deleted — \(what)"
        case let .lineChanged(remote, line, up, bw, paused, resumed):
            body = "remote \(remote): line \(line) \(up ? "up" : "DOWN"), \(JSONValue.number(bw)) MB/s in force"
                + (paused.isEmpty ? "" : "; paused: \(paused.joined(separator: ", "))")
                + (resumed.isEmpty ? "" : "; resumed: \(resumed.joined(separator: ", "))")
        case let .remoteLUCreated(remote, lun, bytes, layout, type, read, write):
            body = "remote \(remote): LU \(lun) created, \(ByteSize.format(bytes)) on \(layout) \(type.rawValue) (read \(JSONValue.number(read)), write \(JSONValue.number(write)) MB/s)"
        case let .objectiveBreached(b):
            body = "\(b.volume) (\(b.group)): \(b.kind.label) BREACHED since \(b.since.iso8601) — \(b.figureText)"
                + (b.cause.map { "; cause: \($0)" } ?? "")
        case let .objectiveRecovered(b):
            body = "\(b.volume) (\(b.group)): \(b.kind.label) recovered after \(SimDuration.format(b.duration(now: time)))"
                + " (breached since \(b.since.iso8601); worst \(b.worstText))"
        }
        return "\(t)  \(body)"
    }
}

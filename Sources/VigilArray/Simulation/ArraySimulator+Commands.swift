/// Commands from the console or a scenario's scripted events. A refused command changes nothing
/// and is reported as `command.rejected` with the reason.
extension ArraySimulator {
    @discardableResult
    public func apply(_ command: ArrayCommand) -> Result<Void, CommandError> {
        let problem: String?
        switch command {
        case let .setObjectives(name, objectives):
            problem = setObjectives(group: name, objectives)
        case let .approveExpansion(id, g):
            problem = approveExpansion(id: id, raidGroup: g)
        case let .denyExpansion(id):
            problem = denyExpansion(id: id)
        case let .backupNow(name):
            if let v = volumes.firstIndex(where: { $0.name == name }) {
                if runtime[v].waitingForPool != nil {
                    problem = "\(name) already waits for pool space"
                } else {
                    trigger(v, .manual)
                    problem = nil
                }
            } else {
                problem = "no volume named \(name)"
            }
        case let .restore(name, generation, target):
            switch planRestore(volume: name, generation: generation, target: target) {
            case .failure(let e): problem = e.message
            case .success(let plan):
                if case .failure(let e) = startRestore(plan) { problem = e.message } else { problem = nil }
            }
        case let .degrade(name):
            problem = setDegraded(name, true)
        case let .repair(name):
            problem = setDegraded(name, false)
        case let .deleteRecord(id):
            problem = deleteRecord(id)
        case let .copyRecord(id, target):
            problem = copyRecordToVolume(id, target)
        case let .hostBackup(source, destination, method):
            problem = hostBackup(source, destination, method)
        case let .setLine(remote, line, up):
            problem = setLine(remote, line, up: up)
        case let .copyToArray(id, array, volume):
            problem = copyToArray(id, array, label: volume)
        case let .loadFileList(entries, specs, source):
            problem = addFileGroups(specs, entries: entries, source: source)
        case .acknowledgeBreach(let id):
            problem = acknowledgeBreach(id)
        }
        if let problem {
            emit(.commandRejected(command: command.label, reason: problem))
            return .failure(CommandError(problem))
        }
        // A command from outside the clock (the console, a tool) is judged at once; one from a
        // scripted event is judged with the rest of its instant.
        if !handlingWork, started {
            settleFlows()
            complianceAll = true
            evaluateCompliance()
        }
        return .success(())
    }

    func setObjectives(group name: String, _ objectives: RecoveryObjectives) -> String? {
        guard let g = groups.firstIndex(where: { $0.name == name }) else { return "no volume group named \(name)" }
        if let (field, problem) = objectives.validate(granule: smallestGranule(group: g)) { return "\(field) \(problem)" }
        let old = groups[g].objectives
        groups[g].objectives = objectives
        // An RPO rule is judged from when it was set, never back to before it existed.
        if started, objectives.interval != old.interval || objectives.hourOfDay != old.hourOfDay
            || objectives.changedBytes != old.changedBytes {
            compliance.rpoChanged(group: g, at: now)
        }
        // Before start() nothing is scheduled yet; start() schedules from the objectives as they are.
        if started {
            if objectives.interval != old.interval { rescheduleInterval(group: g, from: old.interval) }
            if objectives.hourOfDay != old.hourOfDay {
                time.hourEpoch[g] += 1
                time.next[g].hour = nil
                scheduleHourTrigger(group: g, after: now)
            }
        }
        emit(.objectivesChanged(group: name, objectives: objectives))
        return nil
    }

    /// Schedules a group's interval trigger after its interval changed. The new interval counts
    /// from when the old one last fired (its next firing less the old interval), so changing it
    /// does not push the next backup out by the time since then; if that moment has passed, it
    /// fires now. A newly set interval counts from now. An unchanged interval is never rescheduled.
    func rescheduleInterval(group g: Int, from oldInterval: Int64?) {
        time.intervalEpoch[g] += 1
        let previous = time.next[g].interval
        time.next[g].interval = nil
        guard let interval = groups[g].objectives.interval else { return }
        var next = now + interval
        if let previous, let oldInterval { next = max(now, SimTime(previous.seconds - oldInterval) + interval) }
        schedule(next, .intervalTrigger(group: g, epoch: time.intervalEpoch[g]))
        time.next[g].interval = next
    }

    /// The smallest granule among a group's members: the finest change its volumes can track.
    func smallestGranule(group g: Int) -> Int64? {
        groups[g].members.map { volumes[$0].granule }.min()
    }

    func setDegraded(_ name: String, _ degraded: Bool) -> String? {
        guard let g = raidGroups.firstIndex(where: { $0.name == name }) else { return "no RAID group named \(name)" }
        guard raidGroups[g].degraded != degraded else { return "\(name) is already \(degraded ? "degraded" : "healthy")" }
        raidGroups[g].degraded = degraded
        emit(degraded ? .raidDegraded(raidGroup: name) : .raidRepaired(raidGroup: name))
        for entry in performance.rebuild(groups: raidGroups, volumes: volumes) {
            emit(.performanceChanged(lun: entry.lun, name: entry.name, readMBps: entry.readMBps, writeMBps: entry.writeMBps,
                                     reason: degraded ? "\(name) degraded" : "\(name) repaired"))
        }
        // Copies on the group go on at its new speed.
        groupCapacities = []
        refreshFlowCapacities()
        return nil
    }

    func runScripted(_ event: Scenario.ScriptedEvent) {
        switch event.action {
        case .degrade(let g): apply(.degrade(raidGroup: g))
        case .repair(let g): apply(.repair(raidGroup: g))
        case .backup(let v): apply(.backupNow(volume: v))
        case let .restore(v, gen, target): apply(.restore(volume: v, generation: gen, target: target))
        case let .line(r, l, up): apply(.setLine(remote: r, line: l, up: up))
        }
    }
}

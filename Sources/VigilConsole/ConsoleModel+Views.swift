import VigilArray

extension ConsoleModel {
    /// The log line under the decisions pane's cursor.
    public var cursorLogLine: LogLine? {
        let i = log.count - 1 - logScroll
        return log.indices.contains(i) ? log[i] : nil
    }

    /// Enter: in the decisions pane, the decision on the cursor's line; elsewhere the selected
    /// volume's last decision, with its trigger and time when the log still holds its line.
    func openDecisionDetail() {
        if focus == .decisions {
            guard let line = cursorLogLine else { return }
            guard let decided = line.decided else {
                banner = ("this line is not a backup decision; Enter opens those", .text)
                return
            }
            modal = .decision(DecisionDetail(decided))
            return
        }
        guard let v = selectedVolume else { return }
        let vol = snapshot.volumes[v]
        guard let last = vol.lastDecision else {
            banner = ("\(vol.name) has no backup decision yet", .text)
            return
        }
        let logged = log.last { $0.decided?.volume == vol.name }?.decided
        let decided = logged.flatMap { $0.decision == last ? $0 : nil }
            ?? DecidedBackup(volume: vol.name, group: vol.group, trigger: nil, rto: vol.rto, time: nil, decision: last)
        modal = .decision(DecisionDetail(decided))
    }

    /// `h`: the selected volume's generations and RPO lag.
    func openHistory() {
        guard let v = selectedVolume else { return }
        modal = .history(HistoryView(volume: snapshot.volumes[v].name))
    }
}

import Foundation
import VigilArray

/// The console's state machine: the panes, the selection, the open modal, the clock speed and the
/// theme. It reads `ArraySnapshot`s and sends `ArrayCommand`s; it never touches a terminal. Each
/// event returns whether the screen must be redrawn.
public final class ConsoleModel {
    public enum Pane: Int, CaseIterable, Sendable {
        case volumes, changed, estimates, pool, decisions
        public var title: String {
            switch self {
            case .volumes: "Volumes"
            case .changed: "Changed blocks"
            case .estimates: "Restore estimates"
            case .pool: "Pool capacity"
            case .decisions: "Scheduler and decisions"
            }
        }
    }
    /// `worst` (the default) puts missed objectives first, then those at risk, then the rest in
    /// volume order, so a breach is never below the visible rows.
    public enum Sort: String, CaseIterable, Sendable { case worst, name, group, state, changed, estimate }
    public enum Modal: Equatable, Sendable {
        case help(HelpView)
        case objectives(ObjectivesForm)
        case expansion(PoolExpansionPrompt)
        case restore(RestoreDialog)
        case filter(FilterPrompt)
        case catalog(CatalogBrowser)
        case remotes
        case alerts(AlertsView)
        case decision(DecisionDetail)
        case history(HistoryView)
        case performance(PerformanceView)
    }
    /// A line of the decisions log.
    public struct LogLine: Sendable, Equatable {
        public var time: SimTime
        public var text: String
        public var role: ColorRole
        /// The decision a `backupDecided` line reports, for the decision detail view.
        public var decided: DecidedBackup? = nil
    }

    public let sim: ArraySimulator
    public var clock: SimulationClock
    public private(set) var themes: [Theme]
    public private(set) var themeIndex = 0
    public let glyphs: Glyphs
    public private(set) var snapshot: ArraySnapshot { didSet { visibleCache = nil } }
    public internal(set) var focus: Pane = .volumes
    public internal(set) var selected = 0
    public internal(set) var volumeScroll = 0
    /// How many lines above the newest the log's cursor is (0: the newest, which it then follows).
    public internal(set) var logScroll = 0
    /// How many of the newest lines are below the log's window (the pane keeps the cursor in it).
    public internal(set) var logWindow = 0
    public internal(set) var sort: Sort = .worst { didSet { visibleCache = nil } }
    public internal(set) var filter = "" { didSet { visibleCache = nil } }
    /// `visibleVolumes` of the current snapshot, sort and filter: a frame asks for it several
    /// times, and on 10,000 volumes each sort costs milliseconds.
    private var visibleCache: [Int]?
    public internal(set) var modal: Modal?
    public internal(set) var log: [LogLine] = []
    /// A one-line message on the status line until the next key.
    public var banner: (text: String, role: ColorRole)?
    public private(set) var quit = false
    public private(set) var width = 0, height = 0
    /// Changed-since-last-backup samples per volume, every `sampleEvery` simulated seconds.
    public internal(set) var history: [[Int64]]
    /// RPO lag samples (seconds) per volume, taken with `history` and bounded like it.
    public internal(set) var rpoHistory: [[Int64]] = []
    /// Total pool use samples (time, bytes) for the fill forecast.
    public internal(set) var poolHistory: [(SimTime, Int64)] = []
    var nextSample: SimTime
    var lastPromptShown: Int?
    /// Writes a line to the console's log file (never to the screen).
    public var logger: (String) -> Void = { _ in }
    /// The commands this console sent, newest last (the state store keeps the durable journal).
    public internal(set) var journal: [String] = []
    /// Told of every command the console sent and its outcome (the state store journals it).
    public var onCommand: (ArrayCommand, Result<Void, CommandError>) -> Void = { _, _ in }
    /// Told of every event the array reports, before the console shows it (the executable
    /// checkpoints after those that change the catalog).
    public var onArrayEvent: (ArrayEvent) -> Void = { _ in }
    /// Set while the array's state is not being saved (a checkpoint failed): why, and what the
    /// operator can do. The title marks it and the status line shows it whenever no other message
    /// is up; Space then asks `onRetrySave` instead of resuming the clock.
    public var saveFailure: String?
    /// Space while `saveFailure` is set: try the checkpoint again.
    public var onRetrySave: () -> Void = {}
    /// Long work the console started and has not yet seen finish: a key naming the work (from the
    /// events that start and end it) → the label of the command that asked for it.
    var awaiting: [String: String] = [:]
    /// Volumes whose manual backup the console asked for that has not been decided yet, and those
    /// decided whose copy has not started yet (a backup may wait for a running copy or for space).
    var manualBackupsAsked: Set<String> = []
    var manualBackupsDecided: Set<String> = []
    /// The command being applied, so that the events it emits at once can be tied to it.
    var sending: ArrayCommand?
    var finishedWhileSending: [(key: String, text: String, role: ColorRole, label: String)] = []

    public static let sampleEvery: Int64 = 600
    public static let historyLength = 240
    public static let logLength = 500
    public static let minimumWidth = 60, minimumHeight = 16

    public init(simulator: ArraySimulator, themes: [Theme], glyphs: Glyphs, clock: SimulationClock = SimulationClock()) {
        sim = simulator
        self.themes = themes.isEmpty ? [.builtinDefault] : themes
        self.glyphs = glyphs
        self.clock = clock
        history = Array(repeating: [], count: simulator.volumes.count)
        nextSample = simulator.now
        snapshot = simulator.snapshot()
        sim.onEvent = { [weak self] event in self?.record(event) }
    }

    public var theme: Theme { themes[themeIndex] }

    // MARK: Events from the array

    func record(_ event: ArrayEvent) {
        onArrayEvent(event)
        let role: ColorRole
        var text: String
        var decided: DecidedBackup?
        switch event.kind {
        case let .triggerFired(volume, _, trigger):
            role = .dim
            text = "\(volume) \(trigger.rawValue) trigger"
        case let .backupDecided(volume, group, trigger, rto, d) where !d.takesGeneration:
            // Nothing changed: no copy follows, so a manual backup ends here, with its answer.
            role = .dim
            text = "\(volume) NO BACKUP: \(d.reason)"
            decided = DecidedBackup(volume: volume, group: group, trigger: trigger, rto: rto, time: event.time, decision: d)
            if trigger == .manual, manualBackupsAsked.remove(volume) != nil {
                let key = "backup \(volume) unchanged"
                awaiting[key] = "backup \(volume)"
                completed(key, "nothing changed since generation \(d.unchangedSince ?? 0), no generation taken", .text)
            }
        case let .backupDecided(volume, group, trigger, rto, d):
            role = d.method == .full ? .full : d.method == .differential ? .differential : .incremental
            text = "\(volume) \(d.method.rawValue.uppercased()): \(d.reason)"
            decided = DecidedBackup(volume: volume, group: group, trigger: trigger, rto: rto, time: event.time, decision: d)
            if trigger == .manual, manualBackupsAsked.remove(volume) != nil { manualBackupsDecided.insert(volume) }
        case let .backupWaiting(volume, _, reason):
            role = .warning
            text = "\(volume) waits: \(reason)"
        case let .backupCompleted(volume, _, generation, method, bytes, seconds, _, _):
            role = .text
            text = "\(volume) gen \(generation) \(method.rawValue) done, \(ByteSize.formatDecimal(bytes)) in \(SimDuration.format(seconds))"
            completed("backup \(volume) gen \(generation)", text, .fits)
        case let .backupStarted(volume, generation, _, _, _, _, _, _):
            // The copy of a manual backup this console asked for: its completion gets a banner.
            if manualBackupsDecided.remove(volume) != nil { awaiting["backup \(volume) gen \(generation)"] = "backup \(volume)" }
            return
        case .generationMerged, .generationInvalidated, .generationKept, .mirrorSynced, .mirrorSyncStarted,
             .simulationStarted, .generationMergeStarted:
            return
        case .poolShortage:
            return
        case let .poolExpansionRequested(r, _, _):
            role = .warning
            // The same record, in the same words, as the prompt.
            text = "pool \(r.pool): expansion #\(r.id) requested, \(r.needText)"
        case let .poolExpansionApproved(id, _, g, tier, added):
            role = .fits
            text = "expansion #\(id) approved: \(g) adds \(ByteSize.format(added)) to \(tier)"
        case let .poolExpansionDenied(id, _, waiting, quietUntil):
            role = .warning
            text = "expansion #\(id) denied; next request not before \(Format.clock(quietUntil, reference: event.time)); waiting: \(waiting.joined(separator: ", "))"
        case let .restoreVerified(volume, generation, target, ok, _, _):
            role = ok ? .fits : .error
            text = "\(volume) gen \(generation) restored to \(target): " + (ok ? "verified \(glyphs.fits)" : "VERIFICATION FAILED")
            banner = (text, role)
            completed("restore \(volume) \(generation) \(target)", text, role)
        case let .restoreCompleted(volume, generation, _, estimate, actual):
            role = .text
            text = "\(volume) gen \(generation) restore took \(SimDuration.format(actual)) (estimate \(Format.estimate(estimate)))"
        case let .restorePlanned(p):
            if case .restore? = sending { awaiting["restore \(p.volume) \(p.generation) \(p.target)"] = sending?.label }
            role = .dim
            text = "\(p.volume) restore of gen \(p.generation) to \(p.target) started, estimate \(Format.estimate(p.estimateSeconds))"
        case .performanceChanged(_, let name, let r, let w, let reason):
            role = .warning
            text = "\(name): read \(JSONValue.number(r)) MB/s, write \(JSONValue.number(w)) MB/s (\(reason))"
        case let .performanceDrift(_, name, direction, model, measured, _):
            role = .warning
            text = "\(name): \(direction) measured \(JSONValue.number(measured)) MB/s of the model's \(JSONValue.number(model)) (drift)"
        case .raidDegraded(let g):
            role = .error
            text = "RAID group \(g) degraded"
        case .raidRepaired(let g):
            role = .fits
            text = "RAID group \(g) repaired"
        case .objectivesChanged:
            role = .text
            text = String(event.textLine.dropFirst(22))
        case let .commandRejected(command, reason):
            role = .error
            text = "\(command) refused: \(reason)"
        case .catalogCopyStarted(let record, _):
            switch sending {
            case .copyRecord?, .copyToArray?, .hostBackup?: awaiting["copy \(record.id)"] = sending?.label
            default: break
            }
            role = .text
            text = String(event.textLine.dropFirst(22))
        case .catalogCopied(let record):
            role = .text
            text = String(event.textLine.dropFirst(22))
            completed("copy \(record.id)", text, .fits)
        case .catalogDeleted, .remoteLUCreated:
            role = .text
            text = String(event.textLine.dropFirst(22))
        case let .lineChanged(_, _, up, _, _, _):
            role = up ? .fits : .error
            text = String(event.textLine.dropFirst(22))
        case let .objectiveBreached(b):
            role = .over
            text = "\(b.volume) \(b.kind.label) BREACHED: \(b.figureText)" + (b.cause.map { " — \($0)" } ?? "")
        case let .objectiveRecovered(b):
            role = .fits
            text = "\(b.volume) \(b.kind.label) recovered after \(SimDuration.format(b.duration(now: event.time)))"
        }
        log.append(LogLine(time: event.time, text: text, role: role, decided: decided))
        if log.count > Self.logLength { log.removeFirst(log.count - Self.logLength) }
        // A cursor moved up stays on its line as new lines arrive below it.
        if logScroll > 0 {
            logScroll = min(logScroll + 1, log.count - 1)
            logWindow = min(logWindow + 1, logScroll)
        }
    }

    /// Work a command of this console started has finished: say so on the status line and in the journal.
    func completed(_ key: String, _ text: String, _ role: ColorRole) {
        guard let label = awaiting.removeValue(forKey: key) else { return }
        // Work that finishes within the command (a mirror split) is said after "accepted", not before.
        if sending != nil {
            finishedWhileSending.append((key, text, role, label))
            return
        }
        banner = ("\(label): done — \(text)", role)
        journal.append("\(Format.clock(sim.now, reference: sim.now)) \(label): done")
        if journal.count > 100 { journal.removeFirst() }
    }

    /// Commands that only start work the array finishes later: they are accepted, not done, when applied.
    static func startsLongWork(_ command: ArrayCommand) -> Bool {
        switch command {
        case .restore, .copyRecord, .copyToArray, .backupNow, .hostBackup: true
        default: false
        }
    }

    // MARK: Time

    /// Advances the array by `wall` seconds of real time at the clock's speed. Returns true when
    /// anything on screen may have changed.
    @discardableResult
    public func advance(wallSeconds wall: Double) -> Bool {
        let seconds = clock.simulatedSeconds(forWall: wall)
        guard seconds > 0 else { return false }
        let target = sim.now + seconds
        // Run in steps to each sampling point so the sparklines and the forecast see every sample.
        while nextSample <= target {
            sim.run(until: nextSample)
            sample()
            nextSample = nextSample + Self.sampleEvery
        }
        sim.run(until: target)
        refresh()
        return true
    }

    func sample() {
        // File groups loaded at run time add volumes.
        while history.count < sim.volumes.count { history.append([]) }
        while rpoHistory.count < sim.volumes.count { rpoHistory.append([]) }
        for v in sim.volumes.indices {
            history[v].append(sim.trackers[v].incrementalBytes)
            if history[v].count > Self.historyLength { history[v].removeFirst() }
            rpoHistory[v].append(sim.rpoLag(volume: v))
            if rpoHistory[v].count > Self.historyLength { rpoHistory[v].removeFirst() }
        }
        let used = sim.pool.totalCapacity(groups: sim.raidGroups) - sim.pool.totalFree(groups: sim.raidGroups)
        poolHistory.append((sim.now, used))
        if poolHistory.count > 37 { poolHistory.removeFirst() }  // six hours at 10-minute samples
    }

    /// Takes a new snapshot and opens the expansion prompt when a new request appears.
    public func refresh() {
        // The selection follows its volume, not its row: the worst-first order changes as
        // objectives are missed and kept.
        let selectedName = selectedVolume.map { snapshot.volumes[$0].name }
        snapshot = sim.snapshot()
        if let selectedName, let i = visibleVolumes.firstIndex(where: { snapshot.volumes[$0].name == selectedName }) {
            // When the order changed under the cursor, scroll back to the top as far as the
            // cursor allows: rows that moved up (new breaches) must not end up hidden above it.
            if i != selected { volumeScroll = 0 }
            selected = i
        }
        // An open Catalog view follows the array: copies complete, retention prunes.
        if case .catalog(let open) = modal {
            var browser = CatalogBrowser(rows: CatalogBrowser.rows(of: snapshot, copies: sim.copies), selecting: nil)
            let id = open.rows.indices.contains(open.selected) ? open.rows[open.selected].id : nil
            browser.selected = id.flatMap { i in browser.rows.firstIndex { $0.id == i } } ?? min(open.selected, max(0, browser.rows.count - 1))
            browser.pending = open.pending
            modal = .catalog(browser)
        }
        if let request = snapshot.prompts.first, request.id != lastPromptShown, modal == nil {
            lastPromptShown = request.id
            openPrompt()
        }
        clampSelection()
    }

    // MARK: Volumes as listed

    /// Indexes into `snapshot.volumes`, filtered and sorted.
    public var visibleVolumes: [Int] {
        if let visibleCache { return visibleCache }
        let needle = filter.lowercased()
        var rows = snapshot.volumes.indices.filter { i in
            guard !needle.isEmpty else { return true }
            let v = snapshot.volumes[i]
            return v.name.lowercased().contains(needle) || v.group.lowercased().contains(needle)
                || v.states.contains { $0.rawValue.contains(needle) }
        }
        let vols = snapshot.volumes
        switch sort {
        case .worst:
            rows.sort { (-vols[$0].compliance.worst.rank, $0) < (-vols[$1].compliance.worst.rank, $1) }
        case .name: break
        case .group: rows.sort { (vols[$0].group, $0) < (vols[$1].group, $1) }
        case .state: rows.sort { (vols[$0].states.first?.rawValue ?? "", $0) < (vols[$1].states.first?.rawValue ?? "", $1) }
        case .changed: rows.sort { (-vols[$0].incrementalBytes, $0) < (-vols[$1].incrementalBytes, $1) }
        case .estimate:
            func ratio(_ i: Int) -> Double {
                guard let e = vols[i].restoreEstimate, let rto = vols[i].rto, rto > 0 else { return -1 }
                return e / Double(rto)
            }
            rows.sort { (-ratio($0), $0) < (-ratio($1), $1) }
        }
        visibleCache = rows
        return rows
    }

    /// The selected volume's index in `snapshot.volumes`.
    public var selectedVolume: Int? {
        let rows = visibleVolumes
        return rows.indices.contains(selected) ? rows[selected] : nil
    }

    func clampSelection() {
        let n = visibleVolumes.count
        selected = n == 0 ? 0 : min(max(0, selected), n - 1)
    }

    // MARK: Input

    /// Handles one event; returns true when the screen must be redrawn.
    @discardableResult
    public func handle(_ event: ConsoleEvent) -> Bool {
        switch event {
        case let .resize(w, h):
            width = w
            height = h
            return true
        case let .key(key, burst):
            if width < Self.minimumWidth || height < Self.minimumHeight {
                if key == .char("q") { quit = true }
                return true
            }
            if modal != nil { handleModal(key, burst: burst) } else { handleMain(key) }
            return true
        }
    }

    func handleModal(_ key: Key, burst: Bool) {
        guard let current = modal else { return }
        switch current {
        case .help(var view):
            finish(view.handle(key, model: self)) { self.modal = .help(view) }
        case .remotes:
            modal = nil
        case .alerts(var view):
            let outcome = view.handle(key, burst: burst, breaches: snapshot.breaches)
            finish(outcome) { self.modal = .alerts(view) }
            // The view stays open on the acknowledged breach.
            if case .submit = outcome, modal == nil { modal = .alerts(view) }
        case .decision(var view):
            finish(view.handle(key, model: self)) { self.modal = .decision(view) }
        case .history(var view):
            finish(view.handle(key, model: self)) { self.modal = .history(view) }
        case .performance(var view):
            finish(view.handle(key, model: self)) { self.modal = .performance(view) }
        case .objectives(var form):
            finish(form.handle(key, burst: burst)) { self.modal = .objectives(form) }
        case .expansion(var prompt):
            finish(prompt.handle(key, burst: burst)) { self.modal = .expansion(prompt) }
        case .restore(var dialog):
            finish(dialog.handle(key, burst: burst)) { self.modal = .restore(dialog) }
        case .catalog(var browser):
            let outcome = browser.handle(key, burst: burst)
            finish(outcome) { self.modal = .catalog(browser) }
            // After a command the view stays open on the records as they now are.
            if case .submit = outcome, modal == nil { openCatalog(at: browser.selected) }
        case .filter(var prompt):
            let (done, cancelled) = prompt.handle(key)
            filter = cancelled ? prompt.previous : prompt.text
            selected = 0
            modal = done ? nil : .filter(prompt)
        }
    }

    func finish(_ outcome: ModalOutcome, keep: () -> Void) {
        switch outcome {
        case .stay: keep()
        case .close: modal = nil
        case .submit(let command):
            modal = nil
            send(command)
        }
    }

    /// Applies a command to the array; a refusal is shown and logged, and changes nothing.
    public func send(_ command: ArrayCommand) {
        logger("command: \(command.label)")
        // A manual backup is followed from its decision; recorded first, since it may start at once.
        if case .backupNow(let v) = command { manualBackupsAsked.insert(v) }
        sending = command
        let result = sim.apply(command)
        sending = nil
        onCommand(command, result)
        // Restores, copies and backups are only started here; their completion says "done".
        let accepted = Self.startsLongWork(command) ? "accepted" : "done"
        let outcome: String
        if case .failure(let e) = result { outcome = "refused: \(e.message)" } else { outcome = accepted }
        journal.append("\(Format.clock(sim.now, reference: sim.now)) \(command.label): \(outcome)")
        if journal.count > 100 { journal.removeFirst() }
        switch result {
        case .success:
            banner = ("\(command.label): \(accepted)", accepted == "done" ? .fits : .text)
        case .failure(let e):
            if case .backupNow(let v) = command { manualBackupsAsked.remove(v) }
            banner = ("\(command.label): \(e.message)", .error)
            logger("refused: \(e.message)")
        }
        for f in finishedWhileSending {
            awaiting[f.key] = f.label
            completed(f.key, f.text, f.role)
        }
        finishedWhileSending.removeAll()
        refresh()
    }

    func handleMain(_ key: Key) {
        banner = nil
        guard let action = KeyBinding.action(for: key) else { return }
        let page = volumeRowsVisible
        switch action {
        case .quit: quit = true
        case .help: modal = .help(HelpView())
        case .nextPane: focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!
        case .previousPane: focus = Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case .up: move(-1)
        case .down: move(1)
        case .pageUp: move(-page)
        case .pageDown: move(page)
        case .top: move(-1_000_000)
        case .bottom: move(1_000_000)
        case .editObjectives:
            guard let v = selectedVolume else { return }
            let name = snapshot.volumes[v].group
            guard let g = snapshot.groups.first(where: { $0.name == name }) else { return }
            // The form refuses a changed trigger below the finest granule of the group's volumes.
            let granule = sim.groups.first { $0.name == g.name }?.members.map { sim.volumes[$0].granule }.min()
            modal = .objectives(ObjectivesForm(group: g.name, objectives: g.objectives, granule: granule))
        case .backupNow:
            guard let v = selectedVolume else { return }
            send(.backupNow(volume: snapshot.volumes[v].name))
        case .restore:
            guard let v = selectedVolume else { return }
            let vol = snapshot.volumes[v]
            let gens = vol.generations.filter(\.complete).reversed()
            guard !gens.isEmpty else {
                banner = ("\(vol.name) has no complete generation to restore yet", .warning)
                return
            }
            let others = snapshot.volumes.filter { $0.name != vol.name && $0.capacity >= vol.capacity }.map(\.name)
            modal = .restore(RestoreDialog(volume: vol.name, generations: Array(gens), targets: [vol.name] + others))
        case .togglePause:
            // The clock stays stopped while the state is not saved: Space retries the checkpoint.
            if saveFailure != nil { onRetrySave() } else { clock.togglePause() }
        case .faster: clock.faster()
        case .slower: clock.slower()
        case .nextTheme:
            themeIndex = (themeIndex + 1) % themes.count
            banner = ("theme: \(theme.name)", .text)
        case .filter: modal = .filter(FilterPrompt(current: filter))
        case .sort:
            sort = Sort.allCases[(Sort.allCases.firstIndex(of: sort)! + 1) % Sort.allCases.count]
            banner = ("sorted by \(sort.rawValue)", .text)
        case .openPrompt:
            if !openPrompt() { banner = ("no pool expansion request is pending", .text) }
        case .catalog:
            openCatalog(volume: selectedVolume.map { snapshot.volumes[$0].name })
        case .remotes:
            if snapshot.remotes.isEmpty { banner = ("this array has no remote backup array", .text) } else { modal = .remotes }
        case .clearFilter:
            filter = ""
        case .alerts:
            modal = .alerts(AlertsView(breaches: snapshot.breaches))
        case .decisionDetail: openDecisionDetail()
        case .history: openHistory()
        case .performance: modal = .performance(PerformanceView())
        }
    }

    /// Opens the Catalog view on the current records.
    func openCatalog(volume: String? = nil, at index: Int? = nil) {
        var browser = CatalogBrowser(rows: CatalogBrowser.rows(of: snapshot, copies: sim.copies), selecting: volume)
        if let index { browser.selected = min(index, max(0, browser.rows.count - 1)) }
        modal = .catalog(browser)
    }

    @discardableResult
    func openPrompt() -> Bool {
        guard let request = snapshot.prompts.first else { return false }
        modal = .expansion(PoolExpansionPrompt(request: request, spares: snapshot.spares.map(\.name)))
        return true
    }

    func move(_ delta: Int) {
        if focus == .decisions {
            logScroll = min(max(0, log.count - 1), max(0, logScroll - delta))
            return
        }
        selected += delta
        clampSelection()
    }

    /// Rows of volumes the current layout shows below the header (for paging).
    var volumeRowsVisible: Int { max(1, (ConsoleLayout(width: width, height: height)?.volumes.inner.height ?? 2) - 1) }
}

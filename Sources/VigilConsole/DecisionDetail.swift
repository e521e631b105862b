import Foundation
import VigilArray

/// The decision detail view: one backup decision in full — what it was decided against, the
/// method and copy function chosen, every candidate the planner weighed with its figures, and the
/// whole reason wrapped to the box. Opened with Enter on a decision line of the log or on a volume
/// (its last decision); it scrolls, Esc closes.
public struct DecisionDetail: Sendable, Equatable, ScrollingModal {
    public let decided: DecidedBackup
    public var scroll = ScrollPosition()

    static let boxWidth = 80
    static let fixedRows = 0
    /// Keys inside the view (the help screen lists these).
    public static var keys: [ViewKey] { ScrollKeys.keys }

    public init(_ decided: DecidedBackup) { self.decided = decided }

    /// One line of the view and how it is drawn.
    struct Line: Equatable {
        var text: String
        var style: CellStyle
    }

    /// The index of the candidate the planner chose: same method on the chosen tier, else the
    /// first of that method that fits (a mirror split has no tier).
    func chosenCandidate(tierName: String?) -> Int? {
        let d = decided.decision
        return d.candidates.firstIndex { $0.method == d.method && $0.tier == tierName }
            ?? d.candidates.firstIndex { $0.method == d.method && $0.fits }
    }

    func lines(model: ConsoleModel, width: Int) -> [Line] {
        let d = decided.decision
        let p = CellStyle(.prompt, reverse: true)
        let label = CellStyle(.promptBorder, bold: true)
        let tiers = model.snapshot.tiers
        let tierName: String? = switch d.destination {
        case .poolTier(let t)?: tiers.indices.contains(t) ? tiers[t].name : nil
        // The remote array's candidate carries its name; the chosen one is the method's that fits.
        case .remoteArray?, nil: nil
        }
        var out: [Line] = []
        func add(_ text: String, _ style: CellStyle, indent: String = "") {
            for l in Format.wrap(text, width: width, indent: indent) { out.append(Line(text: l, style: style)) }
        }
        let when = decided.time.map { "decided \(Format.clock($0, reference: model.snapshot.time))" } ?? "decided before the log's oldest line"
        add("Volume \(decided.volume) (group \(decided.group)) · \(when)", label)
        add("Trigger: \(decided.trigger.map { "\($0.rawValue) trigger" } ?? "not recorded") · RTO \(decided.rto.map(SimDuration.format) ?? "none")", p)
        if let newest = d.unchangedSince {
            // Nothing to weigh: the trigger found the volume as the newest generation holds it.
            add("Chosen: NO BACKUP · nothing changed since generation \(newest)", CellStyle(.prompt, bold: true, reverse: true))
            add("No generation taken, no area allocated, no retention run: generation \(newest) holds the volume "
                + "as it was at this trigger, so the RPO is met up to it.", p)
            out.append(Line(text: "", style: p))
            add("Reason:", label)
            for l in Format.wrap(d.reason, width: width - 2) { out.append(Line(text: "  " + l, style: p)) }
            return out
        }
        let pick = chosenCandidate(tierName: tierName)
        // Where the backup goes: the chosen tier, else the chosen candidate's (a remote array's id).
        let place = tierName ?? pick.flatMap { d.candidates[$0].tier }
        var chosen = "Chosen: \(d.method.rawValue.uppercased()) · copy function \(d.copyFunction.rawValue)"
        chosen += place.map { " · area on \($0)" } ?? (d.copyFunction == .mirrorSplit ? " · no new area" : "")
        if d.areaBytes > 0 { chosen += " (\(ByteSize.formatDecimal(d.areaBytes)))" }
        add(chosen, CellStyle(.prompt, bold: true, reverse: true))
        if d.needsSpace { add("The chosen method has no room in the pool: the backup waits for space.", CellStyle(.warning, bold: true)) }
        out.append(Line(text: "", style: p))
        add("Candidates weighed (\(d.candidates.count)):", label)
        // The tier column is as wide as the longest tier name, within reason.
        let tierWidth = min(10, max(4, d.candidates.map { ($0.tier ?? "mirror").count }.max() ?? 4))
        func row(_ cells: [String]) -> String {
            [Format.fit(cells[0], 13), Format.fit(cells[1], tierWidth), Format.fit(cells[2], 8, alignRight: true),
             Format.fit(cells[3], 8, alignRight: true), Format.fit(cells[4], 5, alignRight: true), Format.fit(cells[5], 8, alignRight: true),
             Format.fit(cells[6], 4), cells[7]].joined(separator: " ")
        }
        out.append(Line(text: "  " + row(["Method", "Tier", "Restore", "Backup", "MB/s", "Estimate", "Room", "Fits"]), style: label))
        for (i, c) in d.candidates.enumerated() {
            let cells = [c.method.rawValue, c.tier ?? "mirror", Format.bytes(c.restoreBytes), Format.bytes(c.backupBytes),
                         String(format: "%.0f", c.mbps), Format.estimate(c.estimateSeconds), c.room ? "yes" : "no",
                         c.fits ? "\(model.glyphs.fits) fits" : "\(model.glyphs.over) " + (c.room ? "over" : "no room")]
            let isChosen = i == pick
            out.append(Line(text: (isChosen ? "▸ " : "  ") + row(cells),
                            style: isChosen ? CellStyle(.selectionFocus, bold: true) : p))
        }
        if d.candidates.isEmpty { add("  none (the planner had nothing to weigh: a forced full)", p) }
        out.append(Line(text: "", style: p))
        add("Reason:", label)
        for l in Format.wrap(d.reason, width: width - 2) { out.append(Line(text: "  " + l, style: p)) }
        return out
    }

    func lineCount(model: ConsoleModel, width: Int) -> Int { lines(model: model, width: width).count }

    mutating func handle(_ key: Key, model: ConsoleModel) -> ModalOutcome { handleScroll(key, model: model) }

    static func render(_ buf: inout ScreenBuffer, model: ConsoleModel, view: DecisionDetail) {
        let d = view.decided.decision
        let title = "Decision · \(view.decided.volume) · \(d.takesGeneration ? d.method.rawValue : "nothing changed")"
        let (frame, first, _) = view.drawFrame(&buf, model: model, title: title, keys: "↑↓ PgUp/PgDn scroll · Esc close")
        let lines = view.lines(model: model, width: frame.body.width)
        for row in 0..<frame.body.height where first + row < lines.count {
            let l = lines[first + row]
            buf.put(l.text, x: frame.body.x, y: frame.body.y + row, style: l.style, maxWidth: frame.body.width)
        }
    }
}

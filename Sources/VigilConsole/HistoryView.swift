import Foundation
import VigilArray

/// The history of one volume (key `h`): its RPO lag over time as a bar row with its maximum, and
/// its kept generations newest first — number, method, copy function, point in time, bytes, how
/// long the copy took, where it went and whether it is complete. The generations scroll; Esc closes.
public struct HistoryView: Sendable, Equatable, ScrollingModal {
    public let volume: String
    public var scroll = ScrollPosition()

    static let boxWidth = 80
    /// Summary, lag bars, legend, column titles.
    static let fixedRows = 4
    public static var keys: [ViewKey] { ScrollKeys.keys }

    public init(volume: String) { self.volume = volume }

    func volumeIndex(_ model: ConsoleModel) -> Int? { model.snapshot.volumes.firstIndex { $0.name == volume } }

    /// Kept generations, newest first.
    func generations(_ model: ConsoleModel) -> [ArraySnapshot.GenerationInfo] {
        volumeIndex(model).map { Array(model.snapshot.volumes[$0].generations.reversed()) } ?? []
    }

    func lineCount(model: ConsoleModel, width: Int) -> Int { max(1, generations(model).count) }

    mutating func handle(_ key: Key, model: ConsoleModel) -> ModalOutcome { handleScroll(key, model: model) }

    static let columns: [(title: String, width: Int, right: Bool)] = [
        ("Gen", 3, true), ("Method", 6, false), ("Copy function", 17, false), ("Taken at", 8, false),
        ("Bytes", 8, true), ("Took", 7, true), ("Stored on", 9, false), ("State", 8, false),
    ]

    static func row(_ cells: [String]) -> String {
        zip(columns, cells).map { Format.fit($1, $0.width, alignRight: $0.right) }.joined(separator: " ")
    }

    /// One generation's cells; the copy took completedAt − triggeredAt.
    static func cells(_ g: ArraySnapshot.GenerationInfo, now: SimTime) -> [String] {
        let took = g.completedAt.map { SimDuration.format($0 - g.triggeredAt) } ?? "…"
        return ["\(g.number)", VolumesPane.methodShort(g.method), g.copyFunction.rawValue, Format.clock(g.triggeredAt, reference: now),
                Format.bytes(g.bytes), took, g.tier, g.complete ? "complete" : "copying"]
    }

    /// The RPO lag samples as bars `width` wide, with the largest shown labelled.
    static func lagRow(_ samples: [Int64], width: Int, glyphs: Glyphs) -> String {
        guard !samples.isEmpty else { return "RPO lag  (sampled every 10 simulated minutes; none yet)" }
        let label = "RPO lag "
        // Room for " max 23h59m" after the bars.
        let bars = max(1, width - label.count - 12)
        let shown = samples.suffix(bars)
        let top = shown.max() ?? 0
        return label + Format.sparkline(Array(shown), width: bars, glyphs: glyphs) + " max \(SimDuration.format(top))"
    }

    static func objectivesText(_ o: RecoveryObjectives) -> String {
        var parts: [String] = []
        if let i = o.interval { parts.append("every \(SimDuration.format(i))") }
        if let h = o.hourOfDay { parts.append(String(format: "daily %02d:%02d", h / 3_600, (h % 3_600) / 60)) }
        if let c = o.changedBytes { parts.append("at \(Format.bytes(c)) changed") }
        return parts.isEmpty ? "no RPO trigger" : "RPO " + parts.joined(separator: ", ")
    }

    static func render(_ buf: inout ScreenBuffer, model: ConsoleModel, view: HistoryView) {
        let gens = view.generations(model)
        let (frame, first, _) = view.drawFrame(&buf, model: model, title: "History · \(view.volume)", keys: "↑↓ PgUp/PgDn scroll · Esc close")
        let p = CellStyle(.prompt, reverse: true)
        let label = CellStyle(.promptBorder, bold: true)
        let x = frame.body.x, w = frame.body.width
        var y = frame.inner.y
        if let v = view.volumeIndex(model) {
            let vol = model.snapshot.volumes[v]
            let group = model.snapshot.groups.first { $0.name == vol.group }
            let rpo = group.map { objectivesText($0.objectives) } ?? "—"
            buf.put("\(vol.name) · group \(vol.group) · \(rpo) · lag now \(SimDuration.format(vol.rpoLagSeconds)) · \(gens.count) kept",
                    x: x, y: y, style: label, maxWidth: w)
            let samples = model.rpoHistory.indices.contains(v) ? model.rpoHistory[v] : []
            buf.put(lagRow(samples, width: w, glyphs: model.glyphs), x: x, y: y + 1, style: p, maxWidth: w)
        } else {
            buf.put("\(view.volume) is no longer in the array", x: x, y: y, style: CellStyle(.warning, bold: true), maxWidth: w)
        }
        y += 2
        if y < frame.footerY {
            // A newest generation that later triggers found unchanged holds up to the last of them:
            // the lag counts from there, which its own "Taken at" would not explain.
            let covered = view.volumeIndex(model).flatMap { model.snapshot.volumes[$0].coveredSince }
            let legend = covered.map {
                "Taken at: point in time · gen \($0.generation) still holds \(Format.clock($0.time, reference: model.snapshot.time)): nothing changed since"
            } ?? "Taken at: the point in time (trigger) · Took: trigger to copy complete"
            buf.put(legend, x: x, y: y, style: p, maxWidth: w)
        }
        y += 1
        if y < frame.footerY { buf.put(row(columns.map(\.title)), x: x, y: y, style: label, maxWidth: w) }
        if gens.isEmpty {
            buf.put("no generation yet", x: x, y: frame.body.y, style: p, maxWidth: w)
            return
        }
        for r in 0..<frame.body.height where first + r < gens.count {
            let g = gens[first + r]
            buf.put(row(cells(g, now: model.snapshot.time)), x: x, y: frame.body.y + r,
                    style: g.complete ? p : CellStyle(.warning, bold: true), maxWidth: w)
        }
    }
}

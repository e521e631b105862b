import VigilArray

/// For the selected volume, each candidate the planner would weigh if the trigger fired now —
/// bytes, MB/s, estimate against the RTO — and the choice it would make.
public enum EstimatesPane {
    public static func render(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        let focused = model.focus == .estimates
        guard let v = model.selectedVolume else {
            PaneFrame.draw(&buf, r, title: "Restore estimates", focused: focused, glyphs: model.glyphs)
            return
        }
        let vol = model.snapshot.volumes[v]
        let rtoText = vol.rto.map { "RTO \(SimDuration.format($0))" } ?? "no RTO"
        PaneFrame.draw(&buf, r, title: "Restore estimates · \(vol.name) · \(rtoText)", focused: focused, glyphs: model.glyphs)
        let inner = r.inner
        guard inner.width > 10, inner.height > 0 else { return }
        guard let d = model.sim.previewDecision(volume: v) else {
            buf.put("waiting for the initial full copy", x: inner.x, y: inner.y, style: CellStyle(.dim), maxWidth: inner.width)
            return
        }
        let cols: [Format.Column] = [
            .init("Candidate", width: 18, minWidth: 14, priority: 10), .init("Bytes", width: 9, priority: 8, alignRight: true),
            .init("MB/s", width: 6, priority: 5, alignRight: true), .init("Estimate", width: 8, priority: 9, alignRight: true),
            .init("Verdict", width: 10, minWidth: 7, priority: 9),
        ]
        let fitted = Format.fitColumns(cols, available: inner.width)
        var x = inner.x
        for (i, w) in fitted {
            buf.put(Format.fit(cols[i].title, w, alignRight: cols[i].alignRight), x: x, y: inner.y, style: CellStyle(.header, bold: true))
            x += w + 1
        }
        var y = inner.y + 1
        for c in d.candidates where y < inner.y + inner.height - 1 {
            let verdict: (String, ColorRole)
            if !c.room { verdict = ("no room", .warning) }
            else if c.fits { verdict = ("\(model.glyphs.fits) fits", .fits) }
            else { verdict = ("\(model.glyphs.over) over", .over) }
            let name = c.method.rawValue + (c.tier.map { "@\($0)" } ?? "")
            let values: [(String, ColorRole)] = [
                (name, VolumesPane.roleFor(c.method)), (Format.bytes(c.restoreBytes), .text),
                (c.mbps > 0 ? String(format: "%.0f", c.mbps) : "—", .text), (Format.estimate(c.estimateSeconds), .text), verdict,
            ]
            var cx = inner.x
            for (i, w) in fitted {
                buf.put(Format.fit(values[i].0, w, alignRight: cols[i].alignRight), x: cx, y: y, style: CellStyle(values[i].1, bold: values[i].1 == .over))
                cx += w + 1
            }
            y += 1
        }
        if let newest = d.unchangedSince {
            // Nothing to weigh until the volume is written: say so rather than leave the table bare.
            if inner.height > 2 {
                buf.put("no candidate: nothing written since gen \(newest)", x: inner.x, y: inner.y + 1,
                        style: CellStyle(.dim), maxWidth: inner.width)
            }
            buf.put("next: none — nothing changed since gen \(newest)", x: inner.x, y: inner.y + inner.height - 1,
                    style: CellStyle(.dim, bold: true), maxWidth: inner.width)
            return
        }
        let next = "next: \(d.method.rawValue) — \(d.reason)"
        buf.put(next, x: inner.x, y: inner.y + inner.height - 1, style: CellStyle(VolumesPane.roleFor(d.method), bold: true), maxWidth: inner.width)
    }
}

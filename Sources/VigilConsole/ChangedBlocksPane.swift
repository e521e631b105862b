import VigilArray

/// The selected volume's change map as a heat strip (since the last backup, since the last full)
/// and a sparkline of changed bytes over time.
public enum ChangedBlocksPane {
    public static func render(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        let focused = model.focus == .changed
        guard let v = model.selectedVolume else {
            PaneFrame.draw(&buf, r, title: "Changed blocks", focused: focused, glyphs: model.glyphs)
            return
        }
        let vol = model.snapshot.volumes[v]
        PaneFrame.draw(&buf, r, title: "Changed blocks · \(vol.name)", focused: focused, glyphs: model.glyphs)
        let inner = r.inner
        guard inner.width > 8, inner.height > 0 else { return }
        let label = 6
        let stripWidth = inner.width - label
        let heat = model.sim.heat(volume: v, buckets: stripWidth)
        let glyphs = model.glyphs
        func strip(_ values: [Double]) -> String {
            String(values.map { f in f <= 0 ? glyphs.heat[0] : glyphs.heat[min(glyphs.heat.count - 1, 1 + Int(f * Double(glyphs.heat.count - 2) + 0.5))] })
        }
        var y = inner.y
        buf.put("last", x: inner.x, y: y, style: CellStyle(.dim))
        buf.put(strip(heat.sinceLastBackup), x: inner.x + label, y: y, style: CellStyle(.heatRecent))
        y += 1
        if y < inner.y + inner.height {
            buf.put("full", x: inner.x, y: y, style: CellStyle(.dim))
            buf.put(strip(heat.sinceLastFull), x: inner.x + label, y: y, style: CellStyle(.heatSinceFull))
            y += 1
        }
        if y < inner.y + inner.height {
            let text = "Δ \(Format.bytes(vol.incrementalBytes)) \(Format.percent(vol.incrementalBytes, of: vol.capacity)) since last · \(Format.bytes(vol.differentialBytes)) \(Format.percent(vol.differentialBytes, of: vol.capacity)) since full"
            buf.put(text, x: inner.x, y: y, style: CellStyle(.text), maxWidth: inner.width)
            y += 1
        }
        if y < inner.y + inner.height {
            let samples = model.history[v]
            buf.put("trend", x: inner.x, y: y, style: CellStyle(.dim))
            if samples.isEmpty {
                buf.put("(sampled every 10 simulated minutes)", x: inner.x + label, y: y, style: CellStyle(.dim), maxWidth: stripWidth)
            } else {
                buf.put(Format.sparkline(samples, width: stripWidth, glyphs: glyphs), x: inner.x + label, y: y, style: CellStyle(.gaugeUsed))
            }
            y += 1
        }
        if y < inner.y + inner.height {
            buf.put("\(glyphs.heat.dropFirst().map(String.init).joined()) share of a slice changed; trend: Δ since last, per 10 min",
                    x: inner.x, y: y, style: CellStyle(.dim), maxWidth: inner.width)
        }
    }
}

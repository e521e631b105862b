import VigilArray

/// Per pool tier: used/free gauge, what the generations occupy, the spares, and when the pool fills
/// at the current rate.
public enum PoolPane {
    /// Seconds until the pool is full at the rate seen over the samples, or nil when it is not filling.
    public static func forecast(samples: [(SimTime, Int64)], free: Int64) -> Int64? {
        guard let first = samples.first, let last = samples.last, last.0 > first.0 else { return nil }
        let rate = Double(last.1 - first.1) / Double(last.0 - first.0)
        guard rate > 0 else { return nil }
        return Int64(Double(free) / rate)
    }

    public static func render(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        let snap = model.snapshot
        PaneFrame.draw(&buf, r, title: "Pool capacity", focused: model.focus == .pool, glyphs: model.glyphs)
        let inner = r.inner
        guard inner.width > 10, inner.height > 0 else { return }
        var y = inner.y
        let bottom = inner.y + inner.height
        let nameWidth = min(8, max(4, snap.tiers.map(\.name.count).max() ?? 4))
        for t in snap.tiers where y < bottom {
            let used = t.capacity - t.free
            let figures = " \(Format.bytes(used))/\(Format.bytes(t.capacity)) \(Format.percent(used, of: t.capacity))"
            let gaugeWidth = max(4, inner.width - nameWidth - 1 - figures.count)
            let g = Format.gauge(used: used, total: t.capacity, width: gaugeWidth, glyphs: model.glyphs)
            buf.put(Format.fit(t.name, nameWidth), x: inner.x, y: y, style: CellStyle(.header, bold: true))
            let gx = inner.x + nameWidth + 1
            let full = t.capacity > 0 && Double(used) / Double(t.capacity) > 0.9
            buf.put(g.used, x: gx, y: y, style: CellStyle(full ? .over : .gaugeUsed, bold: full))
            buf.put(g.free, x: gx + g.used.count, y: y, style: CellStyle(.gaugeFree))
            buf.put(figures, x: gx + gaugeWidth, y: y, style: CellStyle(.text), maxWidth: inner.x + inner.width - gx - gaugeWidth)
            y += 1
            if y < bottom {
                let held = "full \(Format.bytes(t.fullBytes)) · delta \(Format.bytes(t.deltaBytes)) · mirror \(Format.bytes(t.mirrorBytes)) · r\(Int(t.readMBps)) w\(Int(t.writeMBps)) MB/s"
                buf.put(held, x: inner.x + nameWidth + 1, y: y, style: CellStyle(.dim), maxWidth: inner.width - nameWidth - 1)
                y += 1
            }
        }
        if y < bottom {
            let spares = snap.spares.isEmpty ? "none"
                : snap.spares.map { "\($0.name) (\($0.diskType.rawValue) \($0.layout), \(Format.bytes($0.capacity)))" }.joined(separator: ", ")
            buf.put("spares: \(spares)", x: inner.x, y: y, style: CellStyle(.text), maxWidth: inner.width)
            y += 1
        }
        if y < bottom {
            let free = snap.tiers.reduce(Int64(0)) { $0 + $1.free }
            let text: String
            let role: ColorRole
            if let s = forecast(samples: model.poolHistory, free: free) {
                text = "fills in ~\(SimDuration.format(s)) at the rate of the last \(SimDuration.format(model.poolHistory.last!.0 - model.poolHistory.first!.0))"
                role = s < 86_400 ? .warning : .text
            } else {
                text = model.poolHistory.count < 2 ? "forecast: gathering samples" : "forecast: not filling"
                role = .dim
            }
            buf.put(text, x: inner.x, y: y, style: CellStyle(role), maxWidth: inner.width)
            y += 1
        }
        if y < bottom, let p = snap.prompts.first {
            buf.put("expansion #\(p.id) pending — p to answer", x: inner.x, y: y, style: CellStyle(.warning, bold: true), maxWidth: inner.width)
        } else if y < bottom, let d = snap.denial {
            // A denial keeps the array from asking again for a while: say until when, so that
            // silence is not taken for "the pool is fine".
            let text = "#\(d.request) denied; next request not before \(Format.clock(d.quietUntil, reference: snap.time))"
            buf.put(inner.width >= text.count + 10 ? "expansion " + text : text, x: inner.x, y: y, style: CellStyle(.warning), maxWidth: inner.width)
        }
    }
}

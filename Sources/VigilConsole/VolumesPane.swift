import VigilArray

/// The volume list: one row per volume with its changes, last and next backup, restore estimate
/// against the RTO, and state.
public enum VolumesPane {
    static let columns: [Format.Column] = [
        .init("Volume", width: 10, minWidth: 6, priority: 10),
        .init("Group", width: 8, minWidth: 5, priority: 6),
        .init("Size", width: 8, priority: 4, alignRight: true),
        .init("RAID/disk", width: 10, minWidth: 9, priority: 2),
        .init("Δ last backup", width: 13, priority: 9, alignRight: true),
        .init("Δ last full", width: 13, priority: 5, alignRight: true),
        .init("Last backup", width: 13, priority: 7),
        .init("Next", width: 13, priority: 6),
        .init("RPO lag", width: 16, minWidth: 13, priority: 9),
        .init("Restore/RTO", width: 13, minWidth: 11, priority: 8),
        .init("State", width: 26, minWidth: 16, priority: 9),
    ]

    /// The colour of an objective's state: kept, at risk, missed (plain text where none is set).
    public static func role(_ status: ObjectiveStatus?) -> ColorRole {
        switch status?.level {
        case .ok?: .fits
        case .warning?: .close
        case .breached?: .over
        case nil: .text
        }
    }

    static func mark(_ status: ObjectiveStatus?, glyphs: Glyphs) -> String {
        switch status?.level {
        case .ok?: " \(glyphs.fits)"
        case .warning?: " \(glyphs.atRisk)"
        case .breached?: " \(glyphs.over)"
        case nil: ""
        }
    }

    /// "2h5m/1h ✗": the RPO figure against its bound (bytes for a changed-size RPO), or the lag
    /// alone where the group sets no RPO.
    static func rpoText(_ v: ArraySnapshot.VolumeInfo, glyphs: Glyphs) -> String {
        guard let s = v.compliance.rpo else { return "\(SimDuration.format(v.rpoLagSeconds))/—" }
        switch s.rule {
        case .changed: return "\(Format.bytePair(Int64(s.figure), Int64(s.bound)))\(mark(s, glyphs: glyphs))"
        case .hour: return "\(SimDuration.format(v.rpoLagSeconds))/day\(mark(s, glyphs: glyphs))"
        default: return "\(SimDuration.format(v.rpoLagSeconds))/\(SimDuration.format(Int64(s.bound)))\(mark(s, glyphs: glyphs))"
        }
    }

    static func methodShort(_ m: BackupMethod) -> String {
        switch m { case .incremental: "incr"; case .differential: "diff"; case .full: "full" }
    }

    static func cells(_ v: ArraySnapshot.VolumeInfo, now: SimTime, glyphs: Glyphs) -> [(String, ColorRole)] {
        let last = v.lastBackup.map { ("\(Format.clock($0.time, reference: now)) \(methodShort($0.method))", roleFor($0.method)) } ?? ("—", .dim)
        let next: String
        switch v.nextTrigger {
        case .at(let t, let kind): next = "\(Format.clock(t, reference: now)) \(kind == .interval ? "intv" : "hour")"
        case .bytesToGo(let b, _): next = "in \(Format.bytes(b))"
        case .none: next = "—"
        }
        let estimate: String
        if let e = v.restoreEstimate {
            estimate = "\(Format.estimate(e))/\(v.rto.map(SimDuration.format) ?? "—")\(mark(v.compliance.rto, glyphs: glyphs))"
        } else {
            estimate = "—/\(v.rto.map(SimDuration.format) ?? "—")"
        }
        var states = v.states.map(\.rawValue).joined(separator: ", ")
        if let p = v.progress { states = states.replacingOccurrences(of: v.states[0].rawValue, with: "\(v.states[0].rawValue) \(Int(p * 100))%") }
        let stateRole: ColorRole = v.states.contains(.waitingForPool) || v.states.contains(.mirrorWaiting) || v.states.contains(.degraded) ? .warning
            : v.states.contains(.idle) ? .dim : .text
        return [
            (v.name, .text), (v.group, .text), (Format.bytes(v.capacity), .text),
            ("\(v.layout) \(v.diskType.rawValue)", .dim),
            ("\(Format.bytes(v.incrementalBytes)) \(Format.percent(v.incrementalBytes, of: v.capacity))", .text),
            ("\(Format.bytes(v.differentialBytes)) \(Format.percent(v.differentialBytes, of: v.capacity))", .text),
            last, (next, .text), (rpoText(v, glyphs: glyphs), role(v.compliance.rpo)), (estimate, role(v.compliance.rto)),
            (states, stateRole),
        ]
    }

    static func roleFor(_ m: BackupMethod) -> ColorRole {
        switch m { case .incremental: .incremental; case .differential: .differential; case .full: .full }
    }

    public static func render(_ buf: inout ScreenBuffer, _ r: Rect, model: ConsoleModel) {
        let focused = model.focus == .volumes
        let rows = model.visibleVolumes
        var title = "Volumes \(rows.count)/\(model.snapshot.volumes.count) · sort \(model.sort.rawValue)"
        if !model.filter.isEmpty { title += " · filter \"\(model.filter)\"" }
        PaneFrame.draw(&buf, r, title: title, focused: focused, glyphs: model.glyphs)
        let inner = r.inner
        guard inner.height >= 2, inner.width > 0 else { return }
        let fitted = Format.fitColumns(columns, available: inner.width)
        var x = inner.x
        for (i, w) in fitted {
            buf.put(Format.fit(columns[i].title, w, alignRight: columns[i].alignRight), x: x, y: inner.y, style: CellStyle(.header, bold: true))
            x += w + 1
        }
        let visible = inner.height - 1
        if model.selected < model.volumeScroll { model.volumeScroll = model.selected }
        if model.selected >= model.volumeScroll + visible { model.volumeScroll = model.selected - visible + 1 }
        model.volumeScroll = max(0, min(model.volumeScroll, max(0, rows.count - visible)))
        if rows.isEmpty {
            buf.put(model.filter.isEmpty ? "no volumes" : "no volume matches \"\(model.filter)\" (Esc clears)",
                    x: inner.x, y: inner.y + 1, style: CellStyle(.dim), maxWidth: inner.width)
            return
        }
        for line in 0..<visible {
            let k = model.volumeScroll + line
            guard k < rows.count else { break }
            let v = model.snapshot.volumes[rows[k]]
            let y = inner.y + 1 + line
            let isSelected = k == model.selected
            let selStyle = CellStyle(focused ? .selectionFocus : .selection, reverse: true)
            if isSelected { buf.fill(x: inner.x, y: y, width: inner.width, height: 1, style: selStyle) }
            let values = cells(v, now: model.snapshot.time, glyphs: model.glyphs)
            var cx = inner.x
            for (i, w) in fitted {
                let (text, role) = values[i]
                // A missed objective stays visible on the selected row too: bold and underlined.
                let style = isSelected ? CellStyle(selStyle.role, bold: role == .over, reverse: true, underline: role == .over)
                    : CellStyle(role, bold: role == .over)
                buf.put(Format.fit(text, w, alignRight: columns[i].alignRight), x: cx, y: y, style: style)
                cx += w + 1
            }
        }
    }
}

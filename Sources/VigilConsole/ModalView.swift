import VigilArray

/// Draws the open modal centred over the screen: help, objectives form, expansion prompt, restore
/// dialog, catalog, remote arrays or filter line; the scrolling views draw themselves.
public enum ModalView {
    static func box(_ buf: inout ScreenBuffer, width: Int, height: Int, title: String, glyphs: Glyphs) -> Rect {
        let w = min(width, buf.width - 2), h = min(height, buf.height - 2)
        let r = Rect(x: (buf.width - w) / 2, y: (buf.height - h) / 2, width: w, height: h)
        buf.fill(x: r.x, y: r.y, width: r.width, height: r.height, style: CellStyle(.prompt, reverse: true))
        PaneFrame.draw(&buf, r, title: title, focused: true, glyphs: glyphs, border: .promptBorder)
        return r.inner
    }

    public static func render(_ buf: inout ScreenBuffer, model: ConsoleModel) {
        guard let modal = model.modal else { return }
        let g = model.glyphs
        let p = CellStyle(.prompt, reverse: true)
        switch modal {
        case .help(let view):
            HelpView.render(&buf, model: model, view: view)
        case .decision(let view):
            DecisionDetail.render(&buf, model: model, view: view)
        case .history(let view):
            HistoryView.render(&buf, model: model, view: view)
        case .performance(let view):
            PerformanceView.render(&buf, model: model, view: view)
        case .objectives(let form):
            let inner = box(&buf, width: 70, height: 12, title: "Objectives of group \(form.group)", glyphs: g)
            let w = ObjectivesForm.visibleWidth
            for f in ObjectivesForm.Field.allCases {
                let y = inner.y + f.rawValue
                let focused = f == form.focus
                buf.put(Format.fit(f.label, 13), x: inner.x + 1, y: y, style: CellStyle(.prompt, bold: focused, reverse: true))
                // The box shows `w` cells of the text from the form's scroll position (only the
                // focused field scrolls); ◂ and ▸ on the brackets say that more lies beyond.
                let text = Array(form.value(f))
                let first = focused ? form.scroll : 0
                let shown = text[min(first, text.count)..<min(text.count, first + w)]
                let style = CellStyle(focused ? .selectionFocus : .prompt, bold: focused, reverse: !focused)
                let x = inner.x + 15
                buf.put(first > 0 ? "◂" : "[", x: x, y: y, style: style)
                buf.put(String(shown) + String(repeating: " ", count: w - shown.count), x: x + 1, y: y, style: style)
                buf.put(text.count > first + w ? "▸" : "]", x: x + 1 + w, y: y, style: style)
                if focused {
                    let at = form.cursor - first
                    let under: String = form.cursor < text.count ? String(text[form.cursor]) : "_"
                    buf.put(under, x: x + 1 + at, y: y, style: CellStyle(.selectionFocus, bold: true, reverse: true, underline: true))
                }
                if let problem = form.problem(f) {
                    buf.put(problem, x: inner.x + 30, y: y, style: CellStyle(.error, bold: true), maxWidth: inner.width - 30)
                } else {
                    buf.put(f.hint, x: inner.x + 30, y: y, style: p, maxWidth: inner.width - 30)
                }
            }
            if let fp = form.formProblem {
                buf.put(fp, x: inner.x + 1, y: inner.y + 6, style: CellStyle(.error, bold: true), maxWidth: inner.width - 2)
            }
            if let message = form.message {
                buf.put(message, x: inner.x + 1, y: inner.y + 7, style: CellStyle(.error, bold: true), maxWidth: inner.width - 2)
            }
            buf.put("Enter apply · Esc cancel · Tab/↑↓ field · ←→ Home End · ^U clear", x: inner.x + 1, y: inner.y + inner.height - 1,
                    style: p, maxWidth: inner.width - 2)
        case .expansion(let prompt):
            // The live record (its waiting list follows the array); its figures are those it was
            // raised with, worded as the log line that announced it.
            let r = model.snapshot.prompts.first { $0.id == prompt.request.id } ?? prompt.request
            let waiting = r.waitingVolumes.compactMap { i in model.snapshot.volumes.indices.contains(i) ? model.snapshot.volumes[i].name : nil }
            // The figures wrap rather than being cut: they are what the operator decides on.
            let width = min(76, buf.width - 2)
            let lines = Format.wrap("At \(Format.clock(r.raisedAt, reference: model.snapshot.time)) pool \(r.pool) \(r.needText).",
                                    width: width - 4, indent: "  ")
                + Format.wrap("Why: \(r.reason)", width: width - 4, indent: "  ")
                + ["Waiting: \(waiting.isEmpty ? "no backup yet (changed data outgrows the pool)" : waiting.joined(separator: ", "))",
                   "Add which spare RAID group?"]
            let inner = box(&buf, width: 76, height: lines.count + 6 + max(1, prompt.spares.count), title: "Pool expansion request #\(r.id)", glyphs: g)
            for (i, l) in lines.enumerated() { buf.put(l, x: inner.x + 1, y: inner.y + i, style: p, maxWidth: inner.width - 2) }
            let first = inner.y + lines.count
            if prompt.spares.isEmpty {
                buf.put("  no spare RAID group left — deny, or free space", x: inner.x + 1, y: first, style: CellStyle(.error, bold: true))
            }
            for (i, name) in prompt.spares.enumerated() where first + i < inner.y + inner.height - 1 {
                let spare = model.snapshot.spares.first { $0.name == name }
                let detail = spare.map { " \($0.diskType.rawValue) \($0.layout), \(Format.bytes($0.capacity))" } ?? ""
                let joins = model.snapshot.spareTiers[name].map { " → joins tier \($0.tier)\($0.isNew ? " (new)" : "")" } ?? ""
                let chosen = i == prompt.selected
                buf.put((chosen ? "▸ " : "  ") + name + detail + joins, x: inner.x + 1, y: first + i,
                        style: chosen ? CellStyle(.selectionFocus, bold: true) : p, maxWidth: inner.width - 2)
            }
            buf.put("y/Enter approve · n deny · Esc later · ↑↓ choose", x: inner.x + 1, y: inner.y + inner.height - 1,
                    style: CellStyle(.prompt, bold: true, reverse: true), maxWidth: inner.width - 2)
        case .restore(let dialog):
            let inner = box(&buf, width: 76, height: min(20, 9 + dialog.generations.count), title: "Restore \(dialog.volume)", glyphs: g)
            let target = dialog.targets[dialog.target]
            buf.put("Target: ◂ \(target)\(dialog.target == 0 ? " (in place)" : "") ▸   (←/→ change)", x: inner.x + 1, y: inner.y, style: p,
                    maxWidth: inner.width - 2)
            let listHeight = max(1, inner.height - 5)
            let start = max(0, dialog.selected - listHeight + 1)
            for (row, i) in (start..<min(dialog.generations.count, start + listHeight)).enumerated() {
                let gen = dialog.generations[i]
                let text = "gen \(gen.number)  \(gen.method.rawValue)  \(Format.clock(gen.triggeredAt, reference: model.snapshot.time))  \(Format.bytes(gen.bytes))  on \(gen.tier)"
                let chosen = i == dialog.selected
                buf.put((chosen ? "▸ " : "  ") + text, x: inner.x + 1, y: inner.y + 1 + row,
                        style: chosen ? CellStyle(.selectionFocus, bold: true) : p, maxWidth: inner.width - 2)
            }
            if let gen = dialog.chosenGeneration {
                let plan = model.sim.planRestore(volume: dialog.volume, generation: gen, target: dialog.chosenTarget)
                let text: String
                let style: CellStyle
                switch plan {
                case .success(let pl):
                    let chain = (["full \(pl.base)"] + pl.pieces.map { "\($0.method.rawValue) \($0.generation)" }).joined(separator: " + ")
                    text = "Plan: \(chain); estimate \(Format.estimate(pl.estimateSeconds))"
                    style = p
                case .failure(let e):
                    text = "Cannot: \(e.message)"
                    style = CellStyle(.error, bold: true)
                }
                buf.put(text, x: inner.x + 1, y: inner.y + inner.height - 3, style: style, maxWidth: inner.width - 2)
            }
            if let typed = dialog.typedName {
                // In place: the live volume is overwritten, so its name is typed out to confirm.
                let ask = dialog.nameMismatch ? "That is not \(dialog.volume). Type its name exactly: " : "Overwrites \(dialog.volume) in place. Type its name to confirm: "
                buf.put(ask + typed + "_", x: inner.x + 1, y: inner.y + inner.height - 2, style: CellStyle(.warning, bold: true),
                        maxWidth: inner.width - 2)
                buf.put("Enter restore in place · Esc back · Backspace/^U edit", x: inner.x + 1, y: inner.y + inner.height - 1,
                        style: CellStyle(.warning, bold: true, reverse: true), maxWidth: inner.width - 2)
            } else {
                let confirm = dialog.inPlace ? "y/Enter then type \(dialog.volume) to restore in place" : "y/Enter restore and verify"
                buf.put("\(confirm) · Esc cancel · ↑↓ generation", x: inner.x + 1, y: inner.y + inner.height - 1,
                        style: CellStyle(.prompt, bold: true, reverse: true), maxWidth: inner.width - 2)
            }
        case .catalog(let browser):
            let journalLines = Array(model.journal.suffix(3))
            let height = min(buf.height - 2, max(12, browser.rows.count + 8 + journalLines.count))
            let inner = box(&buf, width: 90, height: height, title: "Catalog — management information (\(browser.rows.count) records)", glyphs: g)
            let listHeight = max(1, inner.height - 4 - journalLines.count)
            let start = max(0, min(browser.selected - listHeight / 2, browser.rows.count - listHeight))
            for (row, i) in (max(0, start)..<min(browser.rows.count, max(0, start) + listHeight)).enumerated() {
                let r = browser.rows[i]
                let chosen = i == browser.selected
                buf.put((chosen ? "▸ " : "  ") + "#\(r.id)  " + r.text, x: inner.x + 1, y: inner.y + row,
                        style: chosen ? CellStyle(.selectionFocus, bold: true) : CellStyle(r.isCopy ? .full : .prompt, reverse: !r.isCopy),
                        maxWidth: inner.width - 2)
            }
            var y = inner.y + inner.height - 2 - journalLines.count
            if !journalLines.isEmpty {
                buf.put("journal:", x: inner.x + 1, y: y - 1, style: CellStyle(.prompt, bold: true, reverse: true))
                for l in journalLines {
                    buf.put("  " + l, x: inner.x + 1, y: y, style: p, maxWidth: inner.width - 2)
                    y += 1
                }
            }
            let footer: String
            switch browser.pending {
            case .delete(let id)?:
                footer = "Delete record #\(id) and release what it holds? y/Enter yes · n/Esc no"
            case let .copy(id, t)?:
                let target = browser.rows.first { $0.id == id }.map { $0.targets[t] } ?? "?"
                footer = "Copy record #\(id) to ◂ \(target) ▸ (its data is overwritten)? y/Enter yes · n/Esc no · ←/→ volume"
            case nil:
                footer = "↑↓ choose · d delete · c copy to a volume · Esc close"
            }
            buf.put(footer, x: inner.x + 1, y: inner.y + inner.height - 1,
                    style: CellStyle(browser.pending == nil ? .prompt : .warning, bold: true, reverse: true), maxWidth: inner.width - 2)
        case .remotes:
            var lines: [(String, CellStyle)] = []
            for r in model.snapshot.remotes {
                lines.append(("\(r.id): \(Format.bytes(r.capacity - r.free)) of \(Format.bytes(r.capacity)) used, \(r.lus) LUs, \(r.records) record(s) in its own region",
                              CellStyle(.header, bold: true)))
                for (i, l) in r.lines.enumerated() {
                    lines.append(("  line \(i): \(l.up ? "up" : "DOWN")  \(JSONValue.number(l.mbps)) MB/s, latency \(JSONValue.number(l.latencySeconds * 1_000)) ms",
                                  CellStyle(l.up ? .fits : .error, bold: !l.up)))
                }
                let g = Format.gauge(used: Int64(r.utilisation * 1_000), total: 1_000, width: 20, glyphs: model.glyphs)
                lines.append(("  in force \(JSONValue.number(r.bandwidth)) MB/s, used \(Int(r.utilisation * 100))%  \(g.used)\(g.free)", CellStyle(.prompt, reverse: true)))
                if r.transfers.isEmpty { lines.append(("  no transfer in flight", CellStyle(.prompt, reverse: true))) }
                for t in r.transfers {
                    let what = t.generation.map { "generation \($0)" } ?? "initial copy"
                    lines.append(("  → \(t.volume) \(what): \(ByteSize.formatDecimal(t.bytesLeft)) to go, " + (t.mbps > 0 ? "\(JSONValue.number(t.mbps)) MB/s" : "PAUSED (line down)"),
                                  CellStyle(t.mbps > 0 ? .prompt : .warning, bold: t.mbps == 0, reverse: t.mbps > 0)))
                }
            }
            let inner = box(&buf, width: 84, height: min(buf.height - 2, lines.count + 4), title: "Remote backup arrays — any key closes", glyphs: g)
            for (i, l) in lines.enumerated() where i < inner.height - 1 {
                buf.put(l.0, x: inner.x + 1, y: inner.y + i, style: l.1, maxWidth: inner.width - 2)
            }
        case .alerts(let view):
            view.render(&buf, model: model)
        case .filter(let prompt):
            let y = buf.height - 1
            buf.fill(x: 0, y: y, width: buf.width, height: 1, style: p)
            buf.put("Filter (name, group or state): \(prompt.text)_   Enter keep · Esc cancel", x: 1, y: y, style: p, maxWidth: buf.width - 2)
        }
    }
}

/// Draws the whole console for the model's current size into a fresh buffer.
public enum ConsoleRenderer {
    public static func render(_ model: ConsoleModel) -> ScreenBuffer {
        var buf = ScreenBuffer(width: model.width, height: model.height)
        guard let layout = ConsoleLayout(width: model.width, height: model.height) else {
            renderTooSmall(&buf, model: model)
            return buf
        }
        StatusLine.renderTitle(&buf, layout.title, model: model)
        VolumesPane.render(&buf, layout.volumes, model: model)
        ChangedBlocksPane.render(&buf, layout.changed, model: model)
        EstimatesPane.render(&buf, layout.estimates, model: model)
        PoolPane.render(&buf, layout.pool, model: model)
        DecisionsPane.render(&buf, layout.decisions, model: model)
        StatusLine.renderStatus(&buf, layout.status, model: model)
        ModalView.render(&buf, model: model)
        return buf
    }

    /// Below the minimum size: say so, with the sizes, and still answer `q`.
    static func renderTooSmall(_ buf: inout ScreenBuffer, model: ConsoleModel) {
        let lines = ["Terminal too small", "\(model.width)×\(model.height), need \(ConsoleModel.minimumWidth)×\(ConsoleModel.minimumHeight)", "q quits"]
        let top = max(0, (buf.height - lines.count) / 2)
        for (i, l) in lines.enumerated() {
            let text = String(l.prefix(buf.width))
            buf.put(text, x: max(0, (buf.width - text.count) / 2), y: top + i, style: CellStyle(i == 0 ? .warning : .text, bold: i == 0))
        }
    }
}

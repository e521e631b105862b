/// Where each pane goes for a terminal size, computed afresh every frame. Nil below the minimum
/// size, where the console shows its "terminal too small" screen instead.
public struct ConsoleLayout: Equatable, Sendable {
    public var title: Rect
    public var volumes: Rect
    public var changed: Rect
    public var estimates: Rect
    public var pool: Rect
    public var decisions: Rect
    public var status: Rect

    public init?(width: Int, height: Int) {
        guard width >= ConsoleModel.minimumWidth, height >= ConsoleModel.minimumHeight else { return nil }
        let body = height - 2
        let volumesHeight = max(7, body * 42 / 100)
        let middleHeight = max(7, (body - volumesHeight) / 2)
        let bottomHeight = body - volumesHeight - middleHeight
        let half = width / 2
        title = Rect(x: 0, y: 0, width: width, height: 1)
        volumes = Rect(x: 0, y: 1, width: width, height: volumesHeight)
        changed = Rect(x: 0, y: 1 + volumesHeight, width: half, height: middleHeight)
        estimates = Rect(x: half, y: 1 + volumesHeight, width: width - half, height: middleHeight)
        let poolWidth = width * 45 / 100
        pool = Rect(x: 0, y: 1 + volumesHeight + middleHeight, width: poolWidth, height: bottomHeight)
        decisions = Rect(x: poolWidth, y: 1 + volumesHeight + middleHeight, width: width - poolWidth, height: bottomHeight)
        status = Rect(x: 0, y: height - 1, width: width, height: 1)
    }

    public func rect(_ pane: ConsoleModel.Pane) -> Rect {
        switch pane {
        case .volumes: volumes
        case .changed: changed
        case .estimates: estimates
        case .pool: pool
        case .decisions: decisions
        }
    }
}

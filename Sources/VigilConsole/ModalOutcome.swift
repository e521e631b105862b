import VigilArray

/// What a modal asks of the console after a key: nothing, to close, or to send a command. A modal
/// never acts itself; the console applies the command it queues.
public enum ModalOutcome: Equatable, Sendable {
    case stay
    case close
    case submit(ArrayCommand)
}

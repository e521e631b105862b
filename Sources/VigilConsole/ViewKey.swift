/// One key of a view as the help screen lists it: the keys themselves (so a test can press them),
/// how the help writes them, and what they do there.
public struct ViewKey: Sendable, Equatable {
    public let keys: [Key]
    public let label: String
    public let text: String

    public init(_ keys: [Key], _ label: String, _ text: String) {
        self.keys = keys
        self.label = label
        self.text = text
    }
}

/// A scenario that cannot be used, said the way an editor jumps to it:
/// `demo/x.toml:14: volumes[2].capacity: "12QB" is not a size (try "2TiB" or "500GB")`.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// 1-based line, when the key could be found in the text.
    public let line: Int?
    /// Dotted key path with 0-based array indexes, e.g. `volumes[2].capacity`.
    public let path: String
    public let message: String
    /// Whether a file the scenario needs is absent (sysexits' "no input", 66) rather than wrong
    /// (65): a script tells a mistyped path from a broken file by the exit code alone.
    public let missingFile: Bool

    public init(file: String, line: Int?, path: String, message: String, missingFile: Bool = false) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
        self.missingFile = missingFile
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(path): \(message)"
    }
}

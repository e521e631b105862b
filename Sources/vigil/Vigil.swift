import ArgumentParser

/// `vigil`: the operator console for an array that backs itself up by recovery objectives.
@main
struct Vigil: ParsableCommand {
    static let version = "0.1.0"
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Operator console for a disk array that backs itself up by recovery objectives.",
        discussion: """
        The array is an embedded, deterministic simulator. `vigil simulate` runs a scenario headless and \
        prints what the array decided and why.
        """,
        version: version,
        subcommands: [Simulate.self],
        defaultSubcommand: nil
    )
}

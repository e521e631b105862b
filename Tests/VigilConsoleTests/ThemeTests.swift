import Testing
@testable import VigilConsole

@Suite struct ThemeTests {
    @Test func shippedDefaultEqualsTheBuiltIn() {
        let file = ConsoleFixtures.theme("default")
        for role in ColorRole.allCases { #expect(file.entries[role] == Theme.builtinDefault.entries[role], "\(role)") }
    }

    @Test(arguments: ["default", "light", "high-contrast", "mono", "amber"])
    func shippedThemesLoadCleanlyAndCoverEveryRole(name: String) throws {
        let path = ConsoleFixtures.root.appendingPathComponent("themes/\(name).toml").path
        let loaded = ThemeLoader.parse(try String(contentsOfFile: path, encoding: .utf8), file: name)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.theme.name == name)
        #expect(Set(loaded.theme.entries.keys) == Set(ColorRole.allCases))
    }

    @Test func partialThemesFallBackAndBadEntriesAreReportedAndSkipped() {
        let text = """
        name = "mine"
        [colors]
        over = "#ff0000"
        borders = "red"
        fits = "chartreuse"
        full = { fg = "magenta", blink = true }
        """
        let loaded = ThemeLoader.parse(text, file: "mine.toml")
        #expect(loaded.theme.entries[.over] == Theme.Entry(.rgb(255, 0, 0)))
        #expect(loaded.theme.entry(.fits) == Theme.builtinDefault.entry(.fits))
        #expect(loaded.theme.entry(.full) == Theme.builtinDefault.entry(.full))
        #expect(loaded.warnings.count == 3)
        #expect(loaded.warnings[0].hasPrefix("mine.toml:4: colors.borders: unknown role"))
        #expect(loaded.warnings[1] == "mine.toml:5: colors.fits: \"chartreuse\" is not a colour (try \"red\", \"bright_blue\", \"#ff8800\" or 0–255); skipped")
        #expect(loaded.warnings[2] == "mine.toml:6: colors.full.blink: unknown key (expected fg, bg, bold); role skipped")
    }

    @Test func brokenThemeFileFallsBackToDefault() {
        let loaded = ThemeLoader.parse("[colors\nover = 1", file: "bad.toml")
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings[0].hasPrefix("bad.toml:1: "))
        #expect(loaded.theme.entry(.over) == Theme.builtinDefault.entry(.over))
    }

    /// Half-typed table headers used to abort the process inside the TOML library (issue 9): now a
    /// warning with the line, and the file is marked unreadable so the console skips it.
    @Test(arguments: [("[\n", 1), ("[\r\n", 1), ("[#", 1), ("[=", 1), ("[", 1), ("name = \"x\"\n[[ {", 2), ("[colors]\nfits = \"red\"\n[\t\n", 3)] as [(String, Int)])
    func halfTypedHeadersAreSkippedNotFatal(text: String, line: Int) {
        let loaded = ThemeLoader.parse(text, file: "bad.toml")
        #expect(loaded.unreadable)
        #expect(loaded.warnings.count == 1)
        #expect(loaded.warnings.first?.hasPrefix("bad.toml:\(line): syntax: a table header needs a name after '['") == true, "\(loaded.warnings)")
    }

    @Test func aThemeNameWithATerminalEscapeIsNotUsed() {
        let loaded = ThemeLoader.parse("name = \"x\\u001b]0;pwned\\u0007\"\n", file: "dir/evil.toml")
        #expect(loaded.theme.name == "evil")
        #expect(loaded.warnings == ["dir/evil.toml:1: name: holds control characters or is empty; using evil"])
    }

    @Test func coloursStepDownByCapability() {
        let orange = ThemeColor.rgb(255, 135, 0)
        #expect(orange.number(for: .truecolor) == 208)
        #expect(orange.number(for: .palette256) == 208)
        #expect(orange.number(for: .eight) == 3)  // yellow
        #expect(orange.number(for: .none) == -1)
        #expect(ThemeColor.ansi(9).number(for: .eight) == 1)
        #expect(ThemeColor.indexed(196).number(for: .eight) == 1)
        #expect(ThemeColor.rgb(128, 128, 128).number(for: .palette256) == 244)
        #expect(ThemeColor.parse("bright_blue") == .ansi(12))
        #expect(ThemeColor.parse("#0a0B0c") == .rgb(10, 11, 12))
        #expect(ThemeColor.parse("#12") == nil)
    }

    @Test func withoutColourAttributesCarryTheMeaning() {
        let none = StyleResolver(theme: .builtinDefault, depth: .none)
        #expect(none.resolve(CellStyle(.selectionFocus, reverse: true)) == .init(fg: -1, bg: -1, bold: false, reverse: true, underline: false))
        let colour = StyleResolver(theme: .builtinDefault, depth: .palette256)
        let sel = colour.resolve(CellStyle(.selectionFocus, reverse: true))
        #expect(sel.reverse == false && sel.bg == 6)
        let mono = StyleResolver(theme: ConsoleFixtures.theme("mono"), depth: .palette256)
        #expect(mono.resolve(CellStyle(.over, bold: true)).bold)
        #expect(mono.resolve(CellStyle(.status, reverse: true)).reverse)
    }
}

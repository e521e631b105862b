import Testing
@testable import VigilConsole

/// Escape sequences that reach the console as Escape and characters become one key each.
@Suite struct EscapeSequenceParserTests {
    /// Escape followed by the characters of `tail`, as ncurses delivers an unknown sequence.
    func esc(_ tail: String) -> [Key] { [.escape] + tail.map { .char($0) } }

    @Test(arguments: [
        ("[1~", Key.home), ("[7~", .home), ("[H", .home), ("OH", .home),
        ("[4~", .end), ("[8~", .end), ("[F", .end), ("OF", .end),
        ("[3~", .delete), ("[5~", .pageUp), ("[6~", .pageDown),
        ("[A", .up), ("[B", .down), ("[C", .right), ("[D", .left), ("OA", .up), ("OD", .left),
        ("[1;5C", .right), ("[Z", .backTab),
    ] as [(String, Key)])
    func knownSequencesBecomeTheirKey(tail: String, key: Key) {
        #expect(EscapeSequenceParser.parse(esc(tail)) == [key])
    }

    @Test func unknownSequencesAreConsumedWhole() {
        // Insert (2~), F5 (15~), a focus report (I), an SS3 keypad key, and a sequence cut short.
        #expect(EscapeSequenceParser.parse(esc("[2~")) == [.unknown])
        #expect(EscapeSequenceParser.parse(esc("[15~x")) == [.unknown, .char("x")])
        #expect(EscapeSequenceParser.parse(esc("[I")) == [.unknown])
        #expect(EscapeSequenceParser.parse(esc("Op")) == [.unknown])
        #expect(EscapeSequenceParser.parse(esc("[12")) == [.unknown])
        #expect(EscapeSequenceParser.parse(esc("[1") + [.enter]) == [.unknown, .enter])
        // An Alt chord: Escape and a character in one read.
        #expect(EscapeSequenceParser.parse(esc("x")) == [.unknown])
    }

    @Test func aLoneEscapeStaysEscape() {
        #expect(EscapeSequenceParser.parse([.escape]) == [.escape])
        #expect(EscapeSequenceParser.parse([.escape, .escape]) == [.escape, .escape])
        #expect(EscapeSequenceParser.parse([.escape, .up]) == [.escape, .up])
        #expect(EscapeSequenceParser.parse([.char("a"), .escape]) == [.char("a"), .escape])
    }

    @Test func sequencesAmongTypedKeys() {
        let keys: [Key] = [.char("4")] + esc("[1~") + [.char("h")] + esc("OF") + [.backspace]
        #expect(EscapeSequenceParser.parse(keys) == [.char("4"), .home, .char("h"), .end, .backspace])
        #expect(EscapeSequenceParser.parse([]) == [])
    }
}

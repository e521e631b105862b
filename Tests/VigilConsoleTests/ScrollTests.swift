import Testing
@testable import VigilConsole

/// The scroll position the read-only views share, and the word wrap they draw long text with.
@Suite struct ScrollTests {
    @Test func scrollPositionStaysWithinTheLines() {
        var p = ScrollPosition()
        p.apply(.up, count: 40, page: 10)
        #expect(p.offset == 0)
        p.apply(.pageDown, count: 40, page: 10)
        #expect(p.offset == 10)
        p.apply(.bottom, count: 40, page: 10)
        #expect(p.offset == 30)
        p.apply(.down, count: 40, page: 10)
        #expect(p.offset == 30)
        // A view that shrank draws its last page.
        #expect(p.clamped(count: 12, page: 10) == 2)
        #expect(p.clamped(count: 5, page: 10) == 0)
    }

    @Test func wrapKeepsEveryWordWithinTheWidth() {
        let text = "incremental@ata 20.4 min > RTO 20m; incremental@fc 16.7 min but no room → differential 15.7 min ≤ RTO 20m"
        for width in [16, 17, 30, 74] {  // the longest word is 15 characters
            let lines = Format.wrap(text, width: width)
            #expect(lines.allSatisfy { $0.count <= width }, "\(width): \(lines)")
            #expect(lines.joined(separator: " ") == text)
        }
        #expect(Format.wrap(text, width: 10).allSatisfy { $0.count <= 10 })
        // A word longer than the line is cut across lines, not lost.
        #expect(Format.wrap("abcdefghij xy", width: 4) == ["abcd", "efgh", "ij", "xy"])
        #expect(Format.wrap("", width: 4) == [""])
    }
}

import Testing
@testable import VigilConsole
import VigilArray

@Suite struct FormatTests {
    @Test func gaugesAndSparklines() {
        let g = Format.gauge(used: 3, total: 4, width: 8, glyphs: .unicode)
        #expect(g.used == "██████" && g.free == "░░")
        #expect(Format.gauge(used: 0, total: 0, width: 3, glyphs: .ascii) == ("", "..."))
        #expect(Format.gauge(used: 9, total: 4, width: 4, glyphs: .ascii).used == "####")
        #expect(Format.sparkline([0, 5, 10], width: 3, glyphs: .unicode) == "▁▅█")
        #expect(Format.sparkline([1, 2, 3, 4], width: 2, glyphs: .unicode) == "▆█")
        #expect(Format.sparkline([], width: 0, glyphs: .unicode) == "")
    }

    @Test func fittingText() {
        #expect(Format.fit("volume", 4) == "vol…")
        #expect(Format.fit("ab", 4, alignRight: true) == "  ab")
        #expect(Format.fit("abc", 0) == "")
        #expect(Format.estimate(45) == "45s")
        #expect(Format.estimate(6_000) == "100m")
        #expect(Format.estimate(150) == "2.5m")
        #expect(Format.percent(1, of: 1_000) == "<1%")
        #expect(Format.percent(500, of: 1_000) == "50%")
        let noon = SimTime.parse("2026-11-21T12:00:00Z")!
        #expect(Format.clock(SimTime.parse("2026-11-21T06:30:00Z")!, reference: noon) == "06:30")
        #expect(Format.clock(SimTime.parse("2026-11-22T01:00:00Z")!, reference: noon) == "01:00+1d")
    }

    /// Property: at every width from 0 to 200, the fitted columns fit, keep their order, never
    /// go below their minimum, and a column is only dropped when every shown one matters more.
    @Test func columnFittingAtManyWidths() {
        let cols = VolumesPane.columns
        for width in 0...200 {
            let fitted = Format.fitColumns(cols, available: width)
            let used = fitted.reduce(0) { $0 + $1.width } + max(0, fitted.count - 1)
            #expect(used <= width || fitted.isEmpty, "width \(width): \(used)")
            #expect(fitted.map(\.index) == fitted.map(\.index).sorted())
            for f in fitted { #expect(f.width >= cols[f.index].minWidth && f.width <= cols[f.index].width) }
            let dropped = Set(cols.indices).subtracting(fitted.map(\.index))
            if let keptMin = fitted.map({ cols[$0.index].priority }).min() {
                for d in dropped { #expect(cols[d].priority <= keptMin, "width \(width): dropped \(cols[d].title)") }
            }
        }
        #expect(Format.fitColumns(cols, available: 200).count == cols.count)
    }

    @Test func layoutAtManySizes() {
        #expect(ConsoleLayout(width: 59, height: 30) == nil)
        #expect(ConsoleLayout(width: 80, height: 15) == nil)
        for w in stride(from: 60, through: 300, by: 7) {
            for h in stride(from: 16, through: 120, by: 5) {
                let l = ConsoleLayout(width: w, height: h)!
                let panes = ConsoleModel.Pane.allCases.map { l.rect($0) }
                for r in panes + [l.title, l.status] {
                    #expect(r.x >= 0 && r.y >= 0 && r.x + r.width <= w && r.y + r.height <= h, "\(w)x\(h) \(r)")
                }
                // Panes tile the body exactly: their areas add up to it.
                #expect(panes.reduce(0) { $0 + $1.width * $1.height } == w * (h - 2), "\(w)x\(h)")
                #expect(l.volumes.height >= 7)
            }
        }
    }

    @Test func renderingIntoTinyBuffersIsSafe() {
        var buf = ScreenBuffer(width: 0, height: 0)
        buf.put("x", x: 0, y: 0)
        buf.fill(x: -5, y: -5, width: 10, height: 10)
        PaneFrame.draw(&buf, Rect(x: 0, y: 0, width: 1, height: 1), title: "t", focused: true, glyphs: .unicode)
        #expect(buf.text == "")
        var small = ScreenBuffer(width: 3, height: 1)
        small.put("abcdef", x: -1, y: 0)
        #expect(small.text == "bcd")
    }

    @Test func glyphsFollowTheCodeset() {
        #expect(Glyphs.forEnvironment(["LANG": "en_US.UTF-8"]) == .unicode)
        #expect(Glyphs.forEnvironment(["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == .ascii)
        #expect(Glyphs.forEnvironment([:]) == .ascii)
    }
}

import Testing
@testable import VigilArray
@testable import VigilConsole

/// The objectives form as a text editor and as a checker, without a console around it.
@Suite struct ObjectivesFormTests {
    /// The quickstart's oltp group: every 1h, 8 generations, RTO 20m, 64 KiB granules.
    func form() -> ObjectivesForm {
        ObjectivesForm(group: "oltp", objectives: RecoveryObjectives(interval: 3_600, generations: 8, rto: 1_200), granule: 65_536)
    }

    func type(_ form: inout ObjectivesForm, _ keys: [Key]) {
        for k in keys { _ = form.handle(k, burst: false) }
    }
    func chars(_ s: String) -> [Key] { s.map { .char($0) } }

    @Test func aFieldHoldsWhatIsTypedAndNoMoreThanTheLimitSaid() {
        var f = form()
        type(&f, [.ctrl("u")] + chars("1000000000000"))
        // Thirteen characters, not the twelve the box shows: 1,000,000,000,000 is no duration.
        #expect(f.value(.interval) == "1000000000000")
        #expect(f.problem(.interval) == "not a duration (try 4h)")
        type(&f, [.ctrl("u")] + chars(String(repeating: "1", count: 64)))
        #expect(f.value(.interval).count == 64 && f.message == nil)
        type(&f, chars("2"))
        #expect(f.value(.interval).count == 64)
        #expect(f.message == "RPO every: at most 64 characters")
        type(&f, [.left])
        #expect(f.message == nil)
    }

    @Test func theCursorMovesAndEditsInPlace() {
        var f = form()
        #expect(f.value(.interval) == "1h" && f.cursor == 2)
        type(&f, [.home] + chars("1") + [.end] + chars("30m"))
        #expect(f.value(.interval) == "11h30m" && f.cursor == 6)
        // Backspace deletes before the cursor, Delete at it.
        type(&f, [.left, .left, .left, .backspace])
        #expect(f.value(.interval) == "1130m" && f.cursor == 2)
        type(&f, [.delete, .right, .right, .right, .right, .right])
        #expect(f.value(.interval) == "110m" && f.cursor == 4)
        type(&f, [.home, .backspace, .left])
        #expect(f.value(.interval) == "110m" && f.cursor == 0)
        type(&f, [.ctrl("u")])
        #expect(f.value(.interval) == "" && f.cursor == 0)
        // Another field: the cursor is at the end of its text.
        type(&f, [.up])
        #expect(f.focus == .rto && f.cursor == 3)
    }

    @Test func aLongFieldScrollsToKeepTheCursorInTheBox() {
        var f = form()
        type(&f, [.ctrl("u")] + chars("1h1h1h1h1h1h1h1h1h1h"))  // 20 characters, 12 cells
        #expect(f.cursor == 20 && f.scroll == 9)  // characters 9…19 and the cursor's cell
        type(&f, Array(repeating: .left, count: 11))
        #expect(f.cursor == 9 && f.scroll == 9)
        type(&f, [.left])
        #expect(f.cursor == 8 && f.scroll == 8)
        type(&f, [.home])
        #expect(f.scroll == 0)
        type(&f, [.end])
        #expect(f.scroll == 9)
        #expect(f.problem(.interval) == nil && f.objectives?.interval == 36_000)
    }

    @Test func absurdValuesAreRefusedWithTheBound() {
        var f = form()
        func set(_ field: Field, _ text: String) {
            f.focus = field
            type(&f, [.ctrl("u")] + chars(text))
        }
        typealias Field = ObjectivesForm.Field
        set(.rto, "0s")
        #expect(f.problem(.rto) == "at least 1s")
        set(.rto, "3651d")
        #expect(f.problem(.rto) == "at most 3650d")
        set(.rto, "99999999999999999999999s")
        #expect(f.problem(.rto) == "at most 3650d")
        set(.rto, "3650d")
        #expect(f.problem(.rto) == nil)
        set(.interval, "4015020d")  // 11,000 years
        #expect(f.problem(.interval) == "at most 3650d")
        set(.interval, "59s")
        #expect(f.problem(.interval) == "at least 1m")
        set(.interval, "")
        set(.changed, "32KiB")
        #expect(f.problem(.changed) == "at least one granule (64KiB)")
        set(.changed, "64KiB")
        #expect(f.problem(.changed) == nil)
        set(.changed, "99999999999999PiB")
        #expect(f.problem(.changed) == "at most 1EiB")
        set(.changed, "2EiB")
        #expect(f.problem(.changed) == "at most 1EiB")
        set(.changed, "50 apples")
        #expect(f.problem(.changed) == "not a size (try 50GB)")
        set(.generations, "99999999999999999999")
        #expect(f.problem(.generations) == "1 to 1000")
        #expect(f.objectives == nil)
    }

    @Test func enterOnAnInvalidFormNamesTheFieldAndGoesThere() {
        var f = form()
        type(&f, [.up, .ctrl("u")] + chars("0s") + [.tab, .tab])
        #expect(f.focus == .hour)
        #expect(f.handle(.enter, burst: false) == .stay)
        #expect(f.focus == .rto)
        #expect(f.message == "RTO: at least 1s")
        type(&f, [.ctrl("u")] + chars("5m"))
        #expect(f.message == nil)
        #expect(f.handle(.enter, burst: true) == .stay)  // a pasted newline never applies
        #expect(f.handle(.enter, burst: false)
                == .submit(.setObjectives(group: "oltp", objectives: RecoveryObjectives(interval: 3_600, generations: 8, rto: 300))))
    }
}

import VigilArray

/// The form that edits a volume group's recovery objectives. Each field is checked as it is typed
/// and its problem shown beside it; Enter applies only when every field is valid, and otherwise says
/// which field is wrong and moves there.
///
/// A field holds what is typed, up to `maxLength` characters (a longer entry is refused and the
/// limit said); the box shows `visibleWidth` cells of it and scrolls so the cursor stays in view.
/// The bounds are the engine's own (`RecoveryObjectives.validate`), so the form never shows as
/// valid what the array would refuse.
public struct ObjectivesForm: Sendable, Equatable {
    public enum Field: Int, CaseIterable, Sendable {
        case interval, hour, changed, generations, rto
        public var label: String {
            switch self {
            case .interval: "RPO every"
            case .hour: "RPO daily at"
            case .changed: "RPO changed"
            case .generations: "Generations"
            case .rto: "RTO"
            }
        }
        public var hint: String {
            switch self {
            case .interval: "e.g. 4h, 30m; empty = off"
            case .hour: "HH:MM UTC; empty = off"
            case .changed: "e.g. 50GB; empty = off"
            case .generations: "1–1000"
            case .rto: "e.g. 20m; empty = none"
            }
        }
        /// The engine's name for the field in `RecoveryObjectives.validate`.
        var engineName: String {
            switch self {
            case .interval: "interval"
            case .hour: "hour"
            case .changed: "changed"
            case .generations: "generations"
            case .rto: "rto"
            }
        }
    }

    /// The most characters a field holds: far more than any valid entry, few enough to read.
    public static let maxLength = 64
    /// Cells of a field shown at once (the cursor takes one of them at the end of the text).
    public static let visibleWidth = 12

    public let group: String
    /// The smallest granule among the group's volumes: change is tracked a granule at a time, so a
    /// changed trigger below it could never be measured. Nil when the group has no volume.
    public let granule: Int64?
    public private(set) var values: [String]
    public var focus: Field = .interval {
        // Moving to a field puts the cursor at the end of its text, ready to append or erase.
        didSet { cursor = values[focus.rawValue].count; scroll = 0; keepCursorVisible() }
    }
    /// The cursor's position in the focused field, in characters (0 is before the first).
    public private(set) var cursor = 0
    /// The first character of the focused field that the box shows.
    public private(set) var scroll = 0
    /// What the last key could not do (an over-long entry, Enter on an invalid field), until the next key.
    public private(set) var message: String?

    public init(group: String, objectives o: RecoveryObjectives, granule: Int64? = nil) {
        self.group = group
        self.granule = granule
        values = [
            o.interval.map(SimDuration.format) ?? "",
            o.hourOfDay.map { String(format: "%02d:%02d", Int($0 / 3_600), Int(($0 % 3_600) / 60)) } ?? "",
            o.changedBytes.map(ByteSize.format).map { $0.replacingOccurrences(of: " ", with: "") } ?? "",
            String(o.generations),
            o.rto.map(SimDuration.format) ?? "",
        ]
        cursor = values[focus.rawValue].count
        keepCursorVisible()
    }

    public func value(_ f: Field) -> String { values[f.rawValue] }

    /// The problem with a field's current text, or nil when it is valid.
    public func problem(_ f: Field) -> String? {
        let v = value(f).trimmingCharacters(in: .whitespaces)
        switch f {
        case .interval:
            if v.isEmpty { return nil }
            guard let s = SimDuration.parse(v) else { return tooLarge(v, SimDuration.parse) ? longest : "not a duration (try 4h)" }
            return bound(RecoveryObjectives(interval: s), f)
        case .hour:
            return v.isEmpty || ScenarioLoader.parseHour(v) != nil ? nil : "not a time (try 12:00)"
        case .changed:
            if v.isEmpty { return nil }
            guard let b = ByteSize.parse(v) else { return tooLarge(v, ByteSize.parse) ? "at most 1EiB" : "not a size (try 50GB)" }
            return bound(RecoveryObjectives(changedBytes: b), f)
        case .generations:
            guard let n = Int(v) else { return !v.isEmpty && v.allSatisfy(\.isASCIIDigit) ? "1 to 1000" : "a whole number" }
            return (1...1_000).contains(n) ? nil : "1 to 1000"
        case .rto:
            if v.isEmpty { return nil }
            guard let s = SimDuration.parse(v) else { return tooLarge(v, SimDuration.parse) ? longest : "not a duration (try 20m)" }
            return bound(RecoveryObjectives(rto: s), f)
        }
    }

    private var longest: String { "at most \(SimDuration.format(RecoveryObjectives.longestDuration))" }

    /// The engine's bound for one field, worded for the form ("at least 1s", not "rto must be …").
    private func bound(_ o: RecoveryObjectives, _ f: Field) -> String? {
        guard let (field, problem) = o.validate(granule: granule), field == f.engineName else { return nil }
        let p = problem.hasPrefix("must be ") ? String(problem.dropFirst(8)) : problem
        // Sizes as the form's fields write them, without a space ("64KiB").
        return ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"].reduce(p) { $0.replacingOccurrences(of: " " + $1, with: $1) }
    }

    /// True when the text has the shape of a value and fails only by its size: with each run of
    /// digits made "1" it parses.
    private func tooLarge(_ text: String, _ parse: (String) -> Int64?) -> Bool {
        var shape = "", inDigits = false
        for c in text {
            if c.isASCIIDigit {
                if !inDigits { shape.append("1") }
                inDigits = true
            } else {
                shape.append(c)
                inDigits = false
            }
        }
        return shape != text && parse(shape) != nil
    }

    /// A problem of the whole form: with no trigger and no RTO the group would never back up.
    public var formProblem: String? {
        let all = [Field.interval, .hour, .changed, .rto].allSatisfy { value($0).trimmingCharacters(in: .whitespaces).isEmpty }
        return all ? "set an RPO or an RTO, or the group never backs up" : nil
    }

    /// The objectives the form describes, when every field is valid.
    public var objectives: RecoveryObjectives? {
        guard Field.allCases.allSatisfy({ problem($0) == nil }), formProblem == nil else { return nil }
        func text(_ f: Field) -> String? {
            let v = value(f).trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }
        return RecoveryObjectives(interval: text(.interval).flatMap(SimDuration.parse),
                                  hourOfDay: text(.hour).flatMap(ScenarioLoader.parseHour),
                                  changedBytes: text(.changed).flatMap(ByteSize.parse),
                                  generations: Int(value(.generations).trimmingCharacters(in: .whitespaces)) ?? 1,
                                  rto: text(.rto).flatMap(SimDuration.parse))
    }

    public mutating func handle(_ key: Key, burst: Bool) -> ModalOutcome {
        message = nil
        var text = Array(values[focus.rawValue])
        switch key {
        case .escape: return .close
        case .tab, .down: focus = Self.field(focus.rawValue + 1)
        case .backTab, .up: focus = Self.field(focus.rawValue - 1)
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .backspace:
            guard cursor > 0 else { break }
            text.remove(at: cursor - 1)
            cursor -= 1
            values[focus.rawValue] = String(text)
        case .delete:
            guard cursor < text.count else { break }
            text.remove(at: cursor)
            values[focus.rawValue] = String(text)
        case .ctrl("u"):
            values[focus.rawValue] = ""
            cursor = 0
        case .enter:
            // A pasted newline is text arriving in a burst, never a decision to apply.
            guard !burst else { return .stay }
            guard let o = objectives else {
                if let bad = Field.allCases.first(where: { problem($0) != nil }) {
                    message = "\(bad.label): \(problem(bad) ?? "")"
                    if bad != focus { focus = bad }
                }
                return .stay
            }
            return .submit(.setObjectives(group: group, objectives: o))
        case .char(let c):
            guard !c.isNewline else { break }
            guard text.count < Self.maxLength else {
                message = "\(focus.label): at most \(Self.maxLength) characters"
                break
            }
            text.insert(c, at: cursor)
            cursor += 1
            values[focus.rawValue] = String(text)
        default: break
        }
        keepCursorVisible()
        return .stay
    }

    static func field(_ raw: Int) -> Field {
        let n = Field.allCases.count
        return Field(rawValue: ((raw % n) + n) % n) ?? .interval
    }

    /// Scrolls the focused field so that the cursor's cell is shown, and no more of the box than
    /// needed is left empty after the text.
    mutating func keepCursorVisible() {
        let w = Self.visibleWidth, count = values[focus.rawValue].count
        cursor = min(max(0, cursor), count)
        if cursor < scroll { scroll = cursor }
        if cursor > scroll + w - 1 { scroll = cursor - (w - 1) }
        scroll = max(0, min(scroll, count + 1 - w))
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

import VigilArray

/// The form that edits a volume group's recovery objectives. Each field is checked as it is typed
/// and its problem shown beside it; Enter applies only when every field is valid.
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
    }

    public let group: String
    public private(set) var values: [String]
    public var focus: Field = .interval

    public init(group: String, objectives o: RecoveryObjectives) {
        self.group = group
        values = [
            o.interval.map(SimDuration.format) ?? "",
            o.hourOfDay.map { String(format: "%02d:%02d", Int($0 / 3_600), Int(($0 % 3_600) / 60)) } ?? "",
            o.changedBytes.map(ByteSize.format).map { $0.replacingOccurrences(of: " ", with: "") } ?? "",
            String(o.generations),
            o.rto.map(SimDuration.format) ?? "",
        ]
    }

    public func value(_ f: Field) -> String { values[f.rawValue] }

    /// The problem with a field's current text, or nil when it is valid.
    public func problem(_ f: Field) -> String? {
        let v = value(f).trimmingCharacters(in: .whitespaces)
        switch f {
        case .interval:
            if v.isEmpty { return nil }
            guard let s = SimDuration.parse(v) else { return "not a duration (try 4h)" }
            return s < 60 ? "at least 1m" : nil
        case .hour:
            return v.isEmpty || ScenarioLoader.parseHour(v) != nil ? nil : "not a time (try 12:00)"
        case .changed:
            if v.isEmpty { return nil }
            guard let b = ByteSize.parse(v) else { return "not a size (try 50GB)" }
            return b <= 0 ? "more than 0" : nil
        case .generations:
            guard let n = Int(v) else { return "a whole number" }
            return (1...1_000).contains(n) ? nil : "1 to 1000"
        case .rto:
            return v.isEmpty || SimDuration.parse(v) != nil ? nil : "not a duration (try 20m)"
        }
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
        switch key {
        case .escape: return .close
        case .tab, .down: focus = Field(rawValue: (focus.rawValue + 1) % Field.allCases.count)!
        case .backTab, .up: focus = Field(rawValue: (focus.rawValue + Field.allCases.count - 1) % Field.allCases.count)!
        case .backspace: if !values[focus.rawValue].isEmpty { values[focus.rawValue].removeLast() }
        case .enter:
            // A pasted newline is text arriving in a burst, never a decision to apply.
            guard !burst else { return .stay }
            guard let o = objectives else {
                if let bad = Field.allCases.first(where: { problem($0) != nil }) { focus = bad }
                return .stay
            }
            return .submit(.setObjectives(group: group, objectives: o))
        case .char(let c):
            if values[focus.rawValue].count < 12, !c.isNewline { values[focus.rawValue].append(c) }
        default: break
        }
        return .stay
    }
}

import Foundation

/// How long a command runs the array: `--for DURATION` or `--until TIME`, checked the same way by
/// every command so that a typed value never traps and the message names the option.
public enum RunLength {
    /// A value the option cannot take; `message` names the option and says why.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// `--for`: more than 0s and at most `SimDuration.longestRun`.
    public static func duration(_ text: String, option: String = "--for") throws -> Int64 {
        let longest = SimDuration.format(SimDuration.longestRun)
        guard let seconds = SimDuration.parse(text) else {
            // Digits and units that only failed for their size are a duration, just too long.
            let units = Set("smhdw"), digits = Set("0123456789")
            let shaped = text.first.map(digits.contains) == true && text.last.map(units.contains) == true
                && text.allSatisfy { digits.contains($0) || units.contains($0) }
            throw Problem(message: shaped ? "\(option) \"\(text)\" is longer than \(longest), the longest run"
                                          : "\(option) \"\(text)\" is not a duration (try 90m, 12h or 30d)")
        }
        guard seconds > 0 else { throw Problem(message: "\(option) \"\(text)\" must be more than 0s") }
        guard seconds <= SimDuration.longestRun else {
            throw Problem(message: "\(option) \"\(text)\" is longer than \(longest), the longest run")
        }
        return seconds
    }

    /// `--until`, as text: a UTC time of a four-digit year.
    public static func time(_ text: String, option: String = "--until") throws -> SimTime {
        guard let t = SimTime.parse(text) else {
            throw Problem(message: "\(option) \"\(text)\" is not a UTC time of the years 1970 to 9999 (try 2026-11-24T00:00:00Z)")
        }
        return t
    }

    /// `--until` against the array's clock: after it (`clock` says what that clock is, e.g. "the
    /// array's start") and at most `SimDuration.longestRun` after it. A resumed array may already
    /// stand at `--until` (a run killed after its last checkpoint, run again): with `resuming`
    /// that is accepted and runs nothing.
    public static func end(until text: String, now: SimTime, clock: String, resuming: Bool = false,
                           option: String = "--until") throws -> SimTime {
        let t = try time(text, option: option)
        guard t > now || (resuming && t == now) else { throw Problem(message: "\(option) \(t.iso8601) is not after \(clock), \(now.iso8601)") }
        guard t - now <= SimDuration.longestRun else {
            throw Problem(message: "\(option) \(t.iso8601) is more than \(SimDuration.format(SimDuration.longestRun)) after \(clock), \(now.iso8601)")
        }
        return t
    }
}

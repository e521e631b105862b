import TOMLKit

/// Reads one TOML table of a scenario, remembering which keys were read so that every key left over
/// is reported as unknown — a misspelt key is an error, never silently ignored.
final class TableReader {
    let table: TOMLTable
    let path: String
    let context: ScenarioLoader.Context
    private var used: Set<String> = []

    init(_ table: TOMLTable, path: String, context: ScenarioLoader.Context) {
        self.table = table
        self.path = path
        self.context = context
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func fail(_ key: String?, _ message: String) -> ScenarioError {
        context.error(key.map(keyPath) ?? path, message)
    }

    /// The error for a file this table names that is not there (exit 66, not 65).
    func missing(_ key: String, _ message: String) -> ScenarioError {
        let e = fail(key, message)
        return ScenarioError(file: e.file, line: e.line, path: e.path, message: e.message, missingFile: true)
    }

    func has(_ key: String) -> Bool { table.contains(key: key) }

    private func value(_ key: String, required: Bool, expected: String) throws -> TOMLValueConvertible? {
        used.insert(key)
        guard let v = table[key] else {
            if required { throw fail(key, "missing (expected \(expected))") }
            return nil
        }
        return v
    }

    func string(_ key: String, required: Bool = false, expected: String = "a string") throws -> String? {
        guard let v = try value(key, required: required, expected: expected) else { return nil }
        guard let s = v.string else { throw fail(key, "\(describe(v)) is not \(expected)") }
        return s
    }

    func int(_ key: String, required: Bool = false, range: ClosedRange<Int>) throws -> Int? {
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard let v = try value(key, required: required, expected: expected) else { return nil }
        guard let i = v.int else { throw fail(key, "\(describe(v)) is not \(expected)") }
        guard range.contains(i) else { throw fail(key, "\(i) is out of range (expected \(expected))") }
        return i
    }

    func double(_ key: String, required: Bool = false, range: ClosedRange<Double>, expected: String) throws -> Double? {
        guard let v = try value(key, required: required, expected: expected) else { return nil }
        guard let d = v.double ?? v.int.map(Double.init) else { throw fail(key, "\(describe(v)) is not \(expected)") }
        guard d.isFinite, range.contains(d) else {
            throw fail(key, "\(describe(v)) is out of range (expected \(expected))")
        }
        return d
    }

    func bool(_ key: String) throws -> Bool? {
        guard let v = try value(key, required: false, expected: "true or false") else { return nil }
        guard let b = v.bool else { throw fail(key, "\(describe(v)) is not true or false") }
        return b
    }

    /// A name shown on screens and in reports: never empty, never a control character (a terminal
    /// escape sequence in a name would reach the operator's terminal).
    func name(_ key: String, required: Bool = false, expected: String = "a string") throws -> String? {
        guard let n = try string(key, required: required, expected: expected) else { return nil }
        if let problem = Self.nameProblem(n) { throw fail(key, problem) }
        return n
    }

    /// What is wrong with a name, or nil.
    static func nameProblem(_ n: String) -> String? {
        if n.isEmpty { return "a name cannot be empty" }
        if n.unicodeScalars.count > 200 { return "a name is at most 200 characters" }
        if let c = n.unicodeScalars.first(where: { $0.properties.generalCategory == .control || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
            return "\(Self.escaped(n)) holds the control character U+\(String(c.value, radix: 16, uppercase: true)); names are printed on terminals, so control characters are not allowed"
        }
        return nil
    }

    /// A name quoted with its control characters escaped (`"v1\u{1B}]0;x"`), safe to print.
    static func escaped(_ n: String) -> String {
        var out = "\""
        for c in n.unicodeScalars {
            if c.properties.generalCategory == .control || c.properties.generalCategory == .format || c == "\u{2028}" || c == "\u{2029}" {
                out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// A size such as `"2TiB"` or `"500GB"`.
    func size(_ key: String, required: Bool = false, positive: Bool = true, max: (bytes: Int64, text: String)? = nil) throws -> Int64? {
        let expected = "a size like \"2TiB\" or \"500GB\""
        guard let v = try value(key, required: required, expected: expected) else { return nil }
        let text = v.string ?? v.int.map(String.init)
        guard let text, let bytes = ByteSize.parse(text) else {
            throw fail(key, "\(describe(v)) is not a size (try \"2TiB\" or \"500GB\")")
        }
        if positive, bytes <= 0 { throw fail(key, "must be more than 0 bytes") }
        if let max, bytes > max.bytes { throw fail(key, "\(describe(v)) is more than \(max.text), the largest allowed") }
        return bytes
    }

    /// A duration such as `"90m"` or `"12h"`.
    /// At most `max` seconds (default: a century, `SimDuration.longestRun`), so that adding it to
    /// any time of the clock cannot overflow.
    func duration(_ key: String, required: Bool = false, max: Int64 = SimDuration.longestRun, longest: Int64? = nil) throws -> Int64? {
        guard let v = try value(key, required: required, expected: "a duration like \"90m\" or \"12h\"") else { return nil }
        guard let s = v.string, let seconds = SimDuration.parse(s) else {
            // Well formed but beyond 64-bit seconds: say the bound rather than "not a duration".
            if let s = v.string, !s.isEmpty, s.allSatisfy({ ("0"..."9").contains($0) || "smhdw".contains($0) }), s.last.map({ "smhdw".contains($0) }) == true {
                throw fail(key, "\(describe(v)) is too long (must be at most \(SimDuration.format(longest ?? max)))")
            }
            throw fail(key, "\(describe(v)) is not a duration (try \"90m\", \"4h\" or \"1d\")")
        }
        if seconds > max { throw fail(key, "must be at most \(SimDuration.format(max))") }
        return seconds
    }

    /// A throughput in MB/s: a number, or a string like `"20MB/s"`.
    func rate(_ key: String, required: Bool = false) throws -> Double? {
        let expected = "a rate like \"20MB/s\" or \"1.5GB/s\""
        guard let v = try value(key, required: required, expected: expected) else { return nil }
        // At most 1 TB/s: far above any disk, and far from where byte counts overflow.
        if let d = v.double ?? v.int.map(Double.init), d >= 0 {
            guard d <= 1_000_000 else { throw fail(key, "\(describe(v)) MB/s is more than 1000000 (1TB/s), the largest rate") }
            return d * 1_000_000
        }
        if let s = v.string, s.hasSuffix("/s"), let bytes = ByteSize.parse(String(s.dropLast(2))) {
            guard bytes <= 1_000_000_000_000 else { throw fail(key, "\(describe(v)) is more than 1TB/s, the largest rate") }
            return Double(bytes)
        }
        throw fail(key, "\(describe(v)) is not a rate (try \"20MB/s\"; a bare number is MB/s)")
    }

    func stringArray(_ key: String, required: Bool = false) throws -> [String]? {
        guard let v = try value(key, required: required, expected: "a list of names") else { return nil }
        guard let a = v.array else { throw fail(key, "\(describe(v)) is not a list of names (try [\"rg-1\", \"rg-2\"])") }
        return try a.enumerated().map { i, item in
            guard let s = item.string else { throw context.error("\(keyPath(key))[\(i)]", "\(describe(item)) is not a name") }
            return s
        }
    }

    func doubleArray(_ key: String, range: ClosedRange<Double>) throws -> [Double]? {
        guard let v = try value(key, required: false, expected: "a list of numbers") else { return nil }
        guard let a = v.array else { throw fail(key, "\(describe(v)) is not a list of numbers") }
        return try a.enumerated().map { i, item in
            guard let d = item.double ?? item.int.map(Double.init), d.isFinite, range.contains(d) else {
                throw context.error("\(keyPath(key))[\(i)]", "\(describe(item)) is not a number from \(JSONValue.number(range.lowerBound)) to \(JSONValue.number(range.upperBound))")
            }
            return d
        }
    }

    func subtable(_ key: String, required: Bool = false) throws -> TableReader? {
        guard let v = try value(key, required: required, expected: "a table") else { return nil }
        guard let t = v.table else { throw fail(key, "\(describe(v)) is not a table") }
        return TableReader(t, path: keyPath(key), context: context)
    }

    /// `[[key]]` entries, each as a reader with its index in the path.
    func tables(_ key: String, required: Bool = false) throws -> [TableReader] {
        guard let v = try value(key, required: required, expected: "one or more [[\(keyPath(key))]] tables") else { return [] }
        guard let a = v.array else { throw fail(key, "must be written as [[\(keyPath(key))]] tables") }
        return try a.enumerated().map { i, item in
            guard let t = item.table else { throw context.error("\(keyPath(key))[\(i)]", "is not a table") }
            return TableReader(t, path: "\(keyPath(key))[\(i)]", context: context)
        }
    }

    /// Reports the first key nobody asked for.
    func finish() throws {
        for key in table.keys.sorted() where !used.contains(key) {
            throw fail(key, "unknown key (expected one of: \(used.sorted().joined(separator: ", ")))")
        }
    }

    private func describe(_ v: TOMLValueConvertible) -> String {
        if let s = v.string { return "\"\(s)\"" }
        if let i = v.int { return String(i) }
        if let d = v.double {
            return d.isNaN ? "nan" : d.isInfinite ? (d < 0 ? "-inf" : "inf") : d.magnitude >= 1e15 ? "\(d)" : JSONValue.number(d)
        }
        if let b = v.bool { return b ? "true" : "false" }
        if v.array != nil { return "a list" }
        if v.table != nil { return "a table" }
        return "this value"
    }
}

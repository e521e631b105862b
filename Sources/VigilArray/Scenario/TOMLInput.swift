import TOMLKit

/// The one way Vigil hands TOML text to the TOML library (scenarios, themes, `file-groups load`).
///
/// The library (toml++ via TOMLKit) aborts the whole process with a C++ assertion — not a parse
/// error — when a table header's `[` or `[[` is followed (after spaces) by anything but `]`, a bare
/// key character (`A-Z a-z 0-9 _ -`) or a quote: `[` then a line break, `[#`, `[=`, `[{`, or the end
/// of the file (`parse_table_header` calls `parse_key`, which asserts
/// `is_bare_key_character(*cp) || is_string_delimiter(*cp)`); and when an array element starts
/// with `}` or with U+0085/U+2028/U+2029 (`parse_array` calls `parse_value`, which asserts
/// `!is_value_terminator(*cp)`). Every other key and value start is checked by the library itself
/// before those calls. It also reads the text as a C string, so a NUL
/// byte silently ends the file. `check` finds both before the library sees the text; it follows
/// strings, comments and values spanning lines so that a `[` inside a value is never taken for a
/// header, and it accepts a strict subset of what the library accepts.
public enum TOMLInput {
    /// The first problem the library cannot be trusted with: its 1-based line and what is wrong.
    public static func check(_ text: String) -> (line: Int, message: String)? {
        let s = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        var open: [Unicode.Scalar] = []  // open `[`/`{` of a value (it may span lines)
        var lineStart = true     // only whitespace so far on this line, outside any value
        var headerLine = false   // the rest of a table header's line: its brackets are not a value's

        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        // The library skips only spaces and tabs before a header's key.
        func isHorizontalSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" }
        func describe(_ c: Unicode.Scalar?) -> String {
            guard let c else { return "the end of the file" }
            switch c {
            case "\n": return "the end of the line"
            case "\r": return "a carriage return"
            default:
                if c.value < 0x20 || c.value == 0x7F || (0x80..<0xA0).contains(c.value) || c.properties.isWhitespace {
                    return "U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4)
                }
                return "'\(Character(c))'"
            }
        }
        func isKeyStart(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "\"" || c == "'"
        }

        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || isDigit(c) || c == "_" || c == "-"
        }
        // The library's value scanner takes a token shaped like a date (ten characters, underscores
        // not counted, with '-' fourth and seventh) followed by a space and a digit for a date-time
        // and scans on; when the ten are not digits it reaches an assertion (`202@-11-2= 2` aborted;
        // found by fuzzing). Such a token must be a real `dddd-dd-dd`.
        func spacedDateProblem(at k: Int) -> String? {
            var chars: [Unicode.Scalar] = []
            var j = k
            while let c = at(j), !(c == " " || c == "\t" || c == "\n" || c == "\r" || c == "," || c == "]" || c == "}" || c == "#") {
                if c != "_" { chars.append(c) }
                j += 1
                if chars.count > 10 { return nil }
            }
            guard chars.count == 10, chars[4] == "-", chars[7] == "-", at(j) == " ", let next = at(j + 1), isDigit(next) else { return nil }
            let digits = chars.enumerated().allSatisfy { n, c in n == 4 || n == 7 || isDigit(c) }
            if !digits { return "a date (YYYY-MM-DD) holds something else than digits" }
            // The time after the space needs its two-digit hour: one digit and then the end of the
            // value (`2010-01-25 2` followed by a newline, ',', ']', '}' or '#') reaches another of
            // the library's assertions (found by fuzzing). It is never valid TOML.
            if let second = at(j + 2), isDigit(second) { return nil }
            return "a date-time needs a time (HH:MM:SS) after the space, found \(describe(next)) then \(describe(at(j + 2)))"
        }
        // `dddd-dd-dd` then `T` or `t` must be followed by a digit.
        func dateTimeProblem(at k: Int) -> String? {
            let shape = "dddd-dd-dd"
            for (n, want) in shape.unicodeScalars.enumerated() {
                guard let got = at(k + n), want == "d" ? isDigit(got) : got == want else { return nil }
            }
            guard let t = at(k + 10), t == "T" || t == "t" else { return nil }
            if let next = at(k + 11), isDigit(next) { return nil }
            return "a date-time needs a time (HH:MM:SS) after '\(Character(t))', found \(describe(at(k + 11)))"
        }

        while i < s.count {
            let c = s[i]
            if c == "\0" { return (line, "holds a NUL byte (U+0000); a TOML file is text") }
            if c == "\n" {
                line += 1
                i += 1
                lineStart = open.isEmpty
                headerLine = false
                continue
            }
            if isHorizontalSpace(c) || c == "\r" { i += 1; continue }
            // The library skips a byte-order mark at the start: what follows is still the start of
            // the first line (a BOM then `[` + anything reached parse_key unchecked; found by fuzzing).
            if i == 0, c == "\u{FEFF}" { i += 1; continue }
            if c == "#" {
                while i < s.count, s[i] != "\n" {
                    if s[i] == "\0" { return (line, "holds a NUL byte (U+0000); a TOML file is text") }
                    i += 1
                }
                continue
            }
            if c == "\"" || c == "'" {
                let multi = at(i + 1) == c && at(i + 2) == c
                i += multi ? 3 : 1
                while i < s.count {
                    let d = s[i]
                    if d == "\0" { return (line, "holds a NUL byte (U+0000); a TOML file is text") }
                    if d == "\n" {
                        if !multi { break }  // an unterminated string: the library reports it
                        line += 1
                    }
                    if d == "\\", c == "\"" {
                        if at(i + 1) == "\n" { line += 1 }
                        i += 2
                        continue
                    }
                    if d == c {
                        if !multi { i += 1; break }
                        if at(i + 1) == c, at(i + 2) == c {
                            i += 3
                            while at(i) == c { i += 1 }  // up to two quotes may end the content
                            break
                        }
                    }
                    i += 1
                }
                lineStart = false
                continue
            }
            if c == "[", lineStart, open.isEmpty {
                // A table header: the library's parse_key asserts unless a key starts here.
                var j = i + 1
                var spaced = false
                while let d = at(j), isHorizontalSpace(d) { j += 1; spaced = true }
                if at(j) == "[", !spaced {
                    j += 1
                    while let d = at(j), isHorizontalSpace(d) { j += 1 }
                }
                let next = at(j)
                guard let next, next == "]" || isKeyStart(next) else {
                    return (line, "a table header needs a name after '[' (like [array] or [[volumes]]), found \(describe(next))")
                }
                lineStart = false
                headerLine = true
                i = j
                continue
            }
            // Line breaks TOML knows nothing of: an array element starting with one asserts in the
            // library's parse_value; outside strings and comments they are never valid.
            if c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" {
                return (line, "holds \(describe(c)), a line break TOML does not allow outside strings")
            }
            // A date followed by `T` promises a time: the library's parse_time asserts that a digit
            // comes next (`2026-11-21T!` aborted; found by fuzzing).
            if isDigit(c) || c == "+" || c == "-", i == 0 || !isBareKeyScalar(s[i - 1]),
               let problem = dateTimeProblem(at: i) ?? spacedDateProblem(at: i) {
                return (line, problem)
            }
            if !headerLine {
                switch c {
                case "[", "{": open.append(c)
                case "]", "}":
                    // A closer of the other kind (`[1, }`) asserts in the library's parse_value;
                    // it is never valid TOML.
                    if let top = open.last, (top == "[") != (c == "]") {
                        return (line, "'\(Character(c))' closes '\(Character(top))' (an \(top == "[" ? "array needs ']'" : "inline table needs '}'"))")
                    }
                    _ = open.popLast()
                default: break
                }
            }
            lineStart = false
            i += 1
        }
        return nil
    }

    /// Parses TOML text that passed `check`; every problem is a `ScenarioError` with the file's line.
    public static func parse(_ text: String, file: String) throws -> TOMLTable {
        if let (line, message) = check(text) {
            throw ScenarioError(file: file, line: line, path: "syntax", message: message)
        }
        do {
            return try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ScenarioError(file: file, line: e.source.begin.line, path: "syntax", message: e.description)
        } catch {
            throw ScenarioError(file: file, line: nil, path: "syntax", message: "\(error)")
        }
    }
}

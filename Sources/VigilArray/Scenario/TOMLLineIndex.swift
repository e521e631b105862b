/// Maps key paths of a TOML text (`volumes[2].capacity`) to the 1-based line that sets them.
///
/// The TOML parser reports lines for syntax errors only, so errors about values — a size that is not
/// a size, an unknown key — find their line here. It understands what scenario files use: `[table]`,
/// `[[array.of.tables]]`, sub-tables of the last array element, `key = value`, dotted and quoted
/// keys, inline tables on one line, and values spanning lines.
public struct TOMLLineIndex: Sendable {
    private var lines: [String: Int] = [:]

    public init(text: String) {
        var prefix = ""
        var arrayCounts: [String: Int] = [:]
        var depth = 0  // open brackets of a value spanning lines
        for (n, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let lineNo = n + 1
            let line = Self.stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            if depth > 0 {
                depth += Self.bracketBalance(line)
                continue
            }
            if line.isEmpty { continue }
            if line.hasPrefix("[[") {
                let name = Self.normalize(String(line.dropFirst(2).prefix { $0 != "]" }))
                let resolved = Self.resolve(name, arrayCounts)
                arrayCounts[resolved, default: 0] += 1
                prefix = "\(resolved)[\(arrayCounts[resolved]! - 1)]"
                record(prefix, lineNo)
            } else if line.hasPrefix("[") {
                let name = Self.normalize(String(line.dropFirst().prefix { $0 != "]" }))
                prefix = Self.resolve(name, arrayCounts)
                record(prefix, lineNo)
            } else if let eq = Self.assignment(line) {
                let key = Self.normalize(String(line[..<eq]))
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                record(path, lineNo)
                let value = String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("{") {
                    // Inline table: record its keys on this line too.
                    for part in value.dropFirst().split(separator: ",") {
                        if let e = part.firstIndex(of: "=") {
                            record("\(path).\(Self.normalize(String(part[..<e])))", lineNo)
                        }
                    }
                }
                depth = max(0, Self.bracketBalance(value))
            }
        }
    }

    private mutating func record(_ path: String, _ line: Int) {
        if lines[path] == nil { lines[path] = line }
    }

    /// The line of `path`, or of its nearest recorded ancestor.
    public func line(of path: String) -> Int? {
        var p = path
        while !p.isEmpty {
            if let l = lines[p] { return l }
            if let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) { p = String(p[..<cut]) } else { break }
        }
        return nil
    }

    /// `[groups.rpo]` after `[[groups]]` names the last element's sub-table: `groups[N].rpo`.
    private static func resolve(_ name: String, _ counts: [String: Int]) -> String {
        var parts = name.split(separator: ".").map(String.init)
        var built = ""
        for i in parts.indices {
            built = built.isEmpty ? parts[i] : "\(built).\(parts[i])"
            if i < parts.count - 1, let c = counts[built] {
                parts[i] += "[\(c - 1)]"
                built += "[\(c - 1)]"
            }
        }
        return built
    }

    private static func normalize(_ key: String) -> String {
        key.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }.joined(separator: ".")
    }

    private static func assignment(_ line: String) -> String.Index? {
        var inQuote: Character?
        for i in line.indices {
            let c = line[i]
            if let q = inQuote { if c == q { inQuote = nil } } else if c == "\"" || c == "'" { inQuote = c } else if c == "=" { return i }
        }
        return nil
    }

    private static func stripComment(_ line: String) -> String {
        var inQuote: Character?
        for i in line.indices {
            let c = line[i]
            if let q = inQuote { if c == q { inQuote = nil } } else if c == "\"" || c == "'" { inQuote = c } else if c == "#" { return String(line[..<i]) }
        }
        return line
    }

    private static func bracketBalance(_ text: String) -> Int {
        var balance = 0
        var inQuote: Character?
        for c in stripComment(text) {
            if let q = inQuote { if c == q { inQuote = nil }; continue }
            switch c {
            case "\"", "'": inQuote = c
            case "[", "{": balance += 1
            case "]", "}": balance -= 1
            default: break
            }
        }
        return balance
    }
}

import Foundation

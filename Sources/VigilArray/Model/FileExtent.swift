/// One line of the file list a backup server sends (the specification's Fig. 12):
/// `group,file,lun,lba,blocks`, blocks of 512 bytes.
public struct FileEntry: Sendable, Codable, Equatable {
    public var group: String
    public var file: String
    /// The LUN number, or the volume's name.
    public var lun: String
    public var lba: Int64
    public var blocks: Int64

    public static let blockSize: Int64 = 512

    /// The largest block count an extent may end at: its last byte must be addressable in 64 bits.
    public static let blockLimit: Int64 = Int64.max / blockSize

    /// Parses the CSV (RFC 4180: a header line `group,file,lun,lba,blocks` is allowed, fields may be
    /// quoted with `"` and a quote inside one doubled, lines end in LF or CRLF; blank lines and
    /// lines starting with `#` are skipped). Errors name the line: a wrong column count, an empty
    /// group, file or LUN, a control character in a field, an address or count that is not a whole
    /// number or whose extent ends beyond 2^63 bytes, and a row that repeats an earlier one.
    public static func parseCSV(_ text: String, file: String) throws -> [FileEntry] {
        try parseCSVLines(text, file: file).map(\.entry)
    }

    /// `parseCSV` with each entry's line, for errors found later (an unknown LUN, an extent past
    /// the volume's end).
    static func parseCSVLines(_ text: String, file: String) throws -> [(entry: FileEntry, line: Int)] {
        var out: [(entry: FileEntry, line: Int)] = []
        var seen: [FileEntry: Int] = [:]
        var firstRecord = true
        for record in try CSVRecords.parse(text, file: file) {
            let n = record.line
            let cols = record.fields
            func fail(_ path: String, _ message: String) -> ScenarioError {
                ScenarioError(file: file, line: n, path: path, message: message)
            }
            defer { firstRecord = false }
            if firstRecord, !record.quoted[0], cols.first?.lowercased() == "group" { continue }
            guard cols.count == 5 else {
                throw fail("file list", "has \(cols.count) columns; expected group,file,lun,lba,blocks")
            }
            for (i, name) in ["group", "file", "lun"].enumerated() where cols[i].isEmpty {
                throw fail(name, "is empty")
            }
            guard let lba = Int64(cols[3]), lba >= 0 else {
                throw fail("lba", "\"\(cols[3])\" is not a block address (a whole number ≥ 0)")
            }
            guard let blocks = Int64(cols[4]), blocks > 0 else {
                throw fail("blocks", "\"\(cols[4])\" is not a block count (a whole number > 0)")
            }
            let (end, overflow) = lba.addingReportingOverflow(blocks)
            guard !overflow, end <= blockLimit else {
                throw fail("blocks", "the extent \(lba)+\(blocks) ends beyond the largest block address (\(blockLimit) blocks of \(blockSize) bytes)")
            }
            let entry = FileEntry(group: cols[0], file: cols[1], lun: cols[2], lba: lba, blocks: blocks)
            if let earlier = seen[entry] { throw fail("file list", "repeats line \(earlier)") }
            seen[entry] = n
            out.append((entry, n))
        }
        return out
    }

    /// Where the extent starts and ends in bytes, or nil when that does not fit in 64 bits (a
    /// parsed list never holds such an entry; a hand-built one may).
    public var byteRange: (start: Int64, end: Int64)? {
        guard lba >= 0, blocks > 0 else { return nil }
        let (end, o1) = lba.addingReportingOverflow(blocks)
        let (startByte, o2) = lba.multipliedReportingOverflow(by: Self.blockSize)
        let (endByte, o3) = end.multipliedReportingOverflow(by: Self.blockSize)
        return o1 || o2 || o3 ? nil : (startByte, endByte)
    }
}

extension FileEntry: Hashable {}

/// An RFC 4180 reader: records of comma-separated fields, each either bare (spaces and tabs
/// around it are dropped) or in double quotes (kept as written, `""` standing for one quote).
/// Records end at LF, CRLF or a lone CR; blank lines and lines whose first character is `#` are
/// skipped. A control character anywhere in a field — a NUL, an
/// escape, a line break inside quotes — is an error naming its line, as is text after a closing
/// quote or a quote left open.
enum CSVRecords {
    struct Record {
        var line: Int
        var fields: [String]
        /// Whether each field was quoted (a quoted `"group"` is data, not the header).
        var quoted: [Bool]
    }

    static func parse(_ text: String, file: String) throws -> [Record] {
        var records: [Record] = []
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }  // a byte-order mark some editors write
        var i = 0
        var line = 1
        func fail(_ message: String) -> ScenarioError { ScenarioError(file: file, line: line, path: "file list", message: message) }
        func describe(_ c: Unicode.Scalar) -> String { "U+" + String(c.value, radix: 16, uppercase: true).leftPadded(to: 4) }
        func isControl(_ c: Unicode.Scalar) -> Bool { c.value < 0x20 || (0x7F...0x9F).contains(c.value) || c.properties.generalCategory == .format }
        while i < scalars.count {
            let recordLine = line
            // A blank line, or a comment: `#` first on the line (a field starting with `#` is quoted).
            var j = i
            while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
            if j == scalars.count || scalars[j] == "#" || scalars[j] == "\n" || scalars[j] == "\r" {
                while j < scalars.count, scalars[j] != "\n", scalars[j] != "\r" { j += 1 }
                if j < scalars.count, scalars[j] == "\r" { j += 1 }
                if j < scalars.count, scalars[j] == "\n" { j += 1 }
                i = j
                line += 1
                continue
            }
            var fields: [String] = []
            var quoted: [Bool] = []
            var endOfRecord = false
            while !endOfRecord {
                // One field.
                var field = String.UnicodeScalarView()
                var wasQuoted = false
                while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
                if i < scalars.count, scalars[i] == "\"" {
                    wasQuoted = true
                    i += 1
                    while true {
                        guard i < scalars.count else { throw ScenarioError(file: file, line: recordLine, path: "file list", message: "a quoted field is never closed") }
                        let c = scalars[i]
                        if c == "\"" {
                            if i + 1 < scalars.count, scalars[i + 1] == "\"" { field.append("\""); i += 2; continue }
                            i += 1
                            break
                        }
                        if c == "\n" || c == "\r" { throw fail("a quoted field runs past the end of the line (a line break is not allowed in a field)") }
                        if isControl(c) { throw fail("a field holds the control character \(describe(c))") }
                        field.append(c)
                        i += 1
                    }
                    while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
                    if i < scalars.count, !",\r\n".unicodeScalars.contains(scalars[i]) {
                        throw fail("text after a closing quote (a quote inside a quoted field is written \"\")")
                    }
                } else {
                    while i < scalars.count, scalars[i] != ",", scalars[i] != "\n", scalars[i] != "\r" {
                        let c = scalars[i]
                        if c == "\"" { throw fail("a quote inside a bare field (quote the whole field, doubling the quote)") }
                        if isControl(c), c != "\t" { throw fail("a field holds the control character \(describe(c))") }
                        field.append(c)
                        i += 1
                    }
                    while let last = field.last, last == " " || last == "\t" { field.removeLast() }
                    if field.contains("\t") { throw fail("a field holds the control character U+0009") }
                }
                fields.append(String(field))
                quoted.append(wasQuoted)
                if i < scalars.count, scalars[i] == "," { i += 1; continue }
                // End of line or of text.
                if i < scalars.count, scalars[i] == "\r" { i += 1 }
                if i < scalars.count, scalars[i] == "\n" { i += 1 }
                line += 1
                endOfRecord = true
            }
            records.append(Record(line: recordLine, fields: fields, quoted: quoted))
        }
        return records
    }
}

/// Where a piece of a file group's virtual volume lives on a real volume (in granules).
struct ExtentMapping: Sendable, Codable, Equatable {
    var fileGroup: Int
    var start: Int
    var end: Int
    var virtualStart: Int
}

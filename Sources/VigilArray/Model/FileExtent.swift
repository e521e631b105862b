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

    /// Parses the CSV (a header line `group,file,lun,lba,blocks` is allowed). Errors name the line.
    public static func parseCSV(_ text: String, file: String) throws -> [FileEntry] {
        var out: [FileEntry] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cols = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if n == 0, cols.first?.lowercased() == "group" { continue }
            guard cols.count == 5 else {
                throw ScenarioError(file: file, line: n + 1, path: "file list", message: "has \(cols.count) columns; expected group,file,lun,lba,blocks")
            }
            guard !cols[0].isEmpty else { throw ScenarioError(file: file, line: n + 1, path: "group", message: "is empty") }
            guard let lba = Int64(cols[3]), lba >= 0 else {
                throw ScenarioError(file: file, line: n + 1, path: "lba", message: "\"\(cols[3])\" is not a block address (a whole number ≥ 0)")
            }
            guard let blocks = Int64(cols[4]), blocks > 0 else {
                throw ScenarioError(file: file, line: n + 1, path: "blocks", message: "\"\(cols[4])\" is not a block count (a whole number > 0)")
            }
            out.append(FileEntry(group: cols[0], file: cols[1], lun: cols[2], lba: lba, blocks: blocks))
        }
        return out
    }
}

/// Where a piece of a file group's virtual volume lives on a real volume (in granules).
struct ExtentMapping: Sendable, Codable, Equatable {
    var fileGroup: Int
    var start: Int
    var end: Int
    var virtualStart: Int
}

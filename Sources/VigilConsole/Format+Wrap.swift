extension Format {
    /// Breaks `text` into lines of at most `width` columns at spaces; a word longer than a line is
    /// cut across lines rather than lost. Continuation lines start with `indent`.
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        guard width > indent.count else { return [text] }
        var lines: [String] = []
        var line = ""
        func room() -> Int { lines.isEmpty ? width : width - indent.count }
        func flush() {
            lines.append((lines.isEmpty ? "" : indent) + line)
            line = ""
        }
        for word in text.split(separator: " ") {
            var word = Substring(word)
            if !line.isEmpty {
                if line.count + 1 + word.count <= room() {
                    line += " " + word
                    continue
                }
                flush()
            }
            while word.count > room() {
                line = String(word.prefix(room()))
                word = word.dropFirst(line.count)
                flush()
            }
            line = String(word)
        }
        if !line.isEmpty || lines.isEmpty { flush() }
        return lines
    }
}

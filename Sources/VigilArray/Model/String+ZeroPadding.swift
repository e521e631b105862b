extension String {
    /// The string with zeros in front up to `width` characters (unchanged when it is as long):
    /// hex digests and code points (`U+001B`) are written at a fixed width.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

import SOPCore

/// A file's text split into lines of Unicode scalars (the unit of `SourceLocation.column`), for code frames.
struct SourceLines {
    private let lines: [Substring.UnicodeScalarView]

    init(_ text: String) {
        // Split where YAML ends lines (LF, CR LF, lone CR: `LineBreaks`), so a frame shows the line a
        // diagnostic's line number names whatever line ends the file uses.
        lines = LineBreaks.lines(text)
    }

    /// The 1-based line `number`, or `nil` when the file has no such line.
    func line(_ number: Int) -> Substring.UnicodeScalarView? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}

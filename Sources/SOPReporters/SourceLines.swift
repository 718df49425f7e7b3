/// A file's text split into lines of Unicode scalars (the unit of `SourceLocation.column`), for code frames.
struct SourceLines {
    private let lines: [Substring.UnicodeScalarView]

    init(_ text: String) {
        // By scalars, not Characters: "\r\n" is one Character and would never equal "\n". A CR before the
        // LF is dropped so CRLF files frame like LF files.
        lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.last == "\r" ? $0.dropLast() : $0
        }
    }

    /// The 1-based line `number`, or `nil` when the file has no such line.
    func line(_ number: Int) -> Substring.UnicodeScalarView? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}

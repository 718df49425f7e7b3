import SOPCore

/// A file's text with an index of line starts, for turning positions into byte offsets and for mapping
/// offsets inside a scalar back to the file.
public struct SourceText: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset of the start of each line (0-based line index).
    public let lineStarts: [Int]
    /// Whether every byte is ASCII: then a column in Unicode scalars is a column in bytes, and a position
    /// is found from its line's start without walking the line.
    package let isASCII: Bool

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        // Lines end where YAML ends them: LF, CR LF or a lone CR (`LineBreaks`).
        self.lineStarts = bytes.withUnsafeBufferPointer(LineBreaks.lineStarts)
        self.isASCII = bytes.withUnsafeBufferPointer(CanonicalText.isASCII)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The location at a 0-based line and a 0-based column in Unicode scalars (libyaml's marks).
    public func location(line: Int, column: Int) -> SourceLocation {
        guard line >= 0, line < lineStarts.count else {
            return SourceLocation(line: line + 1, column: column + 1, offset: bytes.count)
        }
        if isASCII, let bounds = lineBounds(line) {
            return Self.asciiLocation(line: line, column: column, bounds: bounds)
        }
        var offset = lineStarts[line]
        var remaining = column
        while remaining > 0, offset < bytes.count, !LineBreaks.isBreak(bytes[offset]) {
            offset += Self.scalarLength(bytes[offset])
            remaining -= 1
        }
        return SourceLocation(line: line + 1, column: column + 1, offset: min(offset, bytes.count))
    }

    /// The location `count` Unicode scalars after `location` on the same line.
    /// The location of a byte offset (clamped to the text): the inverse of `location(line:column:)`.
    public func location(atOffset offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = 1, i = lineStarts[low]
        while i < offset {
            i += Self.scalarLength(bytes[i])
            column += 1
        }
        return SourceLocation(line: low + 1, column: column, offset: offset)
    }

    public func advance(_ location: SourceLocation, by count: Int) -> SourceLocation {
        if isASCII, location.line >= 1, location.line <= lineStarts.count, location.offset <= bytes.count {
            let offset = max(location.offset, min(location.offset + max(count, 0), contentEnd(location.line - 1)))
            return SourceLocation(line: location.line, column: location.column + (offset - location.offset), offset: offset)
        }
        var offset = location.offset
        var column = location.column
        var remaining = count
        while remaining > 0, offset < bytes.count, !LineBreaks.isBreak(bytes[offset]) {
            offset += Self.scalarLength(bytes[offset])
            column += 1
            remaining -= 1
        }
        return SourceLocation(line: location.line, column: column, offset: min(offset, bytes.count))
    }

    /// The Unicode scalars between two locations, as written in the file.
    public func scalars(from start: SourceLocation, to end: SourceLocation) -> [Unicode.Scalar] {
        guard start.offset <= end.offset, end.offset <= bytes.count else { return [] }
        return Array(String(decoding: bytes[start.offset..<end.offset], as: UTF8.self).unicodeScalars)
    }

    /// In an ASCII file, the location at a 0-based line and column, given the line's bounds: a column is
    /// a count of bytes, kept within the line's text as walking the line would.
    package static func asciiLocation(line: Int, column: Int, bounds: (start: Int, end: Int)) -> SourceLocation {
        SourceLocation(line: line + 1, column: column + 1, offset: min(bounds.start + max(column, 0), bounds.end))
    }

    /// The byte offsets where a 0-based line starts and where its text ends (at its line break, or the end
    /// of the file on the last line); nil past the last line.
    package func lineBounds(_ line: Int) -> (start: Int, end: Int)? {
        guard line >= 0, line < lineStarts.count else { return nil }
        return (lineStarts[line], contentEnd(line))
    }

    /// Where the text of a 0-based line ends: its line break, or the end of the file on the last line.
    private func contentEnd(_ line: Int) -> Int {
        guard line + 1 < lineStarts.count else { return bytes.count }
        let next = lineStarts[line + 1]
        // The break is the byte before the next line, or two for a CR LF.
        return next >= 2 && bytes[next - 1] == 0x0A && bytes[next - 2] == 0x0D && next - 2 >= lineStarts[line] ? next - 2 : next - 1
    }

    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}

import SOPCore

/// A file's text with an index of line starts, for turning positions into byte offsets and for mapping
/// offsets inside a scalar back to the file.
public struct SourceText: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// Byte offset of the start of each line (0-based line index).
    public let lineStarts: [Int]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        // Lines end where YAML ends them: LF, CR LF or a lone CR (`LineBreaks`).
        self.lineStarts = bytes.withUnsafeBufferPointer(LineBreaks.lineStarts)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The location at a 0-based line and a 0-based column in Unicode scalars (libyaml's marks).
    public func location(line: Int, column: Int) -> SourceLocation {
        guard line >= 0, line < lineStarts.count else {
            return SourceLocation(line: line + 1, column: column + 1, offset: bytes.count)
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

    private static func scalarLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }
}

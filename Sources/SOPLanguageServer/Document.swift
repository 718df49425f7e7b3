import Foundation
import LanguageServerProtocol
import SOPCompiler
import SOPCore
import SOPSyntax

/// A file's text with its line index, and conversions between LSP positions and sopc's byte offsets.
///
/// sopc locations carry a UTF-8 byte offset and a column in Unicode scalars; LSP counts characters in
/// the negotiated encoding (UTF-16 by default). Every conversion goes through the byte offset and the
/// line's own text, so a line with emoji or accents maps exactly in either direction.
struct DocumentText: Sendable {
    let source: SourceText

    init(path: String, bytes: [UInt8]) {
        source = SourceText(path: path, bytes: bytes)
    }

    init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    var bytes: [UInt8] { source.bytes }
    var lineCount: Int { source.lineStarts.count }

    /// The 0-based line holding the byte at `offset`.
    func line(ofOffset offset: Int) -> Int {
        let starts = source.lineStarts
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The end of a line's content (before its `\r\n` or `\n`).
    func lineEnd(_ line: Int) -> Int {
        var end = line + 1 < source.lineStarts.count ? source.lineStarts[line + 1] - 1 : bytes.count
        if end > source.lineStarts[line], end - 1 < bytes.count, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return max(end, source.lineStarts[line])
    }

    /// The LSP position of a byte offset (clamped into the file).
    func position(ofOffset rawOffset: Int, encoding: PositionEncoding) -> Position {
        let offset = min(max(rawOffset, 0), bytes.count)
        let line = line(ofOffset: offset)
        let start = source.lineStarts[line]
        var character = 0
        for scalar in String(decoding: bytes[start..<offset], as: UTF8.self).unicodeScalars {
            character += encoding.width(of: scalar)
        }
        return Position(line: line, character: character)
    }

    /// The byte offset of an LSP position; a position past the end of its line is the line's end, past the
    /// last line is the end of the file (LSP asks servers to treat both so).
    func offset(of position: Position, encoding: PositionEncoding) -> Int {
        guard position.line < source.lineStarts.count else { return bytes.count }
        let start = source.lineStarts[position.line]
        let end = lineEnd(position.line)
        var remaining = position.character
        var offset = start
        for scalar in String(decoding: bytes[start..<end], as: UTF8.self).unicodeScalars {
            if remaining <= 0 { break }
            let width = encoding.width(of: scalar)
            if width > remaining { break }  // inside a surrogate pair: stay before the scalar
            remaining -= width
            offset += UTF8.width(scalar)
        }
        return min(offset, end)
    }

    func range(_ range: SourceRange, encoding: PositionEncoding) -> LanguageServerProtocol.Range {
        Range(start: position(ofOffset: range.start.offset, encoding: encoding), end: position(ofOffset: range.end.offset, encoding: encoding))
    }

    /// The text with `range` replaced by `text` (an incremental `didChange`).
    func replacing(_ range: LanguageServerProtocol.Range, with text: String, encoding: PositionEncoding) -> DocumentText {
        let lower = offset(of: range.start, encoding: encoding)
        let upper = max(lower, offset(of: range.end, encoding: encoding))
        var bytes = self.bytes
        bytes.replaceSubrange(lower..<upper, with: Array(text.utf8))
        return DocumentText(path: source.path, bytes: bytes)
    }

    /// The text of line `line` up to `offset`.
    func linePrefix(upTo offset: Int) -> String {
        let start = source.lineStarts[line(ofOffset: offset)]
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    /// The number of leading spaces of a line and its first other byte (`nil` for a blank line).
    func indentation(ofLine line: Int) -> (Int, UInt8?) {
        var i = source.lineStarts[line]
        let end = lineEnd(line)
        while i < end, bytes[i] == UInt8(ascii: " ") { i += 1 }
        return (i - source.lineStarts[line], i < end ? bytes[i] : nil)
    }

    func lineText(_ line: Int) -> String {
        guard line >= 0, line < lineCount else { return "" }
        return String(decoding: bytes[source.lineStarts[line]..<lineEnd(line)], as: UTF8.self)
    }
}

/// A document the editor has open.
struct OpenDocument: Sendable {
    var uri: String
    var path: String
    var version: Int
    var text: DocumentText
}

/// `file://` URIs to paths and back.
enum FileURI {
    static func path(_ uri: String) -> String? {
        guard let url = URL(string: uri), url.isFileURL else { return nil }
        let path = url.path
        return path.isEmpty ? nil : Paths.normalize(path)
    }

    static func uri(_ path: String) -> String {
        URL(fileURLWithPath: path).absoluteString
    }
}

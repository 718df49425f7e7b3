#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one rule for where a line ends in a file sopc reads: at LF, at CR LF, or at a CR not followed by
/// LF (old Mac line ends). It is YAML's rule, so libyaml's line numbers, the positions sopc computes from
/// byte offsets and the lines code frames show all agree, whatever line ends a file uses.
package enum LineBreaks {
    /// The byte offset where each line starts (the first is 0).
    package static func lineStarts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts = [0]
        var i = 0
        while let last = next(in: bytes, from: i) {
            starts.append(last + 1)
            i = last + 1
        }
        return starts
    }

    /// The first line break at or after `start`: the index of its last byte (the LF of a CR LF), so the
    /// next line starts one past it; `nil` when the rest of `bytes` holds none. A CR that is the buffer's
    /// last byte is a line break; a reader that may still get an LF after it leaves that CR out.
    @inline(__always)
    package static func next(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count else { return nil }
        let n = bytes.count
        // Most text has no CR: two memchr scans are the fast path.
        let lf = memchr(base + start, 0x0A, n - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
        let limit = lf ?? n
        guard let cr = memchr(base + start, 0x0D, limit - start) else { return lf }
        let c = base.distance(to: cr.assumingMemoryBound(to: UInt8.self))
        return c + 1 == lf ? c + 1 : c
    }

    /// Where the last complete line of `bytes` ends (one past its line break), `nil` without one: the cut
    /// `next(in:from:)` gives last. A reader that may still get an LF after a final CR leaves the CR out.
    package static func lastCut(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = bytes.count - 1
        while i >= 0 && !isBreak(bytes[i]) { i -= 1 }
        return i >= 0 ? i + 1 : nil
    }

    /// How many line breaks `bytes` holds (a CR LF is one).
    package static func count(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        var i = 0
        while let last = next(in: bytes, from: i) {
            n += 1
            i = last + 1
        }
        return n
    }

    /// The 0-based line and the 1-based column, in Unicode scalars, of byte `offset` in `bytes` (which
    /// start a line). Every byte that is not a UTF-8 continuation byte counts as one column.
    package static func position(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 0
        var lineStart = 0
        while let last = next(in: bytes, from: lineStart), last < offset {
            line += 1
            lineStart = last + 1
        }
        var column = 1
        for k in lineStart..<offset where bytes[k] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    /// Whether the byte ends a line's text (an LF, or the CR of a CR or CR LF).
    @inline(__always)
    package static func isBreak(_ byte: UInt8) -> Bool { byte == 0x0A || byte == 0x0D }

    /// The lines of `text` without their line ends.
    package static func lines(_ text: String) -> [Substring.UnicodeScalarView] {
        var result: [Substring.UnicodeScalarView] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\n" || c == "\r" {
                result.append(scalars[start..<i])
                var next = scalars.index(after: i)
                if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                i = next
            } else {
                i = scalars.index(after: i)
            }
        }
        result.append(scalars[start..<scalars.endIndex])
        return result
    }
}

/// The one rule for where a line ends in a file sopc reads: at LF, at CR LF, or at a CR not followed by
/// LF (old Mac line ends). It is YAML's rule, so libyaml's line numbers, the positions sopc computes from
/// byte offsets and the lines code frames show all agree, whatever line ends a file uses.
package enum LineBreaks {
    /// The byte offset where each line starts (the first is 0).
    package static func lineStarts(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var starts = [0]
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                starts.append(i + 1)
            } else if b == 0x0D {
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        return starts
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

/// Text placed in terminal (plain text) output: the one rule for showing user text so it cannot act on
/// the terminal.
///
/// Ids, titles, values, labels and labeler names come from YAML files and sample files someone else
/// wrote. Printed raw, an ESC starts an escape sequence (move the cursor, rewrite earlier lines, change
/// the window title), CR returns to the start of the line and overwrites it, BEL rings, and the Unicode
/// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, and the marks U+200E, U+200F,
/// U+061C) reorder what follows so a line reads differently from what it says. Every text renderer passes
/// user text through `escape`, which shows such characters as visible escapes: `\e`, `\r`, `\n`, `\t`,
/// `\u{7}`, `\u{202E}`. Code frames, whose columns must line up with a caret, replace each one by a
/// single U+FFFD instead (`isHazard` is the shared test).
package enum TerminalText {
    /// Whether `scalar` can move the cursor, change the terminal's state or reorder the text around it:
    /// C0 controls, DEL, C1 controls, bidi overrides, isolates and marks.
    @inline(__always)
    package static func isHazard(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// `s` with every hazardous character shown as a visible escape. With `keepingLayout`, line breaks and
    /// tabs are kept (for a whole rendered report, whose own layout uses them); a field's text is escaped
    /// without it, so a line break in an id cannot fake a report line.
    package static func escape(_ s: String, keepingLayout: Bool = false) -> String {
        guard s.unicodeScalars.contains(where: isHazard) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            guard isHazard(c), !(keepingLayout && (c == "\n" || c == "\t")) else {
                out.append(c)
                continue
            }
            let text: String
            switch c {
            case "\n": text = "\\n"
            case "\r": text = "\\r"
            case "\t": text = "\\t"
            case "\u{1B}": text = "\\e"
            default: text = "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
            }
            out.append(contentsOf: text.unicodeScalars)
        }
        return String(out)
    }
}

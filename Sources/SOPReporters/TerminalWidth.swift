import SOPCore

/// How many terminal columns a source character takes, so carets line up under what a person sees.
///
/// Tabs expand to a fixed four columns (as rustc does), since where a terminal's tab stops fall depends on
/// the gutter; East Asian wide characters and emoji take two; combining marks and format characters none.
enum TerminalWidth {
    static let tab = 4

    /// The columns `scalar` occupies once displayed through `display(_:)`.
    static func of(_ scalar: Unicode.Scalar) -> Int {
        if scalar == "\t" { return tab }
        if isControl(scalar) { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(scalar) ? 2 : 1
    }

    /// The columns a run of scalars occupies.
    static func of<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> Int {
        scalars.reduce(0) { $0 + of($1) }
    }

    /// The line as it is printed: tabs expanded, control characters and bidi controls shown as U+FFFD so
    /// they cannot move the cursor, change the terminal's state or reorder the line.
    static func display<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> String {
        var out = String.UnicodeScalarView()
        for scalar in scalars {
            if scalar == "\t" {
                out.append(contentsOf: String(repeating: " ", count: tab).unicodeScalars)
            } else if isControl(scalar) {
                out.append("\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Shown as one U+FFFD: `TerminalText`'s hazards (controls, bidi overrides, isolates and marks).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool { TerminalText.isHazard(scalar) }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isEmojiPresentation { return true }
        let v = scalar.value
        // East Asian Wide and Fullwidth blocks (Unicode Standard Annex #11), coarsely.
        return (0x1100...0x115F).contains(v)
            || (0x2E80...0x303E).contains(v)
            || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v)
            || (0x4E00...0x9FFF).contains(v)
            || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v)
            || (0x20000...0x3FFFD).contains(v)
    }
}

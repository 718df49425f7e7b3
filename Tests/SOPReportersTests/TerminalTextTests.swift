import SOPCore
import Testing

/// The one rule for user text in terminal output.
@Suite struct TerminalTextTests {
    @Test func hazardsAreShownVisibly() {
        #expect(TerminalText.escape("a\u{1B}[2Jb") == #"a\e[2Jb"#)
        #expect(TerminalText.escape("x\ry\u{7}") == #"x\ry\u{7}"#)
        #expect(TerminalText.escape("l\nt\t") == #"l\nt\t"#)
        #expect(TerminalText.escape("l\nt\t", keepingLayout: true) == "l\nt\t")
        #expect(TerminalText.escape("\u{202E}abc\u{2066}\u{2069}\u{200F}\u{061C}") == #"\u{202E}abc\u{2066}\u{2069}\u{200F}\u{61C}"#)
        #expect(TerminalText.escape("del\u{7F} c1\u{9B}") == #"del\u{7F} c1\u{9B}"#)
        // Ordinary text, accents, emoji and joiners are left alone.
        #expect(TerminalText.escape("café 😀 a\u{200D}b ≥") == "café 😀 a\u{200D}b ≥")
    }

    @Test func everyHazardIsCaught() {
        for v in Array(0..<0x20) + Array(0x7F...0x9F) + Array(0x202A...0x202E) + Array(0x2066...0x2069) + [0x200E, 0x200F, 0x061C] {
            let s = "a" + String(Unicode.Scalar(UInt32(v))!) + "b"
            let escaped = TerminalText.escape(s)
            #expect(!escaped.unicodeScalars.contains { TerminalText.isHazard($0) }, "U+\(String(v, radix: 16))")
        }
    }
}

/// Code frames split lines where YAML does, so a CR-only file frames the line a diagnostic names.
@Suite struct LineBreakTests {
    @Test func everyLineEndSplits() {
        #expect(LineBreaks.lines("a\rb\r\nc\nd").map { String($0) } == ["a", "b", "c", "d"])
        #expect(LineBreaks.lines("a\n\r\nb\r").map { String($0) } == ["a", "", "b", ""])
        let bytes = Array("a\rb\r\nc\nd".utf8)
        #expect(bytes.withUnsafeBufferPointer(LineBreaks.lineStarts) == [0, 2, 5, 7])
    }
}

import SOPCore
import SOPReporters
import Testing

/// Code frames: caret placement, odd positions, and the summary line.
@Suite struct TextReporterTests {
    static let file = "t.sop.yaml"

    static func location(_ line: Int, _ column: Int) -> SOPCore.SourceLocation {
        SOPCore.SourceLocation(line: line, column: column, offset: 0)
    }

    static func render(_ text: String, from start: (Int, Int), to end: (Int, Int), severity: Severity = .error, color: Bool = false) -> String {
        let span = SourceSpan(file: file, range: SourceRange(start: location(start.0, start.1), end: location(end.0, end.1)))
        let d = Diagnostic(.syntaxError, severity: severity, at: span, "bad")
        return TextReporter(color: color).render(CheckReport(diagnostics: [d], fileCount: 1, sources: [file: text], toolVersion: "0"))
    }

    /// The frame's lines: everything between the header and the blank line that ends the block.
    static func frame(_ output: String) -> [String] {
        Array(output.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix { !$0.isEmpty }.map(String.init))
    }

    @Test func caretSpansTheRange() {
        let frame = Self.frame(Self.render("a: 1\nbb: two\n", from: (2, 5), to: (2, 8)))
        #expect(frame == ["  |", "2 | bb: two", "  |     ^^^"])
    }

    @Test func tabsExpandInTextAndCaretIndent() {
        let frame = Self.frame(Self.render("k:\tvalue", from: (1, 4), to: (1, 9)))
        #expect(frame == ["  |", "1 | k:    value", "  |       ^^^^^"])
    }

    @Test func aTabInsideTheRangeWidensTheCaret() {
        let frame = Self.frame(Self.render("\tx", from: (1, 1), to: (1, 2)))
        #expect(frame == ["  |", "1 |     x", "  | ^^^^"])
    }

    @Test func wideCharactersTakeTwoColumns() {
        // `確認` is two scalars and four terminal columns; `é` (precomposed) is one column.
        let frame = Self.frame(Self.render("q: 確認 é ok", from: (1, 7), to: (1, 11)))
        #expect(frame == ["  |", "1 | q: 確認 é ok", "  |         ^^^^"])
    }

    @Test func combiningMarksTakeNoColumn() {
        // `e` + U+0301 is two scalars shown as one column.
        let frame = Self.frame(Self.render("e\u{301}x: 1", from: (1, 3), to: (1, 4)))
        #expect(frame == ["  |", "1 | e\u{301}x: 1", "  |  ^"])
    }

    @Test func emptyRangeGetsOneCaret() {
        let frame = Self.frame(Self.render("key: value", from: (1, 6), to: (1, 6)))
        #expect(frame == ["  |", "1 | key: value", "  |      ^"])
    }

    @Test func multiLineRangeUnderlinesToTheEndOfItsFirstLine() {
        let frame = Self.frame(Self.render("a: [1,\n  2]\n", from: (1, 4), to: (2, 5)))
        #expect(frame == ["  |", "1 | a: [1,", "  |    ^^^"])
    }

    @Test func columnPastTheEndOfTheLineClampsAfterIt() {
        let frame = Self.frame(Self.render("abc\n", from: (1, 40), to: (1, 45)))
        #expect(frame == ["  |", "1 | abc", "  |    ^"])
    }

    @Test func endBeforeStartStillRendersOneCaret() {
        let frame = Self.frame(Self.render("abcdef", from: (1, 4), to: (1, 2)))
        #expect(frame == ["  |", "1 | abcdef", "  |    ^"])
    }

    @Test func emptyLastLineOfAFile() {
        // A parser reports end-of-stream errors on the line after the last newline.
        let frame = Self.frame(Self.render("a: 1\n", from: (2, 1), to: (2, 1)))
        #expect(frame == ["  |", "2 |", "  | ^"])
    }

    @Test func missingLineOrMissingTextLeavesOnlyTheHeader() {
        let past = Self.render("a: 1\n", from: (9, 1), to: (9, 2))
        #expect(past == "t.sop.yaml:9:1: error[syntax-error]: bad\n\n1 error in 1 file\n")
        let zero = Self.render("a: 1\n", from: (0, 0), to: (0, 0))
        #expect(zero == "t.sop.yaml:0:0: error[syntax-error]: bad\n\n1 error in 1 file\n")

        let d = Diagnostic(.importError, at: SourceSpan(file: "gone.sop.yaml", range: .fileStart), "cannot read `gone.sop.yaml`", help: "check the path")
        let output = TextReporter().render(CheckReport(diagnostics: [d], fileCount: 1, toolVersion: "0"))
        #expect(output == "gone.sop.yaml:1:1: error[import-error]: cannot read `gone.sop.yaml`\n  = help: check the path\n\n1 error in 1 file\n")
    }

    @Test func crlfLinesFrameWithoutTheCarriageReturn() {
        let frame = Self.frame(Self.render("a: 1\r\nbb: 2\r\n", from: (2, 1), to: (2, 3)))
        #expect(frame == ["  |", "2 | bb: 2", "  | ^^"])
    }

    @Test func controlCharactersAreNotPrintedRaw() {
        let output = Self.render("a: \u{1B}[2Jx", from: (1, 8), to: (1, 9))
        #expect(!output.contains("\u{1B}"))
        #expect(Self.frame(output) == ["  |", "1 | a: \u{FFFD}[2Jx", "  |        ^"])
    }

    @Test func gutterFitsTheWidestLineNumberOfTheBlock() {
        let text = (1...120).map { "line\($0): x" }.joined(separator: "\n")
        let d = Diagnostic(
            .duplicateKey, at: SourceSpan(file: Self.file, range: SourceRange(start: Self.location(120, 1), end: Self.location(120, 8))),
            "duplicate key `line120`",
            notes: [Note("first written here", at: SourceSpan(file: Self.file, range: SourceRange(start: Self.location(7, 1), end: Self.location(7, 6))))],
            help: "remove one\nof them")
        let output = TextReporter().render(CheckReport(diagnostics: [d], fileCount: 1, sources: [Self.file: text], toolVersion: "0"))
        #expect(output == """
            t.sop.yaml:120:1: error[duplicate-key]: duplicate key `line120`
                |
            120 | line120: x
                | ^^^^^^^
                = help: remove one
                        of them
            t.sop.yaml:7:1: note: first written here
                |
              7 | line7: x
                | ^^^^^

            1 error in 1 file

            """)
    }

    @Test func summaryCountsErrorsWarningsAndFiles() {
        func summary(errors: Int, warnings: Int, files: Int) -> String {
            let span = SourceSpan(file: "f", range: .fileStart)
            let ds = Array(repeating: Diagnostic(.cycle, at: span, "e"), count: errors)
                + Array(repeating: Diagnostic(.deadBranch, at: span, "w"), count: warnings)
            return CheckReport(diagnostics: ds, fileCount: files, toolVersion: "0").summaryLine
        }
        #expect(summary(errors: 0, warnings: 0, files: 1) == "no problems in 1 file")
        #expect(summary(errors: 0, warnings: 0, files: 3) == "no problems in 3 files")
        #expect(summary(errors: 1, warnings: 0, files: 1) == "1 error in 1 file")
        #expect(summary(errors: 0, warnings: 2, files: 2) == "2 warnings in 2 files")
        #expect(summary(errors: 2, warnings: 1, files: 3) == "2 errors, 1 warning in 3 files")
    }

    @Test func severityOverridesTheCodeDefault() {
        let span = SourceSpan(file: "f", range: .fileStart)
        let report = CheckReport(diagnostics: [Diagnostic(.deadBranch, severity: .error, at: span, "x")], fileCount: 1, toolVersion: "0")
        #expect(report.errorCount == 1 && report.warningCount == 0)
        #expect(TextReporter().render(report).hasPrefix("f:1:1: error[dead-branch]: x\n"))
    }

    @Test func colorOnlyWhenAsked() {
        let plain = Self.render("abc", from: (1, 1), to: (1, 2), severity: .warning)
        #expect(!plain.contains("\u{1B}["))
        let colored = Self.render("abc", from: (1, 1), to: (1, 2), severity: .warning, color: true)
        #expect(colored.contains("\u{1B}[1;33mwarning[syntax-error]\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[1;33m^\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[36m  |\u{1B}[0m"))
        // Stripping the escapes gives back exactly the uncolored text.
        #expect(colored.replacing(/\u{1B}\[[0-9;]*m/, with: "") == plain)
    }
}

extension TextReporterTests {
    @Test("a very long line is cut to a window around the span, marked with an ellipsis")
    func longLinesAreWindowed() {
        let line = String(repeating: "x", count: 5000) + "TARGET" + String(repeating: "y", count: 5000)
        let start = SourceLocation(line: 1, column: 5001, offset: 5000)
        let end = SourceLocation(line: 1, column: 5007, offset: 5006)
        let d = Diagnostic(.syntaxError, at: SourceSpan(file: "long.sop.yaml", range: SourceRange(start: start, end: end)), "here")
        let out = TextReporter(color: false).render(CheckReport(diagnostics: [d], fileCount: 1, sources: ["long.sop.yaml": line], toolVersion: "test"))
        let lines = out.split(separator: "\n").map(String.init)
        let source = lines[2], carets = lines[3]
        #expect(source.count < 200)
        #expect(source.contains("…xxx") && source.contains("TARGET") && source.hasSuffix("yyy…"))
        let caretStart = carets.firstIndex(of: "^").map { carets.distance(from: carets.startIndex, to: $0) }
        let targetStart = source.range(of: "TARGET").map { source.distance(from: source.startIndex, to: $0.lowerBound) }
        #expect(caretStart == targetStart)
        #expect(carets.filter { $0 == "^" }.count == 6)
    }
}

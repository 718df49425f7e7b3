import SOPCore

/// Compiler-style output for people: a header per finding, the source line with a caret underline, notes,
/// help and witness, then a summary line.
///
/// ```
/// trees/x.sop.yaml:12:11: error[undefined-reference]: `esclate` is not a node or outcome
///    |
/// 12 |     then: esclate
///    |           ^^^^^^^
///    = help: did you mean `escalate`?
/// ```
public struct TextReporter: Reporter {
    public static let identifier = "text"

    /// Whether to emit ANSI colors; the caller decides (terminal, `--color`, `NO_COLOR`).
    public var color: Bool

    /// Creates a text reporter, with ANSI colors when `color` is true.
    public init(color: Bool = false) {
        self.color = color
    }

    /// Renders every diagnostic in order, each followed by a blank line, then the summary.
    public func render(_ report: CheckReport) -> String {
        var renderer = Renderer(style: Style(enabled: color), sources: report.sources)
        var out = ""
        for diagnostic in report.diagnostics {
            renderer.write(diagnostic, to: &out)
            out += "\n"
        }
        if report.coverage.isPartial { out += report.coverage.line + "\n" }
        out += renderer.style.bold(report.summaryLine) + "\n"
        return out
    }
}

// MARK: - Rendering

extension TextReporter {
    /// Renders diagnostics, keeping each file's lines once split.
    struct Renderer {
        let style: Style
        let sources: [String: String]
        private var lines: [String: SourceLines] = [:]

        init(style: Style, sources: [String: String]) {
            self.style = style
            self.sources = sources
        }

        mutating func write(_ d: Diagnostic, to out: inout String) {
            let located = d.notes.compactMap { note in note.span.map { (note.message, $0) } }
            // One gutter width for the whole block, so every `|` and `=` lines up.
            let lineNumbers = [d.span] + located.map(\.1)
            let gutter = lineNumbers.map { String(max(0, $0.range.start.line)).count }.max() ?? 1

            let label = "\(d.severity.rawValue)[\(d.code.id)]" + (d.acceptedByBaseline ? " (in the baseline)" : d.isAllowed ? " (allowed)" : "")
            out += style.bold("\(Self.position(d.span)):") + " "
                + style.severity(d.severity, label) + style.bold(": " + TerminalText.escape(d.message, keepingLayout: true)) + "\n"
            writeFrame(d.span, gutter: gutter, severity: d.severity, to: &out)

            for note in d.notes where note.span == nil {
                writeTrailer("note", TerminalText.escape(note.message, keepingLayout: true), gutter: gutter, to: &out)
            }
            if let help = d.help {
                writeTrailer("help", TerminalText.escape(help, keepingLayout: true), gutter: gutter, to: &out)
            }
            if let witness = d.witness {
                writeTrailer("witness", TerminalText.escape(witness.description, keepingLayout: true), gutter: gutter, to: &out)
                if !witness.pathText.isEmpty { writeTrailer("path", TerminalText.escape(witness.pathText, keepingLayout: true), gutter: gutter, to: &out) }
                if !witness.path.isEmpty { writeTrailer("branches taken", TerminalText.escape(witness.stepsDescription, keepingLayout: true), gutter: gutter, to: &out) }
            }
            for (message, span) in located {
                out += style.bold("\(Self.position(span)):") + " " + style.note("note") + ": " + TerminalText.escape(message, keepingLayout: true) + "\n"
                writeFrame(span, gutter: gutter, severity: nil, to: &out)
            }
        }

        static func position(_ span: SourceSpan) -> String {
            "\(TerminalText.escape(span.file)):\(span.range.start.line):\(span.range.start.column)"
        }

        /// The source line under a `|` gutter and a caret underline, colored for `severity` (a note's when
        /// `nil`); nothing when the file's text or the line is unavailable.
        private mutating func writeFrame(_ span: SourceSpan, gutter: Int, severity: Severity?, to out: inout String) {
            guard let text = sources[span.file] else { return }
            if lines[span.file] == nil { lines[span.file] = SourceLines(text) }
            let start = span.range.start, end = span.range.end
            guard let line = lines[span.file]?.line(start.line) else { return }

            let all = Array(line)
            // Columns past the end of the line (a range at end of line or end of file) clamp to just after it.
            let fromInLine = min(max(start.column - 1, 0), all.count)
            let toInLine = end.line == start.line ? min(max(end.column - 1, fromInLine), all.count) : all.count
            // A very long line is shown as a window around the span, marked with `…` where it is cut.
            let window = Self.window(count: all.count, from: fromInLine)
            let scalars = all[window]
            let from = fromInLine - window.lowerBound
            let to = min(toInLine, window.upperBound) - window.lowerBound
            let lead = window.lowerBound > 0 ? "…" : ""
            let trail = window.upperBound < all.count ? "…" : ""
            let indent = TerminalWidth.of(scalars[scalars.startIndex..<(scalars.startIndex + from)]) + lead.count
            let width = max(1, TerminalWidth.of(scalars[(scalars.startIndex + from)..<(scalars.startIndex + max(from, to))]))

            let blank = String(repeating: " ", count: gutter)
            let number = String(start.line)
            let shown = lead + TerminalWidth.display(scalars) + trail
            out += style.frame(blank + " |") + "\n"
            out += style.frame(String(repeating: " ", count: gutter - number.count) + number + " |")
                + (shown.isEmpty ? "" : " " + shown) + "\n"
            out += style.frame(blank + " |") + " " + String(repeating: " ", count: indent)
                + style.caret(severity, String(repeating: "^", count: width)) + "\n"
        }

        /// The longest line shown whole; longer lines are cut to this many characters around the span.
        static let longestLine = 160

        /// The part of a line of `count` characters to show so that column `from` is in view.
        static func window(count: Int, from: Int) -> Range<Int> {
            guard count > longestLine else { return 0..<count }
            let lower = max(0, min(from - longestLine / 4, count - longestLine))
            return lower..<(lower + longestLine)
        }

        /// `   = label: text`, continuation lines of a multi-line text aligned under its first line.
        private func writeTrailer(_ label: String, _ text: String, gutter: Int, to out: inout String) {
            let blank = String(repeating: " ", count: gutter)
            let continuation = "\n" + blank + "   " + String(repeating: " ", count: label.count + 2)
            let body = text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: continuation)
            out += style.frame(blank + " =") + " " + style.note(label) + ": " + body + "\n"
        }
    }

    /// The one terminal style, extended with the pieces of a code frame.
    typealias Style = TerminalStyle
}

extension TerminalStyle {
    func caret(_ severity: Severity?, _ text: String) -> String {
        severity.map { self.severity($0, text) } ?? note(text)
    }
}

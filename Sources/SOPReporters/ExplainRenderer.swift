import SOPCore

/// A diagnostic code's documentation, as `sopc explain CODE` prints it and as the Markdown reference
/// `docs/diagnostics.md` is generated from: each code's text is written once, in `SOPCore/Codes`.
public enum ExplainRenderer {
    /// Plain text for a terminal: the code, severity and summary, the explanation, then the fragments.
    public static func text(_ code: DiagnosticCode) -> String {
        var out = "\(code.id) (\(code.defaultSeverity.rawValue)): \(code.summary)\n\n"
        out += trimmed(code.explanation) + "\n\n"
        out += "Example:\n\n" + indented(code.example) + "\n\n"
        out += "Fixed:\n\n" + indented(code.fixed) + "\n"
        return out
    }

    /// One Markdown section: a `##` heading (the code, which is also its anchor), then the same content.
    public static func markdown(_ code: DiagnosticCode) -> String {
        "## \(code.id)\n\n" + markdownBody(code)
    }

    /// The Markdown section without its heading, for viewers that title it themselves (SARIF rule help).
    static func markdownBody(_ code: DiagnosticCode) -> String {
        var out = "Severity: **\(code.defaultSeverity.rawValue)**. Reports that \(code.summary).\n\n"
        out += trimmed(code.explanation) + "\n\n"
        out += "Example:\n\n```yaml\n" + trimmed(code.example) + "\n```\n\n"
        out += "Fixed:\n\n```yaml\n" + trimmed(code.fixed) + "\n```\n"
        return out
    }

    /// The whole diagnostics reference: an introduction, a table of every code, and a section per code,
    /// in the order given (the catalog's).
    public static func catalogMarkdown(_ codes: [DiagnosticCode] = DiagnosticCode.all) -> String {
        var out = """
            # Diagnostics

            Every finding `sopc check` reports has a stable code, a severity, a message pointing at the \
            offending key or value, and often notes, a `help:` line with a concrete fix, and a witness: a \
            complete case (a value for every input) that demonstrates the problem. Errors make \
            `sopc check` fail; warnings make it fail only with `--strict`. The file, an input, an outcome, a \
            node or a branch can accept a finding on purpose with `allow: [code]` (docs/language.md §12); \
            `--show-allowed` shows such findings anyway.

            In each example, a comment line of carets (`#   ^^^^ code`) under a line marks the text \
            `sopc check` points at, as its text report underlines it; the test suite runs every example and \
            checks that the code is reported exactly there, and that the fixed snippet does not produce it.

            `sopc explain CODE` prints a code's section below in the terminal. This page is generated \
            from the diagnostic catalog (`Sources/SOPCore/Codes`); edit the code's file there, then \
            regenerate this page by running the tests with `SOPC_RECORD=1`.

            | Code | Severity | Reports that |
            |---|---|---|

            """
        for code in codes {
            out += "| [`\(code.id)`](#\(code.id)) | \(code.defaultSeverity.rawValue) | \(code.summary.replacing("|", with: "\\|")) |\n"
        }
        for code in codes {
            out += "\n" + markdown(code)
        }
        return out
    }

    private static func trimmed(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func indented(_ text: String) -> String {
        trimmed(text).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "    " + $0 }
            .joined(separator: "\n")
    }
}

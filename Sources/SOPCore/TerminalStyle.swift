/// ANSI styling for text meant for a terminal, the identity when colors are off. Every colored output
/// goes through here (`--color auto|always|never` decides `enabled`), so each meaning has one color:
/// errors and failures red, warnings yellow, passes green, notes cyan, headings bold.
package struct TerminalStyle: Sendable {
    package let enabled: Bool

    package init(enabled: Bool) { self.enabled = enabled }

    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m" + text + "\u{1B}[0m" : text
    }

    package func bold(_ text: String) -> String { wrap("1", text) }
    package func frame(_ text: String) -> String { wrap("36", text) }
    package func note(_ text: String) -> String { wrap("1;36", text) }
    package func error(_ text: String) -> String { wrap("1;31", text) }
    package func warning(_ text: String) -> String { wrap("1;33", text) }
    package func pass(_ text: String) -> String { wrap("1;32", text) }

    /// A severity's color: red errors, yellow warnings, cyan notes.
    package func severity(_ severity: Severity, _ text: String) -> String {
        switch severity {
        case .error: return error(text)
        case .warning: return warning(text)
        case .note: return note(text)
        }
    }

    /// A plain-text report with its headings in bold: the first line and every line that starts in the
    /// first column after a blank line (how the replay, diff and run reports lay out their sections).
    /// Lines keep their text, so tables stay aligned.
    package func headings(_ report: String) -> String {
        guard enabled else { return report }
        var afterBlank = true
        return report.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            defer { afterBlank = line.isEmpty }
            return afterBlank && line.first.map { $0 != " " } == true ? bold(String(line)) : String(line)
        }.joined(separator: "\n")
    }
}

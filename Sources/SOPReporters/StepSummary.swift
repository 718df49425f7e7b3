import SOPCore

/// The Markdown a GitHub Actions job shows on its summary page (`$GITHUB_STEP_SUMMARY`), written by
/// `sopc check --format github` beside the annotations: the counts, then a table of the findings.
public enum StepSummary {
    /// Findings listed in the table; the counts always cover all of them.
    public static let maximumRows = 50

    public static func render(_ report: CheckReport, currentDirectory: String? = nil) -> String {
        let directory = currentDirectory ?? RepositoryPath.processDirectory()
        var out = "### sopc check\n\n"
        let icon = report.errorCount > 0 ? "❌" : report.warningCount > 0 ? "⚠️" : "✅"
        out += "\(icon) \(report.summaryLine)\n"
        let rows = report.diagnostics
        guard !rows.isEmpty else { return out + "\n" }
        out += "\n| | Location | Code | Message |\n|---|---|---|---|\n"
        for d in rows.prefix(maximumRows) {
            let mark = d.isAllowed ? "allowed" : d.severity.rawValue
            let place = RepositoryPath(d.file, currentDirectory: directory).path + ":\(d.range.start.line):\(d.range.start.column)"
            out += "| \(mark) | `\(cell(place))` | `\(d.code.id)` | \(cell(d.message)) |\n"
        }
        if rows.count > maximumRows { out += "\n" + MoreNotShown.text(rows.count - maximumRows) + " (see the annotations)\n" }
        return out + "\n"
    }

    /// A table cell: one line, pipes escaped.
    private static func cell(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\n", "\r\n": out += " "
            case "|": out += "\\|"
            default: out.append(c)
            }
        }
        return out
    }
}

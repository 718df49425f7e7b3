import SOPCore

/// GitHub Actions workflow commands: one `::error` or `::warning` line per finding, which the runner turns
/// into annotations on the pull request's diff.
public struct GitHubReporter: Reporter {
    public static let identifier = "github"

    /// The directory absolute paths are made relative to; `nil` reads the process's working directory.
    public var currentDirectory: String?

    /// Creates a GitHub reporter; `currentDirectory` is the repository root paths are made relative to.
    public init(currentDirectory: String? = nil) {
        self.currentDirectory = currentDirectory
    }

    /// One command line per diagnostic, in order; empty when there are none.
    public func render(_ report: CheckReport) -> String {
        let directory = currentDirectory ?? RepositoryPath.processDirectory()
        var out = ""
        for d in report.diagnostics {
            let properties = [
                ("file", RepositoryPath(d.file, currentDirectory: directory).path),
                ("line", String(d.range.start.line)),
                ("col", String(d.range.start.column)),
                ("endLine", String(d.range.end.line)),
                ("endColumn", String(d.range.end.column)),
                ("title", "sopc \(d.code.id)"),
            ]
            // An allowed finding (shown with --show-allowed) and a note are notices: visible, never a failure.
            out += "::\(d.isAllowed || d.severity == .note ? "notice" : d.severity == .error ? "error" : "warning") "
            out += properties.map { "\($0.0)=\(Self.escapeProperty($0.1))" }.joined(separator: ",")
            // A CI log renders escape sequences: user text is escaped first (`TerminalText`).
            out += "::" + Self.escapeData(TerminalText.escape(Self.message(d, directory: directory), keepingLayout: true)) + "\n"
        }
        return out
    }

    /// The message, then one line each for notes, help and witness (the runner shows them all).
    static func message(_ d: Diagnostic, directory: String) -> String {
        var lines = [d.message]
        for note in d.notes {
            if let span = note.span {
                let file = RepositoryPath(span.file, currentDirectory: directory).path
                lines.append("note: \(note.message) (\(file):\(span.range.start.line):\(span.range.start.column))")
            } else {
                lines.append("note: " + note.message)
            }
        }
        if let help = d.help { lines.append("help: " + help) }
        if let witness = d.witness {
            lines.append("witness: " + witness.description)
            if !witness.pathText.isEmpty { lines.append("path: " + witness.pathText) }
        }
        return lines.joined(separator: "\n")
    }

    /// Escapes a command's message, as the runner's `escapeData` expects.
    public static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes a property value, as the runner's `escapeProperty` expects.
    public static func escapeProperty(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

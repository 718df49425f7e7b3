import SOPCore

/// One JSON object with every diagnostic and a summary, for scripts and editors.
public struct JSONReporter: Reporter {
    public static let identifier = "json"

    /// Creates a JSON reporter.
    public init() {}

    /// The pretty-printed document followed by a newline.
    public func render(_ report: CheckReport) -> String {
        var summary: [(String, JSONValue)] = [
            ("files", .int(report.fileCount)),
            ("errors", .int(report.errorCount)),
            ("warnings", .int(report.warningCount)),
            ("allowed", .int(report.allowed)),
        ]
        if report.coverage.isPartial { summary.append(("analysis", Self.json(report.coverage))) }
        let document: JSONValue = .object([
            ("diagnostics", .array(report.diagnostics.map(Self.json))),
            ("summary", .object(summary)),
        ])
        return document.rendered(indent: 2) + "\n"
    }

    /// Nodes and branches proven and left open by the semantic analysis.
    static func json(_ coverage: AnalysisCoverage) -> JSONValue {
        .object([
            ("nodes_proven", .int(coverage.provenNodes)),
            ("nodes_open", .int(coverage.openNodes)),
            ("branches_proven", .int(coverage.provenBranches)),
            ("branches_open", .int(coverage.openBranches)),
        ])
    }

    /// One diagnostic; `node`, `help`, `witness` and `witness_path` are `null` when absent so every object
    /// has every key.
    static func json(_ d: Diagnostic) -> JSONValue {
        .object([
            ("code", .string(d.code.id)),
            ("severity", .string(d.severity.rawValue)),
            ("allowed", .bool(d.isAllowed)),
            ("file", .string(d.file)),
            ("line", .int(d.range.start.line)),
            ("column", .int(d.range.start.column)),
            ("end_line", .int(d.range.end.line)),
            ("end_column", .int(d.range.end.column)),
            ("message", .string(d.message)),
            ("node", d.node.map { .string($0) } ?? .null),
            ("notes", .array(d.notes.map(json))),
            ("help", d.help.map { .string($0) } ?? .null),
            ("witness", d.witness?.json ?? .null),
            ("witness_path", d.witness.flatMap { $0.pathText.isEmpty ? nil : $0.pathJSON } ?? .null),
            ("fixes", .array(d.fixes.map(json))),
        ])
    }

    /// A fix-it: its title, applicability and edits, each a range (with byte offsets) and its new text.
    static func json(_ fix: FixIt) -> JSONValue {
        .object([
            ("title", .string(fix.title)),
            ("applicability", .string(fix.applicability.rawValue)),
            ("edits", .array(fix.edits.map { edit in
                .object([
                    ("file", .string(edit.span.file)),
                    ("range", .object([
                        ("start", location(edit.span.range.start)),
                        ("end", location(edit.span.range.end)),
                    ])),
                    ("text", .string(edit.text)),
                ])
            })),
        ])
    }

    private static func location(_ l: SourceLocation) -> JSONValue {
        .object([("line", .int(l.line)), ("column", .int(l.column)), ("offset", .int(l.offset))])
    }

    /// A note: its location fields appear only when it points somewhere.
    static func json(_ note: Note) -> JSONValue {
        var members: [(String, JSONValue)] = [("message", .string(note.message))]
        if let span = note.span {
            members += [
                ("file", .string(span.file)),
                ("line", .int(span.range.start.line)),
                ("column", .int(span.range.start.column)),
            ]
        }
        return .object(members)
    }
}

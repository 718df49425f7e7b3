/// A stable diagnostic code (`unreachable-node`) with the documentation `sopc explain` prints.
///
/// Each code is declared once, in its own file under `Codes/`, and listed in `DiagnosticCode.all`.
public struct DiagnosticCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The stable identifier, kebab-case.
    public let id: String
    public let defaultSeverity: Severity
    /// One line: what the diagnostic reports.
    public let summary: String
    /// Why it matters and what to do, in a paragraph or two of Markdown.
    public let explanation: String
    /// A SOP fragment that triggers the diagnostic.
    public let example: String
    /// The same fragment, fixed.
    public let fixed: String

    public init(id: String, severity: Severity, summary: String, explanation: String, example: String, fixed: String) {
        self.id = id
        self.defaultSeverity = severity
        self.summary = summary
        self.explanation = explanation
        self.example = example
        self.fixed = fixed
    }

    public var description: String { id }

    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    public static func < (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id < b.id }

    /// Looks a code up by its identifier.
    public static func named(_ id: String) -> DiagnosticCode? {
        all.first { $0.id == id }
    }
}

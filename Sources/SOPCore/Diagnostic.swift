/// How serious a finding is. Errors fail `sopc check`; warnings fail it only with `--strict`; notes
/// only inform (what the checker did not do, and why) and never fail it.
public enum Severity: String, Hashable, Sendable, Comparable {
    case error
    case warning
    case note

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .note: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// A secondary message attached to a diagnostic, optionally pointing at another location.
public struct Note: Hashable, Sendable {
    public var message: String
    public var span: SourceSpan?

    public init(_ message: String, at span: SourceSpan? = nil) {
        self.message = message
        self.span = span
    }
}

/// One finding: a plain value. Phases produce these; reporters in `SOPReporters` render them.
public struct Diagnostic: Hashable, Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    /// The primary location: the file as the user named it and the offending key, scalar or token.
    public var span: SourceSpan
    /// Lower-case, no trailing period; identifiers in backticks.
    public var message: String
    /// The node the finding concerns, where there is one.
    public var node: String?
    public var notes: [Note]
    /// A concrete fix to suggest, rendered as `help:`.
    public var help: String?
    /// A concrete case that demonstrates the finding.
    public var witness: Witness?
    /// Edits that resolve the finding, safest first.
    public var fixes: [FixIt]
    /// Whether the finding is accepted with `allow:` (or a baseline): reported only with
    /// `--show-allowed`, marked as such, never counted as an error or warning.
    public var isAllowed = false
    /// Whether the finding is accepted by a baseline file (`sopc check --baseline`) rather than `allow:`.
    public var acceptedByBaseline = false

    public init(
        _ code: DiagnosticCode,
        severity: Severity? = nil,
        at span: SourceSpan,
        _ message: String,
        node: String? = nil,
        notes: [Note] = [],
        help: String? = nil,
        witness: Witness? = nil,
        fixes: [FixIt] = []
    ) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.span = span
        self.message = message
        self.node = node
        self.notes = notes
        self.help = help
        self.witness = witness
        self.fixes = fixes
    }

    public var file: String { span.file }
    public var range: SourceRange { span.range }
}

extension Diagnostic {
    /// The most diagnostics a report shows for one file (`CheckReport`; see docs/limits.md). A person reads
    /// a few dozen; past this the file is generated or broken as a whole, and every further diagnostic
    /// only makes the report bigger (a million of them in SARIF took more than 4 GB).
    public static let maxShownPerFile = 1_000
}

extension Diagnostic {
    /// Source order: file, then position, then code, then message, so output never depends on the order
    /// in which phases or threads produced the diagnostics.
    public static func sourceOrder(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.range.start != b.range.start { return a.range.start < b.range.start }
        if a.code.id != b.code.id { return a.code.id < b.code.id }
        return a.message < b.message
    }
}

extension Diagnostic {
    /// FNV-1a over code, file (`uri`, relative to the project root), message and node: stable across runs
    /// and across edits that only move lines. SARIF's `partialFingerprints` and baselines use it.
    public func fingerprint(uri: String) -> String {
        var hash = FNV1a()
        hash.combine(code.id)
        hash.combine(uri)
        hash.combine(message)
        hash.combine(node ?? "")
        return hash.hex
    }
}

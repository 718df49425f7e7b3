import SOPCore

/// Everything a reporter needs to render the result of `sopc check`.
public struct CheckReport: Sendable {
    /// The findings to show, already in the order they are to be rendered.
    public var diagnostics: [Diagnostic]
    /// How many files were checked (the summary counts them even when they are clean).
    public var fileCount: Int
    /// File text by path as given (the path a diagnostic's span names), for code frames.
    public var sources: [String: String]
    /// The `sopc` version, recorded in machine-readable reports.
    public var toolVersion: String
    /// How much of the semantic analysis was proven; reporters state it when a question was left open.
    public var coverage = AnalysisCoverage()

    /// Creates a report; `sources` may omit files whose text is unavailable (frames are then skipped).
    public init(diagnostics: [Diagnostic], fileCount: Int, sources: [String: String] = [:], toolVersion: String, allowedCount: Int? = nil, coverage: AnalysisCoverage = AnalysisCoverage()) {
        self.allowedCount = allowedCount
        self.coverage = coverage
        self.diagnostics = diagnostics
        self.fileCount = fileCount
        self.sources = sources
        self.toolVersion = toolVersion
    }

    /// The number of diagnostics with severity `error` (allowed ones are not counted).
    public var errorCount: Int { diagnostics.count { $0.severity == .error && !$0.isAllowed } }

    /// The number of diagnostics with severity `warning` (allowed ones are not counted).
    public var warningCount: Int { diagnostics.count { $0.severity == .warning && !$0.isAllowed } }

    /// Findings accepted with `allow:` or a baseline, whether or not the report shows them.
    public var allowedCount: Int?

    /// `allowedCount`, or the allowed findings the report shows.
    public var allowed: Int { allowedCount ?? diagnostics.count(where: \.isAllowed) }

    /// `2 errors, 1 warning in 3 files`, or `no problems in 3 files`.
    public var summaryLine: String {
        var parts: [String] = []
        if errorCount > 0 { parts.append(Self.counted(errorCount, "error")) }
        if warningCount > 0 { parts.append(Self.counted(warningCount, "warning")) }
        let files = Self.counted(fileCount, "file")
        if parts.isEmpty { return "no problems in \(files)" + (allowed > 0 ? " (\(allowed) allowed)" : "") }
        if allowed > 0 { parts.append("\(allowed) allowed") }
        return parts.joined(separator: ", ") + " in \(files)"
    }

    public static func counted(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}

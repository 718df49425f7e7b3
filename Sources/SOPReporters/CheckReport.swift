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

    /// Creates a report; `sources` may omit files whose text is unavailable (frames are then skipped).
    public init(diagnostics: [Diagnostic], fileCount: Int, sources: [String: String] = [:], toolVersion: String) {
        self.diagnostics = diagnostics
        self.fileCount = fileCount
        self.sources = sources
        self.toolVersion = toolVersion
    }

    /// The number of diagnostics with severity `error`.
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }

    /// The number of diagnostics with severity `warning`.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// `2 errors, 1 warning in 3 files`, or `no problems in 3 files`.
    public var summaryLine: String {
        var parts: [String] = []
        if errorCount > 0 { parts.append(Self.counted(errorCount, "error")) }
        if warningCount > 0 { parts.append(Self.counted(warningCount, "warning")) }
        let files = Self.counted(fileCount, "file")
        return parts.isEmpty ? "no problems in \(files)" : parts.joined(separator: ", ") + " in \(files)"
    }

    public static func counted(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}

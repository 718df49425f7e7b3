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
    /// The most diagnostics a report shows for one file (`Diagnostic.maxShownPerFile`).
    public static let maxPerFile = Diagnostic.maxShownPerFile

    /// Diagnostics left out by the per-file bound, counted so the summary and the exit status stay exact.
    public private(set) var hidden = (errors: 0, warnings: 0, allowed: 0)

    /// Creates a report; `sources` may omit files whose text is unavailable (frames are then skipped). Each
    /// file shows its first `maxPerFile` diagnostics, then one `more-diagnostics` note counting the rest.
    public init(diagnostics: [Diagnostic], fileCount: Int, sources: [String: String] = [:], toolVersion: String, allowedCount: Int? = nil,
                coverage: AnalysisCoverage = AnalysisCoverage(), maxPerFile: Int = CheckReport.maxPerFile) {
        self.allowedCount = allowedCount
        self.coverage = coverage
        self.diagnostics = []
        self.fileCount = fileCount
        self.sources = sources
        self.toolVersion = toolVersion
        self.diagnostics = cap(diagnostics, perFile: max(1, maxPerFile))
    }

    /// The first `perFile` diagnostics of each file, in the given order, each file's cut marked by a
    /// `more-diagnostics` note after its last shown diagnostic; what is left out is counted in `hidden`.
    private mutating func cap(_ all: [Diagnostic], perFile: Int) -> [Diagnostic] {
        var seen: [String: Int] = [:]
        // Per capped file: where its note goes and what it hides.
        var cuts: [String: (at: Int, errors: Int, warnings: Int, other: Int)] = [:]
        var shown: [Diagnostic] = []
        shown.reserveCapacity(min(all.count, perFile * 4))
        for d in all {
            let n = seen[d.file, default: 0] + 1
            seen[d.file] = n
            if n <= perFile {
                shown.append(d)
                continue
            }
            if n == perFile + 1 {
                // A placeholder, filled in once the file's hidden diagnostics are counted.
                cuts[d.file] = (shown.count, 0, 0, 0)
                shown.append(d)
            }
            if d.isAllowed {
                hidden.allowed += 1
                cuts[d.file]!.other += 1
            } else if d.severity == .error {
                hidden.errors += 1
                cuts[d.file]!.errors += 1
            } else if d.severity == .warning {
                hidden.warnings += 1
                cuts[d.file]!.warnings += 1
            } else {
                cuts[d.file]!.other += 1
            }
        }
        for (file, cut) in cuts {
            let count = cut.errors + cut.warnings + cut.other
            var parts: [String] = []
            if cut.errors > 0 { parts.append(Self.counted(cut.errors, "error")) }
            if cut.warnings > 0 { parts.append(Self.counted(cut.warnings, "warning")) }
            if cut.other > 0 { parts.append("\(cut.other) other") }
            shown[cut.at] = Diagnostic(
                .moreDiagnostics, at: SourceSpan(file: file, range: .fileStart),
                MoreNotShown.text(count, count == 1 ? "diagnostic" : "diagnostics") + " in this file (\(parts.joined(separator: ", ")))",
                help: "this report shows the first \(perFile) diagnostics of a file; fix those and check again")
        }
        return shown
    }

    /// The number of diagnostics with severity `error` (allowed ones are not counted), shown or not.
    public var errorCount: Int { diagnostics.count { $0.severity == .error && !$0.isAllowed } + hidden.errors }

    /// The number of diagnostics with severity `warning` (allowed ones are not counted), shown or not.
    public var warningCount: Int { diagnostics.count { $0.severity == .warning && !$0.isAllowed } + hidden.warnings }

    /// Findings accepted with `allow:` or a baseline, whether or not the report shows them.
    public var allowedCount: Int?

    /// `allowedCount`, or the allowed findings the report has.
    public var allowed: Int { allowedCount ?? diagnostics.count(where: \.isAllowed) + hidden.allowed }

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

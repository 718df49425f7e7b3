import ArgumentParser
import Foundation
import SOPCore
import SOPDriver
import SOPReporters

extension SOPC {
    /// `sopc check PATH...`: compile SOPs and report every defect.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compile SOP files and report every defect found.",
            discussion: "Folders are searched for `*.sop.yaml` files. Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage or I/O error.")

        @Argument(help: "SOP files or folders.")
        var paths: [String]

        @Option(help: "Output format: \(Reporters.identifiers.joined(separator: ", ")).")
        var format: String = "text"

        @Option(help: "Color text output: auto, always, never.")
        var color: String = "auto"

        @Flag(help: "Fail (exit 1) on warnings too.")
        var strict = false

        @Flag(help: "Also show findings accepted with `allow:`.")
        var showAllowed = false

        @Flag(help: "Skip the solver-based analyses (dead branches, ambiguity, gaps, examples): structural checks only, for a fast lint on save.")
        var noSemantic = false

        @Option(name: [.short, .customLong("output")], help: "Write the report to a file (atomically) instead of standard output.")
        var output: String?

        func run() throws {
            guard let colorChoice = ColorChoice(rawValue: color) else {
                throw ExitStatus.usageError("unknown --color `\(color)`; use auto, always or never")
            }
            let useColor = output == nil && colorChoice.enabled(for: STDOUT_FILENO)
            guard let reporter = Reporters.named(format, color: useColor) else {
                let suggestion = Spelling.suggestion(for: format, among: Reporters.identifiers)
                throw ExitStatus.usageError("unknown --format `\(format)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? "; use " + Reporters.identifiers.joined(separator: ", ")))
            }
            let checkRun = CheckRun.check(try SOPLoading.compile(paths), semantic: !noSemantic)
            var diagnostics = checkRun.diagnostics
            if showAllowed {
                diagnostics = (diagnostics + checkRun.allowed).sorted(by: Diagnostic.sourceOrder)
            }
            let report = CheckReport(diagnostics: diagnostics, fileCount: checkRun.fileCount, sources: checkRun.compilation.sources, toolVersion: SOPCVersion.current)
            try Output.write(reporter.render(report), to: output)
            let failed = checkRun.errorCount > 0 || (strict && checkRun.warningCount > 0)
            Parallel.discard(checkRun)
            Parallel.discard(report)
            if failed { throw ExitCode(ExitStatus.findings) }
        }
    }
}

import ArgumentParser
import Foundation
import SOPCore
import SOPDriver
import SOPReporters

extension SOPC {
    /// `sopc check PATH...`: compile SOPs and report every defect.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Compile SOP files and report every defect found.",
            discussion: "Folders are searched for `*.sop.yaml` files. Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 usage or I/O error.")

        @Argument(help: "SOP files or folders (default: the project root of `.sopc.yaml`).")
        var paths: [String] = []

        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "Also skip files and folders matching this glob when searching folders (repeatable; relative to the project root).")
        var exclude: [String] = []

        @Option(help: "Output format (default: text, or `format:` in the `check:` section of `.sopc.yaml`).")
        var format: Choice<CheckFormats>?

        @OptionGroup var colorOptions: ColorOptions

        @Flag(inversion: .prefixedNo, help: "Fail (exit 1) on warnings too.")
        var strict: Bool?

        @Flag(help: "Also show findings accepted with `allow:`.")
        var showAllowed = false

        @Flag(help: "Print the effective configuration and exit.")
        var showConfig = false

        @Flag(help: "Skip the solver-based analyses (dead branches, ambiguity, gaps, examples): structural checks only, for a fast lint on save.")
        var noSemantic = false

        @Flag(help: "Spend more time proving questions about deep nodes of very large SOPs (boxes of cases; docs/analysis.md).")
        var deep = false

        @Option(name: [.short, .customLong("output")], help: "Write the report to a file (atomically) instead of standard output.")
        var output: String?

        @Flag(help: "Apply the safe fixes (did-you-mean renames, `else` for a last guard that always holds) to the files named, then report what is left.")
        var fix = false

        @Flag(help: "With --fix or --diff, also apply unsafe fixes (delete a dead branch, an unused input or outcome; import the SOP that declares a name used without importing it).")
        var unsafeFixes = false

        @Flag(help: "Print the fixes as a unified diff instead of writing them (exit 1 when there is something to fix).")
        var diff = false

        @Option(help: "Accept the findings listed in this baseline file (matched by fingerprint, not line): only new findings fail; fixed ones are reported as stale.")
        var baseline: String?

        @Option(help: "Write every current error and warning to this baseline file (atomically) and exit 0.")
        var writeBaseline: String?

        func run() throws {
            var config = try configOptions.load()
            config.exclude += exclude
            if showConfig {
                try Output.write(config.rendered, to: nil)
                return
            }
            let format = try (self.format ?? config.choice("check", "format"))?.name ?? TextReporter.identifier
            let style = try colorOptions.style(output: output, config: config, section: "check")
            let strict = self.strict ?? config.value("check", "strict")?.bool ?? false
            let showAllowed = self.showAllowed || (config.value("check", "show-allowed")?.bool ?? false)
            let noSemantic = self.noSemantic || !(config.value("check", "semantic")?.bool ?? true)
            let paths = try SOPLoading.files(try config.paths(self.paths), config: config)
            try Output.check([("-o", output), ("--write-baseline", writeBaseline)], inputs: paths)
            let baselinePath = self.baseline ?? config.value("check", "baseline")?.string.map(config.resolve)
            if writeBaseline != nil && (fix || diff) {
                throw ExitStatus.usageError("--write-baseline cannot be combined with --fix or --diff")
            }
            var baseline: Baseline?
            if let baselinePath {
                do { baseline = try Baseline.read(baselinePath) } catch { throw ExitStatus.usageError(error.message) }
            }
            guard let reporter = Reporters.named(format, color: style.enabled) else {
                throw ExitStatus.usageError("unknown --format `\(format)`")
            }
            if unsafeFixes && !fix && !diff {
                throw ExitStatus.usageError("--unsafe-fixes needs --fix or --diff")
            }
            let checkRun: CheckRun
            if fix || diff {
                let fixed = try SOPLoading.fix(paths, config: config, unsafe: unsafeFixes, limits: deep ? .deep : .default, semantic: !noSemantic)
                if diff {
                    try Output.write(fixed.diff, to: output)
                    if !fixed.refused.isEmpty { Self.reportRefused(fixed.refused) }
                    if !fixed.texts.isEmpty { throw ExitCode(ExitStatus.findings) }
                    return
                }
                try SOPLoading.write(fixed)
                if !fixed.refused.isEmpty { Self.reportRefused(fixed.refused) }
                let files = fixed.texts.count
                FileHandle.standardError.write(Data("fixed \(CheckReport.counted(fixed.applied, "finding")) in \(CheckReport.counted(files, "file"))\n".utf8))
                checkRun = fixed.run
            } else {
                checkRun = CheckRun.check(try SOPLoading.compile(paths, config: config), limits: deep ? .deep : .default, semantic: !noSemantic)
            }
            var shown = config.applySeverity(checkRun.diagnostics)
            if let writeBaseline {
                let written = Baseline(accepting: shown, root: config.directory)
                try Output.write(written.rendered, to: writeBaseline)
                FileHandle.standardError.write(Data("wrote \(CheckReport.counted(written.entries.count, "finding")) to \(writeBaseline)\n".utf8))
                return
            }
            var allowed = config.applySeverity(checkRun.allowed)
            if let baseline, let baselinePath {
                let match = baseline.apply(to: shown, root: config.directory)
                allowed = (allowed + match.diagnostics.filter { $0.acceptedByBaseline }).sorted(by: Diagnostic.sourceOrder)
                shown = match.diagnostics.filter { !$0.acceptedByBaseline }
                if !match.stale.isEmpty { Self.reportStale(match.stale, baseline: baselinePath) }
            }
            let diagnostics = showAllowed ? (shown + allowed).sorted(by: Diagnostic.sourceOrder) : shown
            let report = CheckReport(diagnostics: diagnostics, fileCount: checkRun.fileCount, sources: checkRun.compilation.sources, toolVersion: SOPCVersion.current,
                                     allowedCount: allowed.count, coverage: checkRun.coverage)
            if format == GitHubReporter.identifier, let summary = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !summary.isEmpty {
                try Output.append(StepSummary.render(report), to: summary)
            }
            try Output.write(reporter.render(report), to: output)
            let failed = shown.contains { $0.severity == .error } || (strict && shown.contains { $0.severity == .warning })
            Parallel.discard(checkRun)
            Parallel.discard(report)
            if failed { throw ExitCode(ExitStatus.findings) }
        }

        /// Lists baseline entries no finding matched any more (fixed: the baseline can be rewritten).
        private static func reportStale(_ stale: [Baseline.Entry], baseline: String) {
            var text = "sopc: \(CheckReport.counted(stale.count, "baseline entry"))".replacingOccurrences(of: "entrys", with: "entries")
                + " in \(baseline) no longer reported (fixed); rewrite it with --write-baseline\n"
            for e in stale.prefix(10) { text += "  \(e.file): \(e.code): \(e.message)\n" }
            text += MoreNotShown.line(stale.count - min(10, stale.count))
            FileHandle.standardError.write(Data(text.utf8))
        }

        /// Says which errors the fixes would have introduced (nothing was written for them).
        private static func reportRefused(_ errors: [Diagnostic]) {
            var text = "some fixes were not applied: they would introduce \(CheckReport.counted(errors.count, "error"))\n"
            for d in errors.prefix(5) { text += "  \(d.file):\(d.range.start): \(d.code.id): \(d.message)\n" }
            text += MoreNotShown.line(errors.count - min(5, errors.count))
            FileHandle.standardError.write(Data(text.utf8))
        }
    }
}

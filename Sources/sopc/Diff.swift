import ArgumentParser
import Foundation
import SOPCompiler
import SOPCore
import SOPDiff
import SOPDriver
import SOPGraph
import SOPReplay
import SOPReporters

extension SOPC {
    /// `sopc diff OLD NEW` / `sopc diff --git REV [PATHS]`: what an SOP update changes, for which cases.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Show which cases change outcome between two versions of SOPs, why, and for which samples.",
            discussion: """
            OLD and NEW are files or folders; SOPs are matched by `sop:` id. With --git REV, the old side is \
            PATHS (default `.`) as committed in REV and the new side the working tree. \
            Exit status: 0 done (1 with --exit-code when behaviour changes, or --fail-on for that kind of \
            change), 2 usage or I/O error, or either version does not compile (its diagnostics are printed).
            """)

        @Argument(help: "OLD and NEW (files or folders); with --git, the paths to compare (default `.`).")
        var paths: [String] = []

        @Option(help: "Compare the working tree with this git revision (imports resolved inside it).")
        var git: String?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, markdown
        }

        /// Which kind of change fails the run.
        enum FailOn: String, ExpressibleByArgument, CaseIterable {
            case moreLenient = "more-lenient", stricter, anyChange = "any"
        }

        @Option(help: "Output format.")
        var format: Format = .text

        @OptionGroup var colorOptions: ColorOptions

        @Option(name: [.short, .customLong("output")], help: "Write the report to a file (atomically) instead of standard output.")
        var output: String?

        @Flag(help: "Exit 1 when any behaviour changes (or SOPs are added or removed).")
        var exitCode = false

        @Option(help: "Exit 1 only for this kind of change.")
        var failOn: FailOn?

        @Option(help: "Samples (labeled or not) to replay through both versions: `.jsonl` or `.csv`, optionally `.gz`.")
        var samples: String?

        @Option(help: "The SOP the samples are for, when several are compared (by `sop:` id).")
        var sop: String?

        @Option(help: "Sample format: jsonl or csv (default: from the file name).")
        var inputFormat: SampleFormat?

        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "Field holding the sample id.") var idField = "id"
        @Option(help: "Field holding the specialist's outcome.") var labelField = "label"

        func run() throws {
            let oldSide: Compilation, newSide: Compilation
            // Folders are expanded as `sopc check` expands them: the project configuration's include and
            // exclude apply (to both sides of a `--git` comparison).
            let config = try configOptions.load()
            if let git {
                let targets = paths.isEmpty ? ["."] : paths
                let loader = GitLoader(revision: git)
                do {
                    let files = try loader.expand(targets).filter { targets.contains($0) || config.isSelected($0) }
                    oldSide = try Compiler.compile(files: files, loader: loader, projectRoot: config.importRoot)
                } catch {
                    throw ExitStatus.usageError(error.description)
                }
                newSide = try SOPLoading.compile(try SOPLoading.files(targets, config: config), config: config)
                try Self.requireClean(oldSide, "\(git)")
                try Self.requireClean(newSide, "the working tree")
            } else {
                guard paths.count == 2 else { throw ExitStatus.usageError("give OLD and NEW (files or folders), or --git REV [PATHS]") }
                oldSide = try SOPLoading.compile(try SOPLoading.files([paths[0]], config: config), config: config)
                newSide = try SOPLoading.compile(try SOPLoading.files([paths[1]], config: config), config: config)
                try Self.requireClean(oldSide, paths[0])
                try Self.requireClean(newSide, paths[1])
            }
            let diff = SOPDiff(old: oldSide.program, new: newSide.program)
            var replayed: DiffSamples?
            if let samples {
                let candidates = diff.sops.filter { sop == nil || $0.sop == sop }
                guard candidates.count == 1, let change = candidates.first else {
                    let ids = diff.sops.map(\.sop)
                    throw ExitStatus.usageError(sop.map { SOPLookup.unknown($0, available: ids, in: "both versions") }
                        ?? "--samples needs --sop when several SOPs are compared: " + ids.map { "`\($0)`" }.joined(separator: ", "))
                }
                var options = ReplayOptions()
                options.format = try SOPLoading.sampleFormat(inputFormat, of: samples)
                options.fields.id = idField
                options.fields.label = labelField
                guard samples != "-" else { throw ExitStatus.usageError("--samples is read twice (once per version); name a file, not `-`") }
                do {
                    replayed = try DiffSamples(diff: diff, sop: change, options: options) { try ByteSource(path: samples) }
                } catch let error as IOError {
                    throw ExitStatus.usageError(error.message)
                }
            }
            let report: String
            switch format {
            case .json: report = diff.json(samples: replayed).rendered() + "\n"
            case .markdown: report = diff.markdown(samples: replayed)
            case .text: report = try colorOptions.style(output: output).headings(diff.text(samples: replayed))
            }
            try Output.write(report, to: output)
            let changed = diff.sops.flatMap(\.transitions)
            let fail: Bool
            switch failOn {
            case .moreLenient?: fail = changed.contains { $0.kind == .moreLenient } || diff.sops.contains { $0.verdict == .unknown }
            case .stricter?: fail = changed.contains { $0.kind == .stricter } || diff.sops.contains { $0.verdict == .unknown }
            case .anyChange?: fail = diff.hasChanges
            default: fail = exitCode && diff.hasChanges
            }
            if fail { throw ExitCode(ExitStatus.findings) }
        }

        /// A version that does not compile cleanly gets `sopc check`'s diagnostics and exit status 2.
        static func requireClean(_ compilation: Compilation, _ name: String) throws {
            let run = CheckRun.check(compilation)
            guard run.errorCount > 0 else { return }
            let errors = run.diagnostics.filter { $0.severity == .error }
            let report = CheckReport(diagnostics: errors, fileCount: run.fileCount, sources: run.compilation.sources, toolVersion: SOPCVersion.current)
            FileHandle.standardError.write(Data(TextReporter(color: false).render(report).utf8))
            throw ExitStatus.usageError("\(name) does not compile; a diff needs both versions to pass `sopc check`")
        }
    }
}

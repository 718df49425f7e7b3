import ArgumentParser
import Foundation
import SOPCompiler
import SOPCore
import SOPDriver
import SOPGraph
import SOPReplay

extension SOPC {
    /// `sopc replay TREE SAMPLES`: replay labeled samples through a SOP and report where labels disagree.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Replay labeled samples through a SOP and report agreement, hotspots and labelers.",
            discussion: """
            SAMPLES is JSON Lines or CSV (by extension, `.gz` allowed, or --input-format); `-` reads standard input. \
            Ratios (--target, --min-agreement, --max-rejected-rate) are fractions (0.9) or percentages (90%). \
            Defaults come from the `replay:` section of `.sopc.yaml`. \
            Exit status: 0 done, 1 below --min-agreement or --min-kappa or above --max-rejected-rate, 2 usage or I/O error.
            """)

        @Argument(help: "The SOP file to replay through.")
        var tree: String

        @Argument(help: "Labeled samples: `.jsonl` or `.csv`, optionally `.gz`; `-` for standard input.")
        var samples: String

        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "The SOP to replay through, when the file set holds several (by `sop:` id).")
        var sop: String?

        @Option(help: "Sample format: jsonl or csv (default: from the file name).")
        var inputFormat: SampleFormat?

        @Option(help: "Report format (html: a self-contained page, use with -o; default: text, or `format:` in the `replay:` section of `.sopc.yaml`).")
        var format: Choice<ReplayFormats>?

        @OptionGroup var colorOptions: ColorOptions

        @Option(name: [.short, .customLong("output")], help: "Write the report to a file (atomically) instead of standard output.")
        var output: String?

        @Option(help: "Write one CSV row per disagreement to this file (atomically).")
        var disagreements: String?

        @Option(help: "Field holding the sample id (default: id).") var idField: String?
        @Option(help: "Field holding the specialist's outcome (default: label).") var labelField: String?
        @Option(help: "Field holding the specialist's name (default: labeler).") var labelerField: String?
        @Option(help: "Field holding the AI's outcome (default: ai).") var aiField: String?
        @Option(help: "Field holding the specialist's node path (default: path).") var pathField: String?

        @Option(help: "Agreement each labeler should reach, as a ratio (0.95 or 95%); those below are flagged (default: 0.95).")
        var target: String?

        @Option(help: "Field holding when the sample was labeled (ISO 8601 date or date-time): turns on trends.")
        var timeField: String?

        @Option(help: "Trend period: day, week (ISO week) or month.")
        var period: ReviewPeriod = .week

        @Option(help: "Field holding the seconds spent on the sample: turns on the productivity table.")
        var durationField: String?

        @Option(help: "Labels per hour each labeler should reach; those below are flagged.")
        var targetRate: Double?

        @Option(help: "Gold outcomes per item (JSON Lines or CSV with the id and label fields).")
        var gold: String?

        @Option(help: "Exit 1 when overall agreement is below this ratio (0.9 or 90%).")
        var minAgreement: String?

        @Option(help: "Exit 1 when Cohen's kappa is below this (-1 to 1).")
        var minKappa: Double?

        @Option(help: "Exit 1 when more than this ratio of the rows is rejected (0.05 or 5%).")
        var maxRejectedRate: String?

        @Option(help: "Worker threads (default: one per core); the report does not depend on it.")
        var jobs: Int?

        @Option(help: "Disagreements listed in the report, in every format (all are counted; default: 100).")
        var maxDisagreements: Int?

        @Option(help: "Rejected rows listed in the report, in every format (all are counted; default: 100).")
        var maxRejected: Int?

        func run() throws {
            let config = try configOptions.load()
            func string(_ given: String?, _ option: String, _ fallback: String) -> String { given ?? config.value("replay", option)?.string ?? fallback }
            func ratio(_ given: String?, _ option: String) throws -> Ratio? {
                guard let text = given ?? config.value("replay", option)?.written else { return nil }
                guard let r = Ratio(text) else { throw ExitStatus.usageError(Ratio.problem(text, option: "--" + option)) }
                return r
            }
            func count(_ given: Int?, _ option: String) throws -> Int {
                guard let given else {
                    guard let n = config.value("replay", option)?.number else { return 100 }
                    guard n == n.rounded(), n >= 0, n <= Double(ReplayOptions.maxListed) else {
                        throw ExitStatus.usageError("`\(option)` in the configuration must be a whole number from 0 to \(ReplayOptions.maxListed)")
                    }
                    return Int(n)
                }
                return given
            }
            let format = try (self.format ?? config.choice("replay", "format"))?.name ?? "text"
            guard let renderer = ReplayReports.renderer(named: format) else {
                throw ExitStatus.usageError("unknown --format `\(format)`")
            }
            let style = try colorOptions.style(output: output, config: config, section: "replay")
            let targetRatio = try ratio(self.target, "target")
            let target = targetRatio?.value ?? 0.95
            let minAgreement = try ratio(self.minAgreement, "min-agreement")
            let maxRejectedRate = try ratio(self.maxRejectedRate, "max-rejected-rate")
            let minKappa = self.minKappa ?? config.value("replay", "min-kappa")?.number
            if let minKappa, !(-1...1).contains(minKappa) {
                throw ExitStatus.usageError("--min-kappa must be between -1 and 1, got \(minKappa)")
            }
            let maxDisagreements = try count(self.maxDisagreements, "max-disagreements")
            let maxRejected = try count(self.maxRejected, "max-rejected")
            guard targetRate.map({ $0 >= 0 }) ?? true else {
                throw ExitStatus.usageError("--target-rate must be at least 0")
            }
            var options = ReplayOptions()
            options.format = try SOPLoading.sampleFormat(inputFormat, of: samples)
            if let jobs {
                // Each worker keeps a batch or two (4 MB each) in flight: 64 workers is already far more
                // than the reading thread can feed, and bounds memory (docs/limits.md).
                guard (1...ReplayOptions.maxJobs).contains(jobs) else {
                    throw ExitStatus.usageError("--jobs must be between 1 and \(ReplayOptions.maxJobs), got \(jobs)")
                }
                options.jobs = jobs
            }
            for (name, value) in [("--max-disagreements", maxDisagreements), ("--max-rejected", maxRejected)] {
                guard (0...ReplayOptions.maxListed).contains(value) else {
                    throw ExitStatus.usageError("\(name) must be between 0 and \(ReplayOptions.maxListed), got \(value)")
                }
            }
            options.maxDisagreements = maxDisagreements
            options.maxRejected = maxRejected
            options.fields.id = string(idField, "id-field", "id")
            options.fields.label = string(labelField, "label-field", "label")
            options.fields.labeler = string(labelerField, "labeler-field", "labeler")
            options.fields.ai = string(aiField, "ai-field", "ai")
            options.fields.path = string(pathField, "path-field", "path")
            options.fields.time = timeField
            options.fields.duration = durationField
            options.review.period = period
            options.review.target = target
            options.review.targetRate = targetRate

            // Every output is checked before any input is read: a bad path fails before the work, and no
            // output may replace an input or another output.
            let outputs: [(option: String, path: String?)] = [("-o", output), ("--disagreements", disagreements)]
            let sampleInputs = [samples] + (gold.map { [$0] } ?? [])
            try Output.check(outputs, inputs: [tree] + sampleInputs)
            let compilation = try SOPLoading.compile([tree])
            try Output.check(outputs, inputs: sampleInputs + compilation.sources.keys.sorted())
            let graph = try SOPLoading.graph(compilation, paths: [tree], sop: sop)
            if let gold {
                do {
                    options.review.gold = try GoldSet.load(ByteSource(path: gold), format: SOPLoading.sampleFormat(nil, of: gold), graph: graph, fields: options.fields, name: gold)
                } catch let error as IOError {
                    throw ExitStatus.usageError(error.message)
                }
            }
            options.disagreementRows = disagreements != nil
            let replayer = Replayer(graph: graph, options: options)
            let showProgress = isatty(STDERR_FILENO) == 1
            let result: ReplayResult
            var file: AtomicFile?
            // The disagreements file, written (and flushed to disk) on another core while the report is
            // rendered: its write error, if any.
            var written: Parallel.Background<IOError?>?
            do {
                let source = try ByteSource(path: samples)
                // The rows wait for their causes in a temporary file beside the output, not in memory.
                var spool: DisagreementSpool?
                if let disagreements {
                    file = try AtomicFile(path: disagreements)
                    try file?.write(DisagreementCSV.header)
                    spool = try DisagreementSpool(beside: disagreements)
                }
                // Labeled: an unlabeled trailing closure would be taken for `onDisagreement`.
                result = try replayer.replay(source, spool: spool, progress: { count in
                    guard showProgress else { return }
                    FileHandle.standardError.write(Data("\rreplayed \(count) samples".utf8))
                })
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                // The cause of each disagreement is known only after the pass: rows are written then. Nothing
                // else touches the file until the writing is done.
                if let file {
                    nonisolated(unsafe) let csv = file
                    let done = result
                    written = Parallel.Background(inline: options.jobs <= 1) {
                        do {
                            try DisagreementCSV.write(done) { try csv.write($0) }
                            try csv.commit()
                            return nil
                        } catch {
                            csv.discard()
                            return error as? IOError ?? IOError("cannot write `\(csv.path)`: \(error)")
                        }
                    }
                }
            } catch let error as IOError {
                file?.discard()
                throw ExitStatus.usageError(error.message)
            }

            let rendered = renderer.render(result, target: target)
            let report = renderer.name == "text" ? style.headings(rendered) : rendered
            if let error = written?.value { throw ExitStatus.usageError(error.message) }
            try Output.write(report, to: output)

            // A text report on the terminal has the warning in its summary; otherwise a person sees it
            // on standard error.
            for warning in result.warnings where renderer.name != "text" || output != nil {
                FileHandle.standardError.write(Data("sopc: warning: \(warning)\n".utf8))
            }
            if result.samples > 0 && result.replayed == 0 {
                FileHandle.standardError.write(Data("sopc: warning: no sample could be replayed; check that \(TerminalText.escape(samples)) is labeled for `\(graph.program.sops[graph.sop.index].name)` and see the rejected rows\n".utf8))
            }
            var failed = false
            if let minAgreement, (result.agreement ?? -1) < minAgreement.value {
                FileHandle.standardError.write(Data("sopc: agreement \(Self.written(result.agreement, like: minAgreement)) is below --min-agreement \(minAgreement)\n".utf8))
                failed = true
            }
            if let maxRejectedRate, result.samples > 0, Double(result.rejected) / Double(result.samples) > maxRejectedRate.value {
                let rate = Double(result.rejected) / Double(result.samples)
                FileHandle.standardError.write(Data("sopc: \(result.rejected) of \(result.samples) rows rejected (\(Self.written(rate, like: maxRejectedRate))), above --max-rejected-rate \(maxRejectedRate)\n".utf8))
                failed = true
            }
            if let minKappa, (result.kappa ?? -2) < minKappa {
                let k = result.kappa.map { JSONValue.double($0, fractionDigits: 4).rendered(indent: 0) } ?? "undefined"
                FileHandle.standardError.write(Data("sopc: kappa \(k) is below --min-kappa \(minKappa)\n".utf8))
                failed = true
            }
            if failed { throw ExitCode(ExitStatus.findings) }
        }

        /// A measured ratio in the unit the user wrote the threshold in: `87.5%` beside `90%`, `0.875` beside `0.9`.
        static func written(_ d: Double?, like threshold: Ratio) -> String {
            guard let d else { return "undefined" }
            return threshold.written.hasSuffix("%")
                ? JSONValue.double(d * 100, fractionDigits: 2).rendered(indent: 0) + "%"
                : JSONValue.double(d, fractionDigits: 4).rendered(indent: 0)
        }
    }
}

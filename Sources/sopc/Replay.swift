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
            abstract: "Replay labeled samples through a SOP and report agreement, hotspots and labelers.",
            discussion: """
            SAMPLES is JSON Lines or CSV (by extension, `.gz` allowed, or --input-format); `-` reads standard input. \
            Exit status: 0 done, 1 below --min-agreement or --min-kappa, 2 usage or I/O error.
            """)

        @Argument(help: "The SOP file to replay through.")
        var tree: String

        @Argument(help: "Labeled samples: `.jsonl` or `.csv`, optionally `.gz`; `-` for standard input.")
        var samples: String

        @Option(help: "The SOP to replay through, when the file set holds several (by `sop:` id).")
        var sop: String?

        @Option(help: "Sample format: jsonl or csv (default: from the file name).")
        var inputFormat: String?

        @Option(help: "Report format: text, json or html (a self-contained page; use with -o).")
        var format: String = "text"

        @Option(name: [.short, .customLong("output")], help: "Write the report to a file (atomically) instead of standard output.")
        var output: String?

        @Option(help: "Write one CSV row per disagreement to this file (atomically).")
        var disagreements: String?

        @Option(help: "Field holding the sample id.") var idField = "id"
        @Option(help: "Field holding the specialist's outcome.") var labelField = "label"
        @Option(help: "Field holding the specialist's name.") var labelerField = "labeler"
        @Option(help: "Field holding the AI's outcome.") var aiField = "ai"
        @Option(help: "Field holding the specialist's node path.") var pathField = "path"

        @Option(help: "Agreement each labeler should reach; those below are flagged.")
        var target: Double = 0.95

        @Option(help: "Field holding when the sample was labeled (ISO 8601 date or date-time): turns on trends.")
        var timeField: String?

        @Option(help: "Trend period: day, week (ISO week) or month.")
        var period: String = "week"

        @Option(help: "Field holding the seconds spent on the sample: turns on the productivity table.")
        var durationField: String?

        @Option(help: "Labels per hour each labeler should reach; those below are flagged.")
        var targetRate: Double?

        @Option(help: "Gold outcomes per item (JSON Lines or CSV with the id and label fields).")
        var gold: String?

        @Option(help: "Exit 1 when overall agreement is below this (0 to 1).")
        var minAgreement: Double?

        @Option(help: "Exit 1 when Cohen's kappa is below this.")
        var minKappa: Double?

        @Option(help: "Worker threads (default: one per core); the report does not depend on it.")
        var jobs: Int?

        @Option(help: "Disagreements listed in the report (all are counted).")
        var maxDisagreements = 100

        @Option(help: "Rejected rows listed in the report (all are counted).")
        var maxRejected = 100

        func run() throws {
            guard let renderer = ReplayReports.renderer(named: format) else {
                throw ExitStatus.usageError("unknown --format `\(format)`; use " + ReplayReports.names.joined(separator: ", "))
            }
            guard let reviewPeriod = ReviewPeriod(rawValue: period) else {
                throw ExitStatus.usageError("unknown --period `\(period)`; use day, week or month")
            }
            guard (0...1).contains(target), targetRate.map({ $0 >= 0 }) ?? true else {
                throw ExitStatus.usageError("--target must be between 0 and 1 and --target-rate at least 0")
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
            options.fields.id = idField
            options.fields.label = labelField
            options.fields.labeler = labelerField
            options.fields.ai = aiField
            options.fields.path = pathField
            options.fields.time = timeField
            options.fields.duration = durationField
            options.review.period = reviewPeriod
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
            let replayer = Replayer(graph: graph, options: options)
            let showProgress = isatty(STDERR_FILENO) == 1
            let result: ReplayResult
            var file: AtomicFile?
            do {
                let source = try ByteSource(path: samples)
                if let disagreements {
                    file = try AtomicFile(path: disagreements)
                    try file?.write(DisagreementCSV.header)
                }
                // The cause of each disagreement is known only after the pass: rows wait for it.
                let csv = DisagreementCSV(graph: graph)
                var pending: [String] = []
                result = try replayer.replay(source, onDisagreement: file.map { _ in { pending.append(csv.cells($0)) } }) { count in
                    guard showProgress else { return }
                    FileHandle.standardError.write(Data("\rreplayed \(count) samples".utf8))
                }
                if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                if let file {
                    for (cells, verdict) in zip(pending, result.review.rootCauses.inInputOrder) {
                        try file.write(DisagreementCSV.line(cells: cells, cause: verdict.cause))
                    }
                }
                try file?.commit()
            } catch let error as IOError {
                file?.discard()
                throw ExitStatus.usageError(error.message)
            }

            let report = renderer.render(result, target: target)
            try Output.write(report, to: output)

            // A text report on the terminal has the warning in its summary; otherwise a person sees it
            // on standard error.
            if let warning = result.repeatWarning, renderer.name != "text" || output != nil {
                FileHandle.standardError.write(Data("sopc: warning: \(warning)\n".utf8))
            }
            if result.samples > 0 && result.replayed == 0 {
                FileHandle.standardError.write(Data("sopc: warning: no sample could be replayed; check that \(TerminalText.escape(samples)) is labeled for `\(graph.program.sops[graph.sop.index].name)` and see the rejected rows\n".utf8))
            }
            var failed = false
            if let minAgreement, (result.agreement ?? -1) < minAgreement {
                FileHandle.standardError.write(Data("sopc: agreement \(percent(result.agreement)) is below --min-agreement \(percent(minAgreement))\n".utf8))
                failed = true
            }
            if let minKappa, (result.kappa ?? -2) < minKappa {
                let k = result.kappa.map { JSONValue.double($0, fractionDigits: 4).rendered(indent: 0) } ?? "undefined"
                FileHandle.standardError.write(Data("sopc: kappa \(k) is below --min-kappa \(minKappa)\n".utf8))
                failed = true
            }
            if failed { throw ExitCode(ExitStatus.findings) }
        }

        private func percent(_ d: Double?) -> String {
            d.map { JSONValue.double($0 * 100, fractionDigits: 2).rendered(indent: 0) + "%" } ?? "undefined"
        }
    }
}

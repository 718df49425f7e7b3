import ArgumentParser
import Foundation
import SOPCompiler
import SOPCore
import SOPGraph
import SOPReplay

extension SOPC {
    /// `sopc test PATH...`: run every SOP's `examples:` (and labeled sample files) as tests.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run every SOP's examples (and labeled sample files) and report pass or fail with the path taken.",
            discussion: "Exit status: 0 all pass, 1 a failure or coverage below --coverage-min, 2 usage or I/O error.")

        @Argument(help: "SOP files or folders (default: the project root of `.sopc.yaml`).")
        var paths: [String] = []

        @OptionGroup var configOptions: ConfigOptions

        @Option(help: "Report format (default: text, or `format:` in the `test:` section of `.sopc.yaml`); junit is JUnit XML, one test case per example.")
        var format: TestFormat?

        @OptionGroup var colorOptions: ColorOptions

        @Option(name: [.short, .customLong("output")], help: "Write the report to a file (atomically) instead of standard output.")
        var output: String?

        @Option(help: "A labeled sample file to run as tests too (repeatable); each row passes when the SOP's outcome equals its label.")
        var samples: [String] = []

        @Option(help: "The SOP sample files are replayed through, when several are named (by `sop:` id).")
        var sop: String?

        @Option(help: "Sample format: jsonl or csv (default: from the file name).")
        var inputFormat: SampleFormat?

        @Flag(help: "Print branch coverage by the examples.")
        var coverage = false

        @Option(help: "Fail when example branch coverage is below this ratio: a fraction (0.9) or a percentage (90%) (implies --coverage).")
        var coverageMin: String?

        @Flag(help: "Measure coverage over imported SOPs too (default: the files named only).")
        var coverageImports = false

        @Flag(help: "Print only failures and totals.")
        var quiet = false

        enum TestFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json, junit
        }

        func run() throws {
            let config = try configOptions.load()
            let format = try self.format ?? config.choice("test", "format") ?? .text
            let style = try colorOptions.style(output: output, config: config, section: "test")
            let minimumText = coverageMin ?? config.value("test", "coverage-min")?.written
            let minimum = try minimumText.map { text in
                guard let r = Ratio(text) else { throw ExitStatus.usageError(Ratio.problem(text, option: "--coverage-min")) }
                return r
            }
            let coverage = self.coverage || minimum != nil || (config.value("test", "coverage")?.bool ?? false)
            let coverageImports = self.coverageImports || (config.value("test", "coverage-imports")?.bool ?? false)
            let quiet = self.quiet || (config.value("test", "quiet")?.bool ?? false)
            let paths = try SOPLoading.files(try config.paths(self.paths), config: config)
            // `-o` is checked like every output: before any input is read, then against the imports too.
            try Output.check([("-o", output)], inputs: paths + samples)
            let compilation = try SOPLoading.compile(paths, config: config)
            try Output.check([("-o", output)], inputs: samples + compilation.sources.keys.sorted())
            let program = compilation.program
            let roots = Set(compilation.rootFiles)
            // Every SOP compiled, named files first, then imports, in file order.
            let ordered = program.sops.sorted { a, b in
                let ra = roots.contains(a.file), rb = roots.contains(b.file)
                return ra != rb ? ra : a.id < b.id
            }
            var out = ""
            var failed = false
            var tested: [SOPID] = []
            var broken: [SOP] = []
            for s in ordered where !s.examples.isEmpty || s.start != nil {
                if compilation.validSOPs.contains(s.id) {
                    tested.append(s.id)
                } else {
                    out += "FAIL \(s.name): the SOP has errors; run `sopc check \(s.file)`\n"
                    broken.append(s)
                    failed = true
                }
            }
            let run = ExampleRun(program: program, sops: tested)
            var report = TestReport()
            for s in broken {
                report.cases.append(TestReport.Case(suite: s.name, name: "compiles", file: s.file, line: 1, passed: false, failure: "the SOP has errors; run `sopc check \(s.file)`", path: ""))
            }
            report.add(run, coverageOf: coverageImports ? nil : roots)
            report.measuresCoverage = coverage
            for r in run.results {
                let title = "\(program.sops[r.sop.index].name) / \(r.name)"
                if r.passed {
                    if !quiet { out += "PASS \(title): \(run.pathText(r))\n" }
                } else {
                    out += "FAIL \(title) (\(program.sops[r.sop.index].file):\(r.range.start.line)): \(r.failure ?? "failed")\n"
                    out += "     path: \(run.pathText(r))\n"
                    failed = true
                }
            }
            out += "examples: \(run.results.count - run.failures) passed, \(run.failures) failed\n"

            for file in samples {
                let (text, ok) = try replaySamples(file, compilation: compilation)
                out += text
                if !ok { failed = true }
            }

            if coverage {
                let pct = report.coverage * 100
                out += "coverage: \(report.branchesTaken) of \(report.branchesTotal) branches (\(JSONValue.double(pct, fractionDigits: 1).rendered(indent: 0))%)"
                out += coverageImports ? "\n" : " in the files named (--coverage-imports for their imports too)\n"
                for g in report.gaps {
                    out += "  unexercised \(g.file):\(g.line): \(g.sop) \(g.node): \(g.branch)\n"
                }
                if let minimum, report.coverage < minimum.value {
                    out += "coverage is below --coverage-min \(minimum)\n"
                    report.coverageBelowMinimum = minimum.written
                    failed = true
                }
            }
            switch format {
            case .text: try Output.write(Self.colored(TerminalText.escape(out, keepingLayout: true), style), to: output)
            case .json: try Output.write(report.json.rendered(indent: 2) + "\n", to: output)
            case .junit: try Output.write(report.junit, to: output)
            }
            if failed { throw ExitCode(ExitStatus.findings) }
        }

        /// The text report with `PASS` green, `FAIL` red and the totals in bold (after escaping, which
        /// would remove the colors' escape sequences).
        static func colored(_ text: String, _ style: TerminalStyle) -> String {
            guard style.enabled else { return text }
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                if line.hasPrefix("PASS ") { return style.pass("PASS") + line.dropFirst(4) }
                if line.hasPrefix("FAIL ") { return style.error("FAIL") + line.dropFirst(4) }
                if line.hasPrefix("examples: ") || line.hasPrefix("samples ") || line.hasPrefix("coverage") { return style.bold(String(line)) }
                return String(line)
            }.joined(separator: "\n")
        }

        /// Replays one sample file as tests: a row passes when the SOP agrees with its label.
        private func replaySamples(_ file: String, compilation: Compilation) throws -> (String, Bool) {
            let graph = try SOPLoading.graph(compilation, paths: paths, sop: sop)
            var options = ReplayOptions()
            options.format = try SOPLoading.sampleFormat(inputFormat, of: file)
            let result: ReplayResult
            do {
                result = try Replayer(graph: graph, options: options).replay(ByteSource(path: file))
            } catch let error as IOError {
                throw ExitStatus.usageError(error.message)
            }
            var out = ""
            for d in result.disagreements {
                out += "FAIL \(file) \(d.id) (line \(d.line)): label `\(graph.name(of: d.label))`, SOP `\(graph.name(of: d.sop))`\n"
                out += "     path: " + DecisionPath.join(d.path.map(graph.name(of:)) + [graph.name(of: d.sop)]) + "\n"
            }
            for r in result.rejectedRows {
                out += "FAIL \(file) \(r.id ?? String(r.line)) (line \(r.line)): \(r.reason)\n"
            }
            let listed = result.disagreements.count + result.rejectedRows.count
            let failures = result.disagree + result.rejected
            out += MoreNotShown.line(failures - listed, "failures", indent: "     ")
            out += "samples \(file): \(result.agree) passed, \(result.disagree) failed, \(result.rejected) rejected\n"
            return (out, failures == 0)
        }
    }
}

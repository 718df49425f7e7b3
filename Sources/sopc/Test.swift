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
            abstract: "Run every SOP's examples (and labeled sample files) and report pass or fail with the path taken.",
            discussion: "Exit status: 0 all pass, 1 a failure or coverage below --coverage-min, 2 usage or I/O error.")

        @Argument(help: "SOP files or folders.")
        var paths: [String]

        @Option(help: "A labeled sample file to run as tests too (repeatable); each row passes when the SOP's outcome equals its label.")
        var samples: [String] = []

        @Option(help: "The SOP sample files are replayed through, when several are named (by `sop:` id).")
        var sop: String?

        @Option(help: "Sample format: jsonl or csv (default: from the file name).")
        var inputFormat: String?

        @Flag(help: "Print branch coverage by the examples.")
        var coverage = false

        @Option(help: "Fail when example branch coverage is below this percentage (implies --coverage).")
        var coverageMin: Double?

        @Flag(help: "Print only failures and totals.")
        var quiet = false

        func run() throws {
            let compilation = try SOPLoading.compile(paths)
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
            for s in ordered where !s.examples.isEmpty || s.start != nil {
                if compilation.validSOPs.contains(s.id) {
                    tested.append(s.id)
                } else {
                    out += "FAIL \(s.name): the SOP has errors; run `sopc check \(s.file)`\n"
                    failed = true
                }
            }
            let run = ExampleRun(program: program, sops: tested)
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

            if coverage || coverageMin != nil {
                let all = run.coverage.flatMap(\.branches)
                let taken = all.filter(\.taken).count
                let pct = run.coveragePercent ?? 100
                out += "coverage: \(taken) of \(all.count) branches (\(JSONValue.double(pct, fractionDigits: 1).rendered(indent: 0))%)\n"
                for (s, branches) in run.coverage {
                    let graph = ReplayGraph(program: program, sop: s)
                    for b in branches where !b.taken {
                        out += "  unexercised \(program.sops[s.index].name) \(graph.name(of: b.node)): \(graph.describe(node: b.node, branch: b.branch))\n"
                    }
                }
                if let coverageMin, pct < coverageMin {
                    out += "coverage is below --coverage-min \(JSONValue.double(coverageMin, fractionDigits: 1).rendered(indent: 0))%\n"
                    failed = true
                }
            }
            try Output.standardOutput(out)
            if failed { throw ExitCode(ExitStatus.findings) }
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
            if failures > listed { out += "     ... and \(failures - listed) more failures\n" }
            out += "samples \(file): \(result.agree) passed, \(result.disagree) failed, \(result.rejected) rejected\n"
            return (out, failures == 0)
        }
    }
}

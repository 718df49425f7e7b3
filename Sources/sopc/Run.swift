import ArgumentParser
import Foundation
import SOPCore
import SOPGraph
import SOPReplay

extension SOPC {
    /// `sopc run TREE --given name=value ...` or `sopc run TREE --cases FILE`: evaluate cases.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Evaluate cases through a SOP: trace one case, or write one outcome row per case.",
            discussion: """
            With --given, walks one case and prints each node, its question, the branch that decided, the values \
            read and the outcome. With --cases (JSON Lines or CSV, `.gz` allowed, `-` for standard input; no \
            labels needed), writes one row per case in input order: id, line, outcome and path, or the reason \
            the row is rejected (see docs/run.md). \
            Exit status: 0 done, 2 usage or I/O error (including missing or invalid --given values).
            """)

        @Argument(help: "The SOP file.")
        var tree: String

        @Option(help: "The SOP to run, when the file set holds several (by `sop:` id).")
        var sop: String?

        @Option(name: .customLong("given"), help: "An input value, `name=value` (repeatable); sets are `a,b` or `[a, b]`.")
        var given: [String] = []

        @Option(help: "Cases to evaluate: `.jsonl` or `.csv`, optionally `.gz`; `-` for standard input.")
        var cases: String?

        @Option(help: "Case file format: jsonl or csv (default: from the file name).")
        var inputFormat: SampleFormat?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, jsonl, csv
        }

        @Option(help: "Output: text or json for one case; jsonl (default) or csv for --cases.")
        var format: Format?

        @OptionGroup var colorOptions: ColorOptions

        @Option(name: [.short, .customLong("output")], help: "Write the output to a file (atomically) instead of standard output.")
        var output: String?

        @Option(help: "Field holding the case id.") var idField = "id"

        @Option(help: "Worker threads for --cases (default: one per core); the output does not depend on it.")
        var jobs: Int?

        func run() throws {
            let graph = try SOPLoading.graph(paths: [tree], sop: sop)
            if let cases {
                guard given.isEmpty else { throw ExitStatus.usageError("use either --given or --cases, not both") }
                try runCases(cases, graph: graph)
            } else {
                try runOne(graph: graph)
            }
        }

        private func runOne(graph: ReplayGraph) throws {
            let program = graph.program
            let fmt = format ?? .text
            guard fmt == .text || fmt == .json else {
                throw ExitStatus.usageError("--format \(fmt.rawValue) is for --cases; one case is written as text or json")
            }
            let c: Case
            switch GivenValues.parse(given, graph: graph) {
            case .success(let value): c = value
            case .failure(let errors):
                for m in errors.messages.dropLast() { FileHandle.standardError.write(Data("sopc: error: \(TerminalText.escape(m))\n".utf8)) }
                throw ExitStatus.usageError(errors.messages.last ?? "invalid --given")
            }
            let trace = CaseTrace(graph: graph, case: c)
            if case .missingInput(let node, let inputs) = trace.walk.end {
                let names = inputs.map { "`\(program.name(of: $0, from: graph.sop))`" }.joined(separator: ", ")
                FileHandle.standardError.write(Data(trace.text(program: program).utf8))
                throw ExitStatus.usageError("the case needs \(names) at node `\(graph.name(of: node))` (\(program[node].question)); give \(inputs.count == 1 ? "it" : "them") with --given")
            }
            let text = fmt == .json ? trace.json(program: program).rendered() + "\n" : try colorOptions.style(output: output).headings(trace.text(program: program))
            try Output.write(text, to: output)
            if trace.walk.outcome == nil { throw ExitStatus.usageError("the case reaches no outcome") }
        }

        private func runCases(_ cases: String, graph: ReplayGraph) throws {
            let fmt = format ?? .jsonl
            guard let rowFormat = CaseRowFormat(rawValue: fmt.rawValue) else {
                throw ExitStatus.usageError("--format \(fmt.rawValue) is for one case (--given); --cases writes jsonl or csv")
            }
            var options = ReplayOptions()
            options.format = try SOPLoading.sampleFormat(inputFormat, of: cases)
            options.fields.id = idField
            if let jobs {
                guard jobs > 0 else { throw ExitStatus.usageError("--jobs must be at least 1") }
                options.jobs = jobs
            }
            let runner = CaseRunner(graph: graph, options: options, format: rowFormat)
            if let output, output != "-", output != "/dev/stdout",
               FileManager.default.fileExists(atPath: output), cases != "-",
               URL(fileURLWithPath: output).resolvingSymlinksInPath() == URL(fileURLWithPath: cases).resolvingSymlinksInPath() {
                throw ExitStatus.usageError("the output `\(output)` is the case file; name another file")
            }
            var file: AtomicFile?
            do {
                let source = try ByteSource(path: cases)
                if let output, output != "-" { file = try AtomicFile(path: output) }
                let summary = try runner.run(source) { bytes in
                    if let file {
                        try file.write(bytes)
                    } else {
                        try Self.writeStandardOutput(bytes)
                    }
                }
                try file?.commit()
                if summary.rejected > 0 {
                    FileHandle.standardError.write(Data("sopc: \(summary.rejected) of \(summary.cases) cases rejected; see the `rejected` rows\n".utf8))
                }
            } catch let error as IOError {
                file?.discard()
                throw ExitStatus.usageError(error.message)
            } catch let error as ExitCode {
                file?.discard()
                throw error
            } catch {
                file?.discard()
                throw ExitStatus.usageError("cannot write the output: \(error.localizedDescription)")
            }
        }
    
        /// Writes all of `bytes` to file descriptor 1 (one large write per batch, no buffering).
        private static func writeStandardOutput(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBufferPointer { b in
                guard var p = b.baseAddress else { return }
                var left = b.count
                while left > 0 {
                    let n = Foundation.write(1, p, left)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { throw IOError("cannot write to standard output: \(String(cString: strerror(errno)))") }
                    p += n
                    left -= n
                }
            }
        }
    }
}

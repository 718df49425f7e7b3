import ArgumentParser
import Foundation
import SOPCompiler
import SOPCore
import SOPGraph
import SOPReplay

/// `sopc-bench gen-samples TREE N`: a large labeled JSON Lines sample set for a SOP, with label noise
/// planted at chosen nodes.
struct GenerateSamples: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gen-samples", abstract: "Generate labeled samples (JSON Lines) for a SOP with planted label noise.")

    @Argument(help: "The SOP file.") var tree: String
    @Argument(help: "Number of samples.") var count: Int
    @Option(name: [.short, .customLong("output")], help: "Output file (default: standard output).") var output: String?
    @Option(help: "Noise at a node: NODE=RATE, the share of samples passing NODE labeled through another branch (repeatable).") var noise: [String] = []
    @Option(help: "Share of samples that carry the specialist's path.") var pathRate = 0.3
    @Option(help: "Share of samples that carry an AI outcome.") var aiRate = 0.5
    @Option(help: "Share of AI outcomes that differ from the label.") var aiErrorRate = 0.05
    @Option(help: "Comma-separated labeler names.") var labelers = "ana,bo,chen,dee"
    @Option(help: "Random seed.") var seed: UInt64 = 1

    func run() throws {
        guard count >= 0 else { throw ValidationError("the count must not be negative") }
        let graph = try ReplayBenchmark.loadGraph(tree)
        var options = SampleGenerator.Options()
        for spec in noise {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let rate = Double(parts[1]), let node = graph.node(named: parts[0]) else {
                throw ValidationError("bad --noise `\(spec)`; write NODE=RATE with a node of the SOP")
            }
            options.noise[node] = rate
        }
        options.pathRate = pathRate
        options.aiRate = aiRate
        options.aiErrorRate = aiErrorRate
        options.labelers = labelers.split(separator: ",").map(String.init)
        options.seed = seed
        let generator = SampleGenerator(graph: graph, options: options)
        // `AtomicFile` leaves a half-written file out of sight and writes devices and pipes in place.
        let file = try output.flatMap { $0 == "-" ? nil : try AtomicFile(path: $0) }
        func emit(_ text: String) throws {
            if let file { try file.write(text) } else { FileHandle.standardOutput.write(Data(text.utf8)) }
        }
        // Blocks of rows are generated in parallel and written in order: the file depends only on the seed.
        let block = 50_000, parts = 8
        var start = 0
        while start < count {
            let first = start, end = min(count, start + block)
            let results = TextSlots(parts)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = first + (end - first) * p / parts, hi = first + (end - first) * (p + 1) / parts
                var text = ""
                for i in lo..<hi {
                    if let s = generator.sample(i) { text += generator.jsonLine(s, id: "s\(i + 1)") }
                }
                results.set(p, text)
            }
            for t in results.values { try emit(t) }
            start = end
        }
        try file?.commit()
    }
}

/// Text slots filled by index from worker threads.
private final class TextSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String]
    init(_ count: Int) { storage = Array(repeating: "", count: count) }
    func set(_ i: Int, _ s: String) { lock.lock(); storage[i] = s; lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return storage }
}

/// `sopc-bench replay TREE FILE`: replay throughput (median samples/s) and peak memory, optionally beside
/// `jq -c .` and a plain Python `json.loads` loop over the same file, in one run.
struct ReplayBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Time sopc replay on a sample file, optionally against jq and Python.")

    @Argument(help: "The SOP file.") var tree: String
    @Argument(help: "Labeled samples (.jsonl or .csv, optionally .gz).") var samples: String
    @Option(help: "Timed runs of each measurement (the median is reported).") var runs = 5
    @Option(help: "Worker threads (default: one per core).") var jobs: Int?
    @Flag(help: "Also time `jq -c . FILE` and a Python `json.loads` loop.") var compare = false
    @Option(help: "Also time `sopc replay` with every QA review option on (trends, durations and targets, this gold file, the disagreements file, HTML report) against the plain one, each as its own process, alternating.")
    var review: String?
    @Option(help: "Time field for --review.") var timeField = "labeled_at"
    @Option(help: "The sopc binary for --review (default: the one next to sopc-bench).") var sopc: String?
    @Option(help: "Duration field for --review.") var durationField = "seconds"
    @Flag(name: .customLong("run"), help: "Also time `sopc run --cases` (per-row JSON Lines output, discarded) on the same file.") var runCases = false

    static func loadGraph(_ tree: String) throws -> ReplayGraph {
        let compilation = try Compiler.compile(files: [tree])
        guard let sop = compilation.rootFiles.first.flatMap(compilation.sop(inFile:)),
              compilation.validSOPs.contains(sop.id), sop.start != nil else {
            throw ValidationError("`\(tree)` does not compile to a SOP without errors")
        }
        return ReplayGraph(program: compilation.program, sop: sop.id)
    }

    func run() throws {
        let graph = try Self.loadGraph(tree)
        var options = ReplayOptions()
        options.format = SampleFormat.infer(fromPath: samples) ?? .jsonl
        if let jobs { options.jobs = max(1, jobs) }
        let size = ((try? FileManager.default.attributesOfItem(atPath: samples))?[.size] as? Int) ?? 0
        var count = 0
        var agreement = "-"
        let times = try Measure.times(runs: runs) {
            let result = try Replayer(graph: graph, options: options).replay(ByteSource(path: samples))
            count = result.samples
            agreement = result.agreement.map { String(format: "%.2f%%", $0 * 100) } ?? "-"
        }
        let median = Measure.median(times)
        print("replay \(samples): \(count) samples, \(size / 1_000_000) MB, \(options.jobs) worker(s), agreement \(agreement), \(runs) runs")
        print(String(format: "sopc replay:              median %.3f s  %9.0f samples/s", median, Double(count) / median))
        if let review {
            // Each variant runs as its own `sopc replay` process, as a user runs it (report rendered and
            // written to /dev/null), alternating, so the peak memory is each variant's own and both see
            // the same machine. CPU time (all threads) is the figure that survives a loaded machine.
            let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let sopc = self.sopc ?? here.appendingPathComponent("sopc").path
            let jobsArgs = jobs.map { ["--jobs", String($0)] } ?? []
            let plainArgs = ["replay", tree, samples, "-o", "/dev/null"] + jobsArgs
            // Every review option on: trends per week, handling times against both targets, the gold set, the
            // root causes (several labelers per item come with repeated ids) and the disagreements file.
            let disagreements = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-bench-disagreements-\(getpid()).csv").path
            defer { try? FileManager.default.removeItem(atPath: disagreements) }
            let reviewArgs = ["replay", tree, samples, "--time-field", timeField, "--period", "week", "--duration-field", durationField,
                              "--gold", review, "--target", "0.9", "--target-rate", "60", "--disagreements", disagreements,
                              "--format", "html", "-o", "/dev/null"] + jobsArgs
            var plain: [Measure.Usage] = [], reviewed: [Measure.Usage] = []
            for _ in 0..<runs {
                plain.append(try Measure.usage(sopc, plainArgs))
                reviewed.append(try Measure.usage(sopc, reviewArgs))
            }
            func line(_ name: String, _ u: [Measure.Usage]) -> (wall: Double, cpu: Double) {
                let wall = Measure.median(u.map(\.seconds)), cpu = Measure.median(u.map(\.cpuSeconds))
                let peak = u.map(\.maxResidentMiB).max() ?? 0
                print(name.padding(toLength: 30, withPad: " ", startingAt: 0)
                      + String(format: "wall %.3f s  %9.0f rows/s   CPU %.3f s  %9.0f rows per CPU-s   peak %.0f MiB", wall, Double(count) / wall, cpu, Double(count) / cpu, peak))
                return (wall, cpu)
            }
            print("sopc replay as a process (\(sopc)), \(runs) runs each, alternating, medians:")
            let p = line("  plain (text report):", plain)
            let q = line("  whole review (html + csv):", reviewed)
            print(String(format: "  review / plain: %.2fx the wall time, %.2fx the CPU time", q.wall / p.wall, q.cpu / p.cpu))
        }
        if let peak = Measure.peakMemoryMiB() { print(String(format: "peak memory (VmHWM):      %.0f MiB", peak)) }
        if runCases {
            var rows = 0
            var bytes = 0
            let runTimes = try Measure.times(runs: runs) {
                bytes = 0
                let summary = try CaseRunner(graph: graph, options: options, format: .jsonl).run(ByteSource(path: samples)) { bytes += $0.count }
                rows = summary.cases
            }
            let t = Measure.median(runTimes)
            print(String(format: "sopc run --cases:         median %.3f s  %9.0f cases/s  (%d rows, %d MB out)", t, Double(rows) / t, rows, bytes / 1_000_000))
            if let peak = Measure.peakMemoryMiB() { print(String(format: "peak memory (VmHWM):      %.0f MiB", peak)) }
        }
        guard compare else { return }
        let script = "import json,sys\nfor line in open(sys.argv[1],'rb'):\n    if line.strip(): json.loads(line)\n"
        for (name, argv) in [("jq -c . >/dev/null:", ["jq", "-c", ".", samples]), ("python json.loads loop:", ["python3", "-c", script, samples])] {
            guard let t = Self.time(argv, runs: runs) else {
                print("\(name) could not run")
                continue
            }
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "median %.3f s  %9.0f samples/s", t, Double(count) / t))
        }
    }

    /// Median wall time of a command with standard output discarded; nil when it cannot run.
    static func time(_ argv: [String], runs: Int) -> Double? {
        var times: [Double] = []
        for _ in 0..<runs {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = argv
            p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            let start = DispatchTime.now().uptimeNanoseconds
            guard (try? p.run()) != nil else { return nil }
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return Measure.median(times)
    }
}

import Foundation
import SOPCompiler
import SOPCore
import SOPGraph
import SOPReplay

/// `sopc-bench gen-samples` and `sopc-bench replay`: labeled sample sets with planted noise, and the replay
/// throughput benchmark recorded in docs/performance.md.
enum ReplayBench {
    static let usage = """
    sopc-bench gen-samples TREE N [--out FILE] [--noise NODE=RATE]... [--path-rate R] [--ai-rate R]
                           [--labelers a,b,c] [--seed S]
    sopc-bench replay TREE FILE [--runs K] [--jobs J] [--compare]
    """

    /// Runs a replay subcommand; `nil` when `command` is not one of them.
    static func run(_ command: String, _ args: [String]) -> Int32? {
        switch command {
        case "gen-samples": return generate(args)
        case "replay": return benchmark(args)
        default: return nil
        }
    }

    // MARK: - Arguments

    struct Arguments {
        var positional: [String] = []
        var options: [String: [String]] = [:]
        var flags: Set<String> = []

        init(_ args: [String], flags known: Set<String>) {
            var i = 0
            while i < args.count {
                let a = args[i]
                if a.hasPrefix("--") {
                    let name = String(a.dropFirst(2))
                    if known.contains(name) {
                        flags.insert(name)
                    } else if i + 1 < args.count {
                        options[name, default: []].append(args[i + 1])
                        i += 1
                    }
                } else {
                    positional.append(a)
                }
                i += 1
            }
        }

        func value(_ name: String) -> String? { options[name]?.last }
    }

    static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("sopc-bench: error: \(message)\n".utf8))
        return 2
    }

    static func loadGraph(_ tree: String) -> ReplayGraph? {
        guard let compilation = try? Compiler.compile(files: [tree], loader: DiskLoader()),
              let sop = compilation.rootFiles.first.flatMap(compilation.sop(inFile:)),
              compilation.validSOPs.contains(sop.id), sop.start != nil else { return nil }
        return ReplayGraph(program: compilation.program, sop: sop.id)
    }

    // MARK: - gen-samples

    static func generate(_ raw: [String]) -> Int32 {
        let args = Arguments(raw, flags: [])
        guard args.positional.count == 2, let count = Int(args.positional[1]), count >= 0 else { return fail("usage:\n" + usage) }
        guard let graph = loadGraph(args.positional[0]) else { return fail("cannot compile `\(args.positional[0])` without errors") }
        var options = SampleGenerator.Options()
        for spec in args.options["noise"] ?? [] {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let rate = Double(parts[1]), let node = graph.node(named: parts[0]) else {
                return fail("bad --noise `\(spec)`; write NODE=RATE with a node of the SOP")
            }
            options.noise[node] = rate
        }
        options.pathRate = args.value("path-rate").flatMap(Double.init) ?? 0.3
        options.aiRate = args.value("ai-rate").flatMap(Double.init) ?? 0.5
        options.labelers = (args.value("labelers") ?? "ana,bo,chen,dee").split(separator: ",").map(String.init)
        options.seed = args.value("seed").flatMap(UInt64.init) ?? 1
        let generator = SampleGenerator(graph: graph, options: options)
        let out = args.value("out") ?? "-"
        guard let handle = out == "-" ? FileHandle.standardOutput : (FileManager.default.createFile(atPath: out, contents: nil) ? FileHandle(forWritingAtPath: out) : nil) else {
            return fail("cannot write `\(out)`")
        }
        // Rows are generated in parallel blocks and written in order: the file depends only on the seed.
        let block = 50_000
        var start = 0
        while start < count {
            let end = min(count, start + block)
            let parts = 8
            let first = start
            let results = Box(Array(repeating: "", count: parts))
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = first + (end - first) * p / parts, hi = first + (end - first) * (p + 1) / parts
                var text = ""
                for i in lo..<hi {
                    if let s = generator.sample(i) { text += generator.jsonLine(s, id: "s\(i + 1)") }
                }
                results.set(p, text)
            }
            for t in results.values { handle.write(Data(t.utf8)) }
            start = end
        }
        if out != "-" { try? handle.close() }
        return 0
    }

    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String]
        init(_ v: [String]) { storage = v }
        func set(_ i: Int, _ s: String) { lock.lock(); storage[i] = s; lock.unlock() }
        var values: [String] { lock.lock(); defer { lock.unlock() }; return storage }
    }

    // MARK: - replay

    static func benchmark(_ raw: [String]) -> Int32 {
        let args = Arguments(raw, flags: ["compare"])
        guard args.positional.count == 2 else { return fail("usage:\n" + usage) }
        guard let graph = loadGraph(args.positional[0]) else { return fail("cannot compile `\(args.positional[0])` without errors") }
        let file = args.positional[1]
        let runs = max(1, args.value("runs").flatMap(Int.init) ?? 5)
        var options = ReplayOptions()
        options.format = SampleFormat.infer(fromPath: file) ?? .jsonl
        if let j = args.value("jobs").flatMap(Int.init) { options.jobs = max(1, j) }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0

        var rates: [Double] = []
        var seconds: [Double] = []
        var samples = 0
        var agreement = ""
        for _ in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            guard let source = try? ByteSource(path: file),
                  let result = try? Replayer(graph: graph, options: options).replay(source) else { return fail("cannot read `\(file)`") }
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            samples = result.samples
            agreement = result.agreement.map { JSONValue.double($0 * 100, fractionDigits: 2).rendered(indent: 0) + "%" } ?? "-"
            seconds.append(dt)
            rates.append(Double(result.samples) / dt)
        }
        print("replay \(file): \(samples) samples, \(size / 1_000_000) MB, \(options.jobs) job(s), \(runs) runs, agreement \(agreement)")
        print("  sopc replay      median \(fmt(median(seconds))) s  \(Int(median(rates))) samples/s  peak RSS \(peakRSSMB()) MB")
        if args.flags.contains("compare") {
            let jq = timeCommand(["jq", "-c", ".", file], runs: runs)
            let script = "import json,sys\nn=0\nfor line in open(sys.argv[1],'rb'):\n    if line.strip():\n        json.loads(line); n+=1\n"
            let py = timeCommand(["python3", "-c", script, file], runs: runs)
            if let jq { print("  jq -c .          median \(fmt(jq)) s  \(Int(Double(samples) / jq)) samples/s") }
            if let py { print("  python json.loads median \(fmt(py)) s  \(Int(Double(samples) / py)) samples/s") }
        }
        return 0
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func fmt(_ d: Double) -> String { JSONValue.double(d, fractionDigits: 3).rendered(indent: 0) }

    /// The process's peak resident set (VmHWM), in MB.
    static func peakRSSMB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb / 1024
        }
        return -1
    }

    /// Median wall time of `argv` with standard output discarded; `nil` when it cannot run.
    static func timeCommand(_ argv: [String], runs: Int) -> Double? {
        var times: [Double] = []
        for _ in 0..<runs {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = argv
            p.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            let t0 = DispatchTime.now().uptimeNanoseconds
            guard (try? p.run()) != nil else { return nil }
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { return nil }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return median(times)
    }
}

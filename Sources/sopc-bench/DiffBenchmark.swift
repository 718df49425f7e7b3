import ArgumentParser
import Foundation

/// `sopc-bench diff`: times `sopc diff` on the generated SOP against two edited copies, (a) one threshold
/// moved by one and (b) an equivalent refactor (every node renamed, the cases of every switch reversed),
/// beside `sopc check` on the same file, and prints each diff's verdict.
struct DiffBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Time sopc diff on the generated SOP: a threshold change and an equivalent refactor.")

    @Option(help: "Number of nodes.") var nodes = 10_000
    @Option(help: "Number of inputs.") var inputs = 40
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Timed runs of each command (the median is reported).") var runs = 3
    @Option(help: "The sopc binary (default: the one next to sopc-bench).") var sopc: String?
    @Flag(help: "Leave out (a), the threshold change (its full comparison takes minutes on 10,000 nodes).") var skipThreshold = false
    @Option(name: .customLong("at"), parsing: .upToNextOption,
            help: "Node positions for (a): the first threshold at or after each is moved, one diff per position (default: halfway).")
    var positions: [Int] = []

    func run() throws {
        let text = SOPGenerator(nodes: nodes, inputs: inputs, seed: seed).yaml()
        let dir = NSTemporaryDirectory() + "sopc-bench-diff-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let old = dir + "/old.sop.yaml", refactor = dir + "/refactor.sop.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: old))
        var moved: [(file: String, where: String)] = []
        for (k, p) in (positions.isEmpty ? [nodes / 2] : positions).enumerated() where !skipThreshold {
            let (edited, where_) = try Self.moveThreshold(text, from: p)
            let file = dir + "/threshold-\(k).sop.yaml"
            try Data(edited.utf8).write(to: URL(fileURLWithPath: file))
            moved.append((file, where_))
        }
        try Data(Self.refactored(text).utf8).write(to: URL(fileURLWithPath: refactor))
        let binary = sopc ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sopc").path
        print("generated SOP: \(nodes) nodes, \(inputs) inputs, \(text.utf8.count / 1024) KiB; (b) every node renamed, every switch's cases reversed")
        for (k, m) in moved.enumerated() { print("(a\(k + 1)) \(m.where)") }

        var check: [Double] = [], a = Array(repeating: [Double](), count: moved.count), b: [Double] = []
        var summaries = Array(repeating: "", count: moved.count), verdict = ""
        for _ in 0..<runs {
            check.append(try Measure.process(binary, ["check", "--format", "json", old]).seconds)
            for (k, m) in moved.enumerated() {
                let ra = try Measure.process(binary, ["diff", "--format", "json", old, m.file])
                a[k].append(ra.seconds)
                summaries[k] = Self.field("summary", ra.stdout)
            }
            let rb = try Measure.process(binary, ["diff", "--format", "json", old, refactor])
            b.append(rb.seconds)
            verdict = Self.field("verdict", rb.stdout)
        }
        let c = Measure.median(check)
        print("sopc check                     median \(Measure.format(c))")
        for k in moved.indices {
            let t = Measure.median(a[k])
            print("sopc diff (a\(k + 1)) threshold moved median \(Measure.format(t)) (\(String(format: "%.2f", t / c))x check): \(summaries[k])")
        }
        print("sopc diff (b) refactor         median \(Measure.format(Measure.median(b))) (\(String(format: "%.2f", Measure.median(b) / c))x check), verdict \(verdict)")
    }

    /// The first string field `key` of a JSON report (a verdict or a summary line has no escapes).
    static func field(_ key: String, _ json: String) -> String {
        guard let r = json.range(of: "\"\(key)\""), let q = json[r.upperBound...].firstIndex(of: "\"") else { return "?" }
        let rest = json[json.index(after: q)...]
        return String(rest.prefix { $0 != "\"" })
    }

    /// The text with the first single comparison `inK OP N` at or after node `from` moved to `N + 1`.
    static func moveThreshold(_ text: String, from: Int) throws -> (String, String) {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "  n\(from):") else { throw ValidationError("no node n\(from)") }
        let pattern = try NSRegularExpression(pattern: #"^      - when: "(in\d+) (<|<=|>|>=) (\d+)"$"#)
        for i in start..<lines.count {
            let line = lines[i]
            guard let m = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                  let input = Range(m.range(at: 1), in: line), let op = Range(m.range(at: 2), in: line),
                  let number = Range(m.range(at: 3), in: line), let n = Int(line[number]) else { continue }
            lines[i] = "      - when: \"\(line[input]) \(line[op]) \(n + 1)\""
            return (lines.joined(separator: "\n"), "`\(line[input]) \(line[op]) \(n)` moved to \(n + 1) on line \(i + 1)")
        }
        throw ValidationError("no single comparison after node n\(from)")
    }

    /// Every node renamed (`nK` → `step_K`) and the cases of every switch written in reverse order.
    static func refactored(_ text: String) -> String {
        let renamed = text.replacingOccurrences(of: #"\bn(\d+)\b"#, with: "step_$1", options: .regularExpression)
        var lines = renamed.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            if lines[i] == "    cases:" {
                var j = i + 1
                while j < lines.count && lines[j].hasPrefix("      ") { j += 1 }
                lines[(i + 1)..<j].reverse()
                i = j
            } else {
                i += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}

import ArgumentParser
import Foundation

/// `sopc-bench check`: times `sopc check` on a generated SOP against a bare libyaml event scan of the same
/// file. Both run as separate processes, the way a user runs them, so both pay for start-up, reading the
/// file and tearing down.
struct CheckBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Time sopc check on a generated SOP against a bare libyaml scan.")

    @Option(help: "Number of nodes.") var nodes = 10_000
    @Option(help: "Number of inputs.") var inputs = 40
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Timed runs of each command (the median is reported).") var runs = 11
    @Option(help: "The sopc binary (default: the one next to sopc-bench).") var sopc: String?

    func run() throws {
        let text = SOPGenerator(nodes: nodes, inputs: inputs, seed: seed).yaml()
        let path = NSTemporaryDirectory() + "sopc-bench-\(nodes).sop.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let bench = here.appendingPathComponent("sopc-bench").path
        let sopc = self.sopc ?? here.appendingPathComponent("sopc").path
        print("generated SOP: \(nodes) nodes, \(inputs) inputs, \(text.utf8.count / 1024) KiB")

        // Interleave the two commands so both see the same machine load.
        // The scan and the structural check alternate so both see the same machine load; the full check,
        // thirty times longer, runs in a series of its own so its heat does not tilt the short comparison.
        var scan: [Double] = [], structural: [Double] = [], full: [Double] = [], fullCPU: [Double] = []
        var summary = ""
        for _ in 0..<runs {
            scan.append(try Measure.process(bench, ["scan-yaml", path]).seconds)
            structural.append(try Measure.process(sopc, ["check", "--no-semantic", "--format", "json", path]).seconds)
        }
        for _ in 0..<runs {
            let result = try Measure.timedProcess(sopc, ["check", "--format", "json", path])
            full.append(result.seconds)
            fullCPU.append(result.cpu)
            summary = result.stdout.split(separator: "\n").suffix(6).joined(separator: " ").replacingOccurrences(of: "  ", with: "")
        }
        let scanMedian = Measure.median(scan), structuralMedian = Measure.median(structural), fullMedian = Measure.median(full)
        print("libyaml event scan:                  median \(Measure.format(scanMedian)) over \(runs) runs")
        print("sopc check --no-semantic:            median \(Measure.format(structuralMedian)), \(String(format: "%.2fx", structuralMedian / scanMedian)) the scan")
        print("sopc check (with semantic analysis): median \(Measure.format(fullMedian)), \(String(format: "%.2fx", fullMedian / scanMedian)) the scan"
            + " (CPU median \(Measure.format(Measure.median(fullCPU))))")
        print("sopc check summary: \(summary)")
    }
}

/// `sopc-bench scan-yaml FILE`: the baseline, a bare libyaml event scan of a file.
struct ScanYAML: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan-yaml", abstract: "Read a file and scan its libyaml events (the baseline).")

    @Argument var file: String

    func run() throws {
        let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
        guard let events = LibYAMLScan.countEvents(bytes) else { throw ExitCode(1) }
        print("\(events) events")
    }
}

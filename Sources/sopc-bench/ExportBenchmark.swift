import ArgumentParser
import Foundation

/// `sopc-bench export`: times `sopc export --format F` for every training format on a generated SOP, each
/// run as its own process the way a user runs it (start-up, reading and checking the SOP, writing the file),
/// with the wall time and the CPU time (user + system) of each run; prints the medians.
struct ExportBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Time sopc export in every training format on a generated SOP.")

    @Option(help: "Number of nodes.") var nodes = 10_000
    @Option(help: "Number of inputs.") var inputs = 40
    @Option(help: "Random seed of the generated SOP.") var seed: UInt64 = 1
    @Option(help: "Timed runs of each format (the median is reported).") var runs = 5
    @Option(help: "Comma-separated formats (default: every training format).") var formats = "dot,mermaid,markdown,quiz,quiz-json,html"
    @Option(help: "The sopc binary (default: the one next to sopc-bench).") var sopc: String?

    func run() throws {
        let text = SOPGenerator(nodes: nodes, inputs: inputs, seed: seed).yaml()
        let folder = NSTemporaryDirectory() + "sopc-bench-export-\(getpid())/"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "bench.sop.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let sopc = self.sopc ?? here.appendingPathComponent("sopc").path
        print("generated SOP: \(nodes) nodes, \(inputs) inputs, \(text.utf8.count / 1024) KiB; \(runs) runs per format")
        print("format       wall (median)  CPU (median)  output")
        let list = formats.split(separator: ",").map(String.init)
        // Formats take turns run by run, so a burst of load on the machine touches all of them alike.
        var wall: [String: [Double]] = [:], cpu: [String: [Double]] = [:], size: [String: Int] = [:]
        for _ in 0..<runs {
            for format in list {
                let output = folder + "out." + format
                let run = try Measure.timedProcess(sopc, ["export", "--format", format, path, "-o", output])
                guard run.status == 0 else { throw ValidationError("sopc export --format \(format) exited with status \(run.status)") }
                wall[format, default: []].append(run.seconds)
                cpu[format, default: []].append(run.cpu)
                size[format] = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            }
        }
        for format in list {
            let bytes = Double(size[format] ?? 0)
            let shown = bytes >= 1_048_576 ? String(format: "%.1f MiB", bytes / 1_048_576) : String(format: "%.0f KiB", bytes / 1024)
            print(format.padding(toLength: 13, withPad: " ", startingAt: 0)
                  + Measure.format(Measure.median(wall[format] ?? [])).padding(toLength: 15, withPad: " ", startingAt: 0)
                  + Measure.format(Measure.median(cpu[format] ?? [])).padding(toLength: 14, withPad: " ", startingAt: 0) + shown)
        }
    }
}

import ArgumentParser
import Foundation
import SOPCompiler
import SOPCore
import SOPDriver
import SOPReporters

/// `sopc-bench check`: times the whole `sopc check` pipeline on a generated SOP against a bare libyaml
/// event scan of the same file, in one run.
struct CheckBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Time sopc check on a generated SOP against a bare libyaml scan.")

    @Option(help: "Number of nodes.") var nodes = 10_000
    @Option(help: "Number of inputs.") var inputs = 40
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Timed runs of each measurement (the median is reported).") var runs = 7

    func run() throws {
        let text = SOPGenerator(nodes: nodes, inputs: inputs, seed: seed).yaml()
        let path = NSTemporaryDirectory() + "sopc-bench-\(nodes).sop.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        defer { try? FileManager.default.removeItem(atPath: path) }
        print("generated SOP: \(nodes) nodes, \(inputs) inputs, \(text.utf8.count / 1024) KiB")

        // The baseline reads the file too, so both sides pay for I/O.
        var events = 0
        let scan = Measure.times(runs: runs) {
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            events = LibYAMLScan.countEvents(bytes) ?? -1
        }
        var summary = ""
        var compileOnly: [Double] = []
        let check = try Measure.times(runs: runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            let compilation = try Compiler.compile(files: [path])
            compileOnly.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            let run = CheckRun.check(compilation)
            let report = CheckReport(diagnostics: run.diagnostics, fileCount: run.fileCount, sources: run.compilation.sources, toolVersion: SOPCVersion.current)
            let rendered = TextReporter(color: false).render(report)
            summary = "\(run.errorCount) errors, \(run.warningCount) warnings, \(rendered.utf8.count) bytes of report"
        }
        let scanMedian = Measure.median(scan), checkMedian = Measure.median(check), compileMedian = Measure.median(compileOnly)
        print("libyaml event scan (\(events) events): median \(Measure.format(scanMedian)) over \(runs) runs")
        print("front end (read, parse, lower):        median \(Measure.format(compileMedian))")
        print("sopc check (front end, all checks, text report): median \(Measure.format(checkMedian)) over \(runs) runs; \(summary)")
        print(String(format: "ratio check / scan: %.2fx", checkMedian / scanMedian))
        print(String(format: "ratio front end / scan: %.2fx", compileMedian / scanMedian))
        if let peak = Measure.peakMemoryMiB() { print(String(format: "peak memory: %.0f MiB", peak)) }
    }
}

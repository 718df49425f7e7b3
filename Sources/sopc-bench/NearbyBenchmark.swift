import ArgumentParser
import Foundation

/// `sopc-bench nearby`: what the "not imported" hint costs in a folder of many SOP files. Times
/// `sopc check main.sop.yaml` (one unknown outcome, so the folder is looked at) with thousands of SOP files
/// beside it, every one mentioning the name (the worst case: each is read and the parse budget is spent),
/// against the same file alone in its folder.
struct NearbyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nearby", abstract: "Time the did-you-mean over a folder of many SOP files.")

    @Option(help: "SOP files beside the checked one.") var files = 5_000
    @Option(help: "Nodes in each of them.") var nodes = 40
    @Option(help: "Timed runs of each command (the median is reported).") var runs = 11
    @Option(help: "The sopc binary (default: the one next to sopc-bench).") var sopc: String?

    static let main = """
        sop: main
        title: Main
        inputs:
          x: {type: bool, question: X?}
        outcomes:
          remove: {title: Remove}
        start: n
        nodes:
          n:
            question: N?
            branches:
              - when: "x"
                then: remove
              - else: no_violation

        """

    func run() throws {
        let base = NSTemporaryDirectory() + "sopc-bench-nearby-\(getpid())"
        let crowded = base + "/crowded", alone = base + "/alone"
        for dir in [crowded, alone] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: base) }
        let sibling = SOPGenerator(nodes: nodes, inputs: 8, seed: 1).yaml()
        for i in 0..<files {
            let text = "# no_violation is decided elsewhere\n" + sibling.replacingOccurrences(of: "sop: ", with: "sop: s\(i)-", options: [], range: sibling.range(of: "sop: "))
            try Data(text.utf8).write(to: URL(fileURLWithPath: crowded + String(format: "/s%05d.sop.yaml", i)))
        }
        for dir in [crowded, alone] { try Data(Self.main.utf8).write(to: URL(fileURLWithPath: dir + "/main.sop.yaml")) }
        let sopc = self.sopc ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sopc").path
        print("\(files) SOP files of \(sibling.utf8.count / 1024) KiB beside the checked file")
        var crowdedTimes: [Double] = [], crowdedCPU: [Double] = [], aloneTimes: [Double] = [], aloneCPU: [Double] = []
        for _ in 0..<runs {
            let a = try Measure.timedProcess(sopc, ["check", "--no-config", crowded + "/main.sop.yaml"])
            let b = try Measure.timedProcess(sopc, ["check", "--no-config", alone + "/main.sop.yaml"])
            crowdedTimes.append(a.seconds); crowdedCPU.append(a.cpu)
            aloneTimes.append(b.seconds); aloneCPU.append(b.cpu)
        }
        print("alone:          median \(Measure.format(Measure.median(aloneTimes))) (CPU \(Measure.format(Measure.median(aloneCPU))))")
        print("beside \(files):  median \(Measure.format(Measure.median(crowdedTimes))) (CPU \(Measure.format(Measure.median(crowdedCPU)))), "
            + String(format: "%.2fx", Measure.median(crowdedCPU) / max(Measure.median(aloneCPU), 1e-6)) + " the CPU alone")
    }
}

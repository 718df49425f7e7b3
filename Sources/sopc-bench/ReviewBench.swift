import ArgumentParser
import Foundation
import SOPCore
import SOPGraph
import SOPReplay

/// `sopc-bench gen-review TREE ITEMS`: a QA-review data set (several labelers per item over several
/// weeks, with handling times, AI outcomes and a gold file), with a planted SOP defect, labeler noise and
/// productivity differences.
struct GenerateReview: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gen-review", abstract: "Generate a QA-review sample set and its gold file for a SOP.")

    @Argument(help: "The SOP file.") var tree: String
    @Argument(help: "Number of items (each labeled by --labels-per-item labelers).") var items: Int
    @Option(name: [.short, .customLong("output")], help: "Samples file (JSON Lines).") var output: String
    @Option(help: "Gold file (JSON Lines): the true outcome of a share of the items.") var gold: String?
    @Option(help: "Node where the SOP is planted wrong: labelers choose another branch there.") var defect: String?
    @Option(help: "Share of the items through the defect node that it affects.") var defectRate = 1.0
    @Option(help: "Labelers as NAME:NOISE:SECONDS, comma-separated.")
    var labelers = "amira.k:0.03:48,ben.o:0.05:41,chloe.m:0.02:55,dev.r:0.18:36,erin.s:0.04:95,farid.h:0.03:52"
    @Option(help: "Labelers per item.") var labelsPerItem = 2
    @Option(help: "Share of rows that record the labeler's path.") var pathRate = 0.0
    @Option(help: "Share of items in the gold set.") var goldRate = 0.08
    @Option(help: "Days the items are spread over, from 2026-01-05.") var days = 28
    @Option(help: "Random seed.") var seed: UInt64 = 7

    func run() throws {
        let graph = try ReplayBenchmark.loadGraph(tree)
        var o = ReviewSampleGenerator.Options()
        o.labelers = try labelers.split(separator: ",").map { spec in
            let parts = spec.split(separator: ":").map(String.init)
            guard parts.count == 3, let noise = Double(parts[1]), let seconds = Double(parts[2]) else {
                throw ValidationError("bad labeler `\(spec)`; write NAME:NOISE:SECONDS")
            }
            return .init(name: parts[0], noise: noise, seconds: seconds)
        }
        if let defect {
            guard let node = graph.node(named: defect) else { throw ValidationError("no node `\(defect)` in the SOP") }
            o.defectNode = node
        }
        o.defectRate = defectRate
        o.pathRate = pathRate
        o.labelsPerItem = labelsPerItem
        o.goldRate = goldRate
        o.days = days
        o.seed = seed
        let generator = ReviewSampleGenerator(graph: graph, options: o)
        let file = try AtomicFile(path: output)
        let goldFile = try gold.map { try AtomicFile(path: $0) }
        var text = ""
        for item in 0..<items {
            let rows = generator.rows(item: item)
            for r in rows { text += generator.jsonLine(r) }
            if let goldFile, let first = rows.first, first.inGold { try goldFile.write(generator.goldLine(first)) }
            if text.utf8.count > 1 << 20 {
                try file.write(text)
                text = ""
            }
        }
        try file.write(text)
        try file.commit()
        try goldFile?.commit()
    }
}

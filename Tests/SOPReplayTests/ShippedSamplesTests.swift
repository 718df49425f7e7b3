import Foundation
import SOPCompiler
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// The sample files shipped in `trees/samples/` replay end to end through their tree.
@Suite struct ShippedSamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func replay(_ file: String, format: SampleFormat, jobs: Int = 2) throws -> ReplayResult {
        let tree = Self.root.appendingPathComponent("trees/account-takeover.sop.yaml").path
        let compilation = try Compiler.compile(files: [tree])
        let sop = try #require(compilation.sop(inFile: compilation.rootFiles[0]))
        #expect(compilation.validSOPs.contains(sop.id))
        var options = ReplayOptions()
        options.format = format
        options.jobs = jobs
        let graph = ReplayGraph(program: compilation.program, sop: sop.id)
        return try Replayer(graph: graph, options: options).replay(ByteSource(path: Self.root.appendingPathComponent(file).path))
    }

    @Test func jsonLinesSamplesReplayWithTheirPlantedProblems() throws {
        let r = try replay("trees/samples/account-takeover.jsonl", format: .jsonl)
        #expect(r.samples == 407 && r.replayed == 400 && r.rejected == 7)
        #expect(r.rejectedRows.map(\.id) == (1...7).map { "ato-bad-\($0)" })
        #expect(r.rejectedRows.map(\.kind) == [.unknownOutcome, .invalidValue, .invalidValue, .missingInput, .malformed, .invalidValue, .unknownOutcome])
        // Noise was planted at `verification` and `changes`: they lead the hotspots.
        #expect(Set(r.nodeStats.prefix(2).map { r.graph.name(of: $0.node) }) == ["verification", "changes"])
        #expect(r.unexercisedBranches.isEmpty && r.unexercisedOutcomes.isEmpty)
        #expect(r.labelerStats(target: 0.95).map(\.labeler) == ["amira.k", "ben.o", "chloe.m", "dev.r"])
        #expect(try #require(r.aiStats).samples > 100)
        #expect(r.json(target: 0.95).rendered() == (try replay("trees/samples/account-takeover.jsonl", format: .jsonl, jobs: 1)).json(target: 0.95).rendered())
    }

    @Test func csvSamplesReplayWithTheirPlantedProblems() throws {
        let r = try replay("trees/samples/account-takeover.csv", format: .csv)
        #expect(r.samples == 152 && r.replayed == 150 && r.rejected == 2)
        #expect(r.rejectedRows.map(\.kind) == [.columnCount, .invalidValue])
        #expect(r.rejectedRows.map(\.id) == ["ato-bad-c1", "ato-bad-c2"])
        // The same rows as in the JSON Lines file agree the same way.
        let jsonl = try replay("trees/samples/account-takeover.jsonl", format: .jsonl)
        let csvIDs = Set(r.disagreements.map(\.id))
        #expect(csvIDs.isSubset(of: Set(jsonl.disagreements.map(\.id))))
    }

    @Test func everyShippedTreeReplaysGeneratedSamples() throws {
        let trees = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("trees").path)
            .filter { $0.hasSuffix(".sop.yaml") }.sorted()
        var replayedTrees = 0
        for name in trees {
            let compilation = try Compiler.compile(files: [Self.root.appendingPathComponent("trees/\(name)").path])
            guard let sop = compilation.sop(inFile: compilation.rootFiles[0]), let start = sop.start else { continue }
            #expect(compilation.validSOPs.contains(sop.id), "\(name)")
            let graph = ReplayGraph(program: compilation.program, sop: sop.id)
            var g = SampleGenerator.Options()
            g.noise = [start: 0.2]
            g.aiRate = 0.5
            g.labelers = ["a", "b"]
            let generator = SampleGenerator(graph: graph, options: g)
            var text = ""
            var planted = 0
            for i in 0..<600 {
                guard let s = generator.sample(i) else { continue }
                if s.planted != nil { planted += 1 }
                text += generator.jsonLine(s, id: "\(i)")
            }
            var options = ReplayOptions()
            options.jobs = 1
            let one = try Replayer(graph: graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
            options.jobs = 2
            options.chunkSize = 8 << 10
            let two = try Replayer(graph: graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
            #expect(one.rejected == 0 && one.samples == 600, "\(name)")
            // Every planted disagreement is found, at the start node where it was planted.
            #expect(one.disagree == planted, "\(name)")
            #expect(one.nodeStats.first?.node == start, "\(name)")
            #expect(one.json(target: 0.95).rendered() == two.json(target: 0.95).rendered(), "\(name)")
            replayedTrees += 1
        }
        #expect(replayedTrees >= 7)
    }
}

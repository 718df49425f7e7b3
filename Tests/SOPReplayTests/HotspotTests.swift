import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

@Suite struct HotspotTests {
    let m = Moderation()

    func generate(_ count: Int, pathRate: Double, seed: UInt64 = 7) -> (String, [NodeID: Int]) {
        var options = SampleGenerator.Options()
        options.noise = [m.checkAge: 0.3, m.checkRegion: 0.15]
        options.pathRate = pathRate
        options.labelers = ["ann", "ben", "cy"]
        options.aiRate = 0.5
        options.seed = seed
        let g = SampleGenerator(graph: m.graph, options: options)
        var text = ""
        var planted: [NodeID: Int] = [:]
        for i in 0..<count {
            guard let s = g.sample(i) else { continue }
            if let p = s.planted { planted[p, default: 0] += 1 }
            text += g.jsonLine(s, id: "s\(i)")
        }
        return (text, planted)
    }

    @Test func plantedNoiseNodesRankFirstWithPaths() throws {
        let (text, planted) = generate(4000, pathRate: 1)
        let r = try m.replay(text, jobs: 2, chunkSize: 16 << 10)
        #expect(r.rejected == 0 && r.samples == 4000)
        let ranked = r.nodeStats
        #expect(Set(ranked.prefix(2).map(\.node)) == [m.checkAge, m.checkRegion])
        #expect(ranked.dropFirst(2).allSatisfy { $0.disagreements == 0 })
        // With the specialist's path every planted disagreement lands on its node.
        for s in ranked.prefix(2) { #expect(s.disagreements == planted[s.node]) }
        #expect(r.disagree == planted.values.reduce(0, +))
    }

    @Test func plantedNoiseNodesRankFirstWithoutPaths() throws {
        let (text, planted) = generate(4000, pathRate: 0, seed: 11)
        let r = try m.replay(text)
        let ranked = r.nodeStats
        #expect(Set(ranked.prefix(2).map(\.node)) == [m.checkAge, m.checkRegion])
        for s in ranked.prefix(2) { #expect(s.disagreements == planted[s.node]) }
        // Rates near the planted rates.
        let age = try #require(ranked.first { $0.node == m.checkAge }?.rate)
        #expect(abs(age - 0.3) < 0.05)
    }

    @Test func generatorIsReproducible() {
        #expect(generate(200, pathRate: 0.5).0 == generate(200, pathRate: 0.5).0)
    }
}

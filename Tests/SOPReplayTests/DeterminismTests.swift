import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

@Suite struct DeterminismTests {
    let m = Moderation()

    func corpus() -> [String] {
        var options = SampleGenerator.Options()
        options.noise = [m.checkChanges: 0.2, m.start: 0.05]
        options.pathRate = 0.5
        options.labelers = ["ann", "ben"]
        options.aiRate = 0.7
        let g = SampleGenerator(graph: m.graph, options: options)
        var lines: [String] = []
        for i in 0..<3000 {
            guard let s = g.sample(i) else { continue }
            lines.append(String(g.jsonLine(s, id: String(i)).dropLast()))
            if i % 97 == 0 { lines.append(#"{"id":"bad\#(i)","verified":true,"label":"nope"}"#) }
        }
        return lines
    }

    @Test func jsonIsByteIdenticalForOneAndTwoWorkersAndAnyChunkSize() throws {
        let text = corpus().joined(separator: "\n") + "\n"
        let one = try m.replay(text, jobs: 1, chunkSize: 1 << 20, maxDisagreements: 40, maxRejected: 10).json(target: 0.9).rendered()
        let two = try m.replay(text, jobs: 2, chunkSize: 4 << 10, maxDisagreements: 40, maxRejected: 10).json(target: 0.9).rendered()
        let odd = try m.replay(text, jobs: 2, chunkSize: 1000, maxDisagreements: 40, maxRejected: 10).json(target: 0.9).rendered()
        #expect(one == two)
        #expect(one == odd)
        #expect(one.contains("\"disagreements_listed\": 40"))
    }

    @Test func aggregatesDoNotDependOnInputOrder() throws {
        let lines = corpus()
        var rng = SplitMix64(seed: 3)
        let shuffled = lines.shuffled(using: &rng)
        let a = try m.replay(lines.joined(separator: "\n"), jobs: 2, chunkSize: 8 << 10)
        let b = try m.replay(shuffled.joined(separator: "\n"), jobs: 2, chunkSize: 8 << 10)
        func strip(_ r: ReplayResult) -> String {
            // Everything but the line numbers of listed rows.
            guard case .object(let members) = r.json(target: 0.9) else { return "" }
            return JSONValue.object(members.filter { $0.0 != "disagreements" && $0.0 != "rejected" }).rendered()
        }
        #expect(strip(a) == strip(b))
        #expect(a.disagreements.map(\.id) == b.disagreements.map(\.id))
    }
}

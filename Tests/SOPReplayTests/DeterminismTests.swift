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

    @Test func listedDisagreementsAreTheFirstByIdWithOrWithoutTheDisagreementsFile() throws {
        // Shuffled rows, a third without an id (their id is their line): the listed disagreements are the
        // first `max` of all of them in report order, whether workers keep only those or every one.
        var rng = SplitMix64(seed: 11)
        let lines = corpus().shuffled(using: &rng).enumerated().map { i, line in
            i % 3 == 0 ? line.replacingOccurrences(of: #""id":"#, with: #""ref":"#) : line
        }
        let text = lines.joined(separator: "\n") + "\n"
        for (jobs, chunk, max) in [(1, 1 << 20, 40), (2, 4 << 10, 40), (4, 1000, 3), (2, 700, 0), (2, 2000, 1)] {
            var options = ReplayOptions()
            options.jobs = jobs
            options.chunkSize = chunk
            options.maxDisagreements = max
            var all: [DisagreementRecord] = []
            let replayer = Replayer(graph: m.graph, options: options)
            let withFile = try replayer.replay(ByteSource(bytes: Array(text.utf8)), onDisagreement: { all.append($0) })
            let listedOnly = try replayer.replay(ByteSource(bytes: Array(text.utf8)))
            #expect(all.count == withFile.disagree && all.count > 80)
            #expect(all.contains { $0.id == String($0.line) })
            let expected = Array(all.sorted(by: DisagreementRecord.precedes).prefix(max))
            #expect(listedOnly.disagreements == expected, "jobs \(jobs) chunk \(chunk) max \(max)")
            #expect(withFile.disagreements == expected)
            #expect(listedOnly.json(target: 0.9).rendered() == withFile.json(target: 0.9).rendered())
        }
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

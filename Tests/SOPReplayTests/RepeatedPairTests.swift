import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// A repeated (id, labeler) pair is counted and reported, not silently counted twice; the same id from
/// another labeler is the multi-rater case, not a repeat.
@Suite struct RepeatedPairTests {
    let m = Moderation()

    func row(_ id: String, _ labeler: String?) -> String {
        "{\"id\":\"\(id)\",\"verified\":true,\"region\":\"EU\",\"label\":\"escalate\"" + (labeler.map { ",\"labeler\":\"\($0)\"" } ?? "") + "}"
    }

    @Test func repeatsAreCountedWhateverTheBatches() throws {
        let lines = [
            row("a", "ann"), row("a", "bob"), row("b", "ann"),
            row("a", "ann"),                     // repeat of line 1
            row("c", nil), row("c", nil),        // repeat without a labeler
            row("d", "ann"), row("a", "bob"),    // repeat of line 2
            row("caf\u{E9}", "ann"), row("cafe\u{301}", "ann"),  // the same id under NFC
        ]
        let text = lines.joined(separator: "\n")
        for (jobs, chunk) in [(1, 1 << 20), (2, 64), (2, 150)] {
            let r = try m.replay(text, jobs: jobs, chunkSize: chunk)
            #expect(r.replayed == 10)
            #expect(r.repeatedPairs == 4, "jobs \(jobs) chunk \(chunk)")
            #expect(r.firstRepeat?.id == "a" && r.firstRepeat?.labeler == "ann" && r.firstRepeat?.line == 4)
            #expect(r.text(target: 0.9).contains("warning: 4 rows repeat an (id, labeler) pair of an earlier row, first id `a` by `ann` at line 4"))
            #expect(r.json(target: 0.9).rendered().contains("\"repeated_id_labeler_pairs\": 4"))
        }
        let clean = try m.replay([row("a", "ann"), row("a", "bob"), row("b", "ann")].joined(separator: "\n"))
        #expect(clean.repeatedPairs == 0 && clean.repeatWarning == nil)
        #expect(!clean.text(target: 0.9).contains("warning:"))
    }

    @Test func repeatsMatchABruteForceCountOnItemsWithFewAndManyLabels() throws {
        // Items with up to 40 labels (above the scanned limit, checked with a set) and a few labelers, in
        // an order that mixes them: the count and the first repeat equal a brute-force pass.
        var rng = SplitMix64(seed: 5)
        var pairs: [(String, String?)] = []
        for _ in 0..<600 {
            let item = rng.next() % 3 == 0 ? "i\(rng.next() % 6)" : "s\(rng.next() % 150)"
            let k = rng.next() % 9
            pairs.append((item, k == 8 ? nil : "l\(k)"))
        }
        var seen = Set<String>(), repeats = 0
        var first: (String, String?, Int)?
        for (line, (item, labeler)) in pairs.enumerated() where !seen.insert(item + "|" + (labeler ?? "-")).inserted {
            repeats += 1
            if first == nil { first = (item, labeler, line + 1) }
        }
        #expect(repeats > 0 && QAReview.scannedLabels < 40)
        let text = pairs.map { row($0.0, $0.1) }.joined(separator: "\n")
        for (jobs, chunk) in [(1, 1 << 20), (2, 500), (4, 3000)] {
            let r = try m.replay(text, jobs: jobs, chunkSize: chunk)
            #expect(r.repeatedPairs == repeats, "jobs \(jobs) chunk \(chunk)")
            #expect(r.firstRepeat?.id == first?.0 && r.firstRepeat?.labeler == first?.1 && r.firstRepeat?.line == first?.2)
        }
    }
}

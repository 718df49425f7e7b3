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
}

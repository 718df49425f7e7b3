import Foundation
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// Past `ReplayOptions.maxLabelers` distinct labelers, new labelers are not tracked: their rows count in
/// every figure but the per-labeler tables, are reported as unattributed, and memory stays bounded. The
/// labelers tracked are the first ones seen in input order, whatever the batches and workers.
@Suite struct LabelerLimitTests {
    let m = Moderation()

    /// Row `i`: a labeler from a pool that keeps adding new names, some rows rejected, some repeated.
    func rows(_ count: Int) -> [(line: String, labeler: String?, replayed: Bool)] {
        (0..<count).map { i in
            let labeler: String? = i % 7 == 0 ? nil : "l\(i % 5 == 0 ? i : i % 3)"
            let replayed = i % 11 != 5
            let verified = replayed ? "true" : "7"
            let line = "{\"id\":\"r\(i % 9)\",\"verified\":\(verified),\"region\":\"EU\",\"label\":\"\(i % 2 == 0 ? "escalate" : "allow")\""
                + (labeler.map { ",\"labeler\":\"\($0)\"" } ?? "") + "}"
            return (line, labeler, replayed)
        }
    }

    @Test("the first labelers seen are tracked, the rest counted as unattributed, the same for any batches and workers")
    func capIsDeterministic() throws {
        let input = rows(200)
        let text = input.map(\.line).joined(separator: "\n")
        let uncapped = try m.replay(text)
        for cap in [1, 3, 6] {
            // Brute force: labelers in first-seen order over the replayed rows.
            var order: [String] = []
            for r in input where r.replayed { if let l = r.labeler, !order.contains(l) { order.append(l) } }
            let tracked = Set(order.prefix(cap))
            let unattributed = input.count { $0.replayed && $0.labeler != nil && !tracked.contains($0.labeler!) }
            #expect(unattributed > 0)
            var reference: String?
            for (jobs, chunk) in [(1, 1 << 20), (1, 90), (2, 64), (2, 300)] {
                var options = ReplayOptions()
                options.jobs = jobs
                options.chunkSize = chunk
                options.maxLabelers = cap
                let r = try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
                #expect(Set(r.labelerStats(target: 0.9).map(\.labeler)) == tracked, "cap \(cap) jobs \(jobs) chunk \(chunk)")
                #expect(r.unattributedRows == unattributed)
                // Every other figure is the uncapped run's.
                #expect(r.samples == uncapped.samples && r.replayed == uncapped.replayed && r.agree == uncapped.agree && r.kappa == uncapped.kappa)
                for s in r.labelerStats(target: 0.9) {
                    let full = uncapped.labelerStats(target: 0.9).first { $0.labeler == s.labeler }
                    #expect(full?.samples == s.samples && full?.agree == s.agree)
                }
                let json = r.json(target: 0.9).rendered()
                #expect(json.contains("\"unattributed_labeler_rows\": \(unattributed)"))
                #expect(r.text(target: 0.9).contains("warning: \(unattributed) rows are not attributed to a labeler: the per-labeler tables track the first \(cap) labelers seen"))
                if let reference { #expect(json == reference, "cap \(cap) jobs \(jobs) chunk \(chunk)") } else { reference = json }
            }
        }
        #expect(uncapped.unattributedRows == 0 && uncapped.labelerLimitWarning == nil)
    }

    @Test("rows of untracked labelers are never taken for repeated (id, labeler) pairs")
    func untrackedRowsAreNotRepeats() throws {
        let text = ["a", "b", "c", "d"].map { "{\"id\":\"x\",\"verified\":true,\"region\":\"EU\",\"label\":\"escalate\",\"labeler\":\"\($0)\"}" }.joined(separator: "\n")
        var options = ReplayOptions()
        options.maxLabelers = 1
        let r = try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
        #expect(r.unattributedRows == 3 && r.repeatedPairs == 0)
    }
}

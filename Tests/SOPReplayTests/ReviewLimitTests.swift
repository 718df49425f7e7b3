import Foundation
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// The review's per-run tables that grow with the input have a bound (docs/limits.md): the trends keep the
/// latest `ReviewOptions.maxPeriods` periods, and the item table holds the rows with an id that fit in
/// `ReplayOptions.maxItemBytes`, the first in input order. Past either, rows count in every other figure and
/// are reported; the result is the same whatever the batches and workers.
@Suite struct ReviewLimitTests {
    let m = Moderation()
    static let runs = [(1, 1 << 20), (1, 97), (2, 64), (2, 333)]

    /// Row `i`: an id shared by a few rows, a labeler from a small pool, a day anywhere in ten thousand
    /// years (a few rows share one), some rows rejected.
    func rows(_ count: Int, seed: UInt64 = 7) -> [(line: String, id: String, labeler: String, day: Int, agree: Bool, replayed: Bool)] {
        var rng = SplitMix64(seed: seed)
        let first = ISODate.days(year: 1, month: 1, day: 1), last = ISODate.days(year: 9999, month: 12, day: 31)
        var days: [Int] = []
        return (0..<count).map { i in
            let day = !days.isEmpty && rng.next() % 4 == 0 ? days[Int(rng.next() % UInt64(days.count))] : first + Int(rng.next() % UInt64(last - first + 1))
            days.append(day)
            let replayed = i % 13 != 6
            let agree = rng.next() % 3 != 0
            let d = ISODate.civil(fromDays: day)
            func pad(_ v: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(v).count)) + String(v) }
            let at = "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))T12:00:00Z"
            let id = "item\(rng.next() % UInt64(max(1, count / 3)))", labeler = "l\(rng.next() % 4)"
            let line = "{\"id\":\"\(id)\",\"verified\":\(replayed ? "true" : "7"),\"region\":\"EU\",\"label\":\"\(agree ? "escalate" : "allow")\",\"labeler\":\"\(labeler)\",\"at\":\"\(at)\"}"
            return (line, id, labeler, day, agree, replayed)
        }
    }

    func replay(_ text: String, jobs: Int = 1, chunk: Int = 1 << 20, _ configure: (inout ReplayOptions) -> Void) throws -> ReplayResult {
        var options = ReplayOptions()
        options.jobs = jobs
        options.chunkSize = chunk
        options.fields.time = "at"
        configure(&options)
        return try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
    }

    @Test("the trends keep the latest periods, the same for any batches and workers; earlier rows are counted and reported",
          arguments: [ReviewPeriod.day, .week, .month])
    func latestPeriods(period: ReviewPeriod) throws {
        let input = rows(250)
        let text = input.map(\.line).joined(separator: "\n")
        let full = try replay(text) { $0.review.period = period; $0.review.maxPeriods = 1_000_000 }
        let fullTrends = try #require(full.review.trends)
        // Brute force: every replayed row's period, the latest `cap` of them.
        let replayed = input.filter(\.replayed)
        let periods = Set(replayed.map { period.key(ofDay: $0.day) }).sorted()
        #expect(fullTrends.periods == periods.map(period.name(ofKey:)) && full.rowsBeforeTrendPeriods == 0)
        for cap in [1, 5, 40] {
            let kept = Array(periods.suffix(cap))
            let earlier = replayed.count { period.key(ofDay: $0.day) < kept[0] }
            #expect(earlier > 0)
            var reference: String?
            for (jobs, chunk) in Self.runs {
                let r = try replay(text, jobs: jobs, chunk: chunk) { $0.review.period = period; $0.review.maxPeriods = cap }
                let t = try #require(r.review.trends)
                #expect(t.periods == kept.map(period.name(ofKey:)), "cap \(cap) jobs \(jobs) chunk \(chunk)")
                for (p, point) in t.overall.points.enumerated() {
                    let mine = replayed.filter { period.key(ofDay: $0.day) == kept[p] }
                    #expect(point.samples == mine.count && point.agree == mine.count(where: \.agree))
                }
                // Each kept period's figures are the unbounded run's, for everyone and per labeler.
                let offset = fullTrends.periods.count - cap
                #expect(t.overall.points.map(\.samples) == fullTrends.overall.points[offset...].map(\.samples))
                if cap >= 2 { #expect(t.overall.change?.latest == fullTrends.overall.change?.latest && t.overall.change != nil) }
                for s in t.labelers {
                    let f = try #require(fullTrends.labelers.first { $0.name == s.name })
                    // A labeler lists the kept periods it has rows in, with the unbounded run's figures.
                    let kept = f.points.filter { $0.index >= offset }
                    #expect(s.points.map(\.period) == kept.map(\.period) && s.points.map(\.agree) == kept.map(\.agree))
                    #expect(s.points.map(\.index) == kept.map { $0.index - offset } && s.points.allSatisfy { $0.samples > 0 })
                    #expect(s.change?.latest == (cap >= 2 ? f.change?.latest : nil))
                }
                #expect(t.earlierRows == earlier && r.rowsBeforeTrendPeriods == earlier)
                // Every other figure is the unbounded run's.
                #expect(r.replayed == full.replayed && r.agree == full.agree && r.kappa == full.kappa)
                let json = r.json(target: 0.9).rendered()
                #expect(json.contains("\"rows_before_trend_periods\": \(earlier)"))
                #expect(r.text(target: 0.9).contains("warning: \(earlier) rows are not in the trends: they keep the latest \(cap) periods (docs/limits.md)"))
                #expect(r.warnings.contains { $0.hasPrefix("\(earlier) rows are not in the trends") })
                if let reference { #expect(json == reference, "cap \(cap) jobs \(jobs) chunk \(chunk)") } else { reference = json }
            }
        }
        #expect(full.periodLimitWarning == nil)
    }

    @Test("a merged trend table never holds more than twice the periods kept")
    func mergedTrendTableStaysBounded() {
        var merged = TrendTally(outcomes: 2)
        var maxCells = 0
        // Batches of 50 days each, 3 labelers a day, running through 20,000 days in a shuffled order.
        var days = Array(0..<20_000)
        var rng = SplitMix64(seed: 3)
        for i in days.indices.reversed() { days.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        for start in stride(from: 0, to: days.count, by: 50) {
            var batch = TrendTally(outcomes: 2)
            for d in days[start..<start + 50] {
                for l in 0..<3 { batch.add(day: Int32(d), labeler: Int32(l), sop: 0, label: d % 2, agree: d % 2 == 0) }
            }
            merged.merge(batch, labelers: [0, 1, 2], period: .day, maxPeriods: 100)
            maxCells = max(maxCells, merged.keys.count)
            #expect(merged.periodCount <= 200)
        }
        #expect(maxCells <= 200 * 4)
        merged.keepLatest(100)
        #expect(merged.timesLatestFirst() == Array((19_900..<20_000).reversed()).map(Int32.init))
    }

    /// The rows with an id that fit in `budget` bytes, by the cost the item table documents: how many.
    func groupedRows(_ input: [(line: String, id: String, labeler: String, day: Int, agree: Bool, replayed: Bool)], budget: Int) -> Int {
        var known = Set<String>(), used = 0, grouped = 0
        for r in input where r.replayed {
            let cost = ReviewTally.rowBytes + (known.contains(r.id) ? 0 : r.id.utf8.count + ReviewTally.itemBytes)
            if used + cost > budget { break }
            used += cost
            known.insert(r.id)
            grouped += 1
        }
        return grouped
    }

    @Test("the item table holds the first rows with an id that fit; later rows count everywhere but in the analyses by item")
    func itemTableBudget() throws {
        let input = rows(400)
        let text = input.map(\.line).joined(separator: "\n")
        let full = try replay(text) { _ in }
        let replayed = input.filter(\.replayed)
        #expect(full.ungroupedItemRows == 0 && full.itemLimitWarning == nil && full.review.groupedItemRows == replayed.count)
        for budget in [0, 700, 5_000, 12_000] {
            let grouped = groupedRows(input, budget: budget)
            #expect(grouped < replayed.count)
            // The analyses by item see exactly the rows of a run over the grouped rows alone.
            let prefixLines = input.filter(\.replayed).prefix(grouped).map(\.line)
            let prefix = try replay(prefixLines.joined(separator: "\n")) { _ in }
            var reference: String?
            for (jobs, chunk) in Self.runs {
                let r = try replay(text, jobs: jobs, chunk: chunk) { $0.maxItemBytes = budget }
                #expect(r.review.groupedItemRows == grouped && r.ungroupedItemRows == replayed.count - grouped, "budget \(budget) jobs \(jobs) chunk \(chunk)")
                #expect(r.repeatedPairs == prefix.repeatedPairs)
                #expect(r.review.multiRater?.items == prefix.review.multiRater?.items)
                #expect(r.review.multiRater?.labels == prefix.review.multiRater?.labels)
                #expect(r.review.multiRater?.fleissKappa == prefix.review.multiRater?.fleissKappa)
                #expect(r.review.multiRater?.noMajority == prefix.review.multiRater?.noMajority)
                // Every other figure is the unbounded run's.
                #expect(r.samples == full.samples && r.replayed == full.replayed && r.agree == full.agree && r.kappa == full.kappa)
                #expect(r.review.trends?.overall.points.map(\.samples) == full.review.trends?.overall.points.map(\.samples))
                let json = r.json(target: 0.9).rendered()
                #expect(json.contains("\"ungrouped_item_rows\": \(replayed.count - grouped)"))
                #expect(r.text(target: 0.9).contains("warning: \(replayed.count - grouped) rows are not grouped by item: the item table holds the first \(grouped) rows with an id"))
                if let reference { #expect(json == reference, "budget \(budget) jobs \(jobs) chunk \(chunk)") } else { reference = json }
            }
        }
    }

    @Test("a disagreement past the item table is never decided by the consensus of its item's labels")
    func ungroupedDisagreementHasNoConsensus() throws {
        // Three labelers agree with the SOP on an item; a fourth, past the table, disagrees.
        let lines = ["a", "b", "c", "d"].enumerated().map { i, l in
            "{\"id\":\"x\",\"verified\":true,\"region\":\"EU\",\"label\":\"\(i == 3 ? "allow" : "escalate")\",\"labeler\":\"\(l)\",\"at\":\"2026-01-05\"}"
        }
        let text = lines.joined(separator: "\n")
        let all = try replay(text) { _ in }
        #expect(all.review.rootCauses.byConsensus == 1 && all.review.rootCauses.labelError == 1)
        let cut = try replay(text) { $0.maxItemBytes = 3 * ReviewTally.rowBytes + 1 + ReviewTally.itemBytes }
        #expect(cut.ungroupedItemRows == 1 && cut.review.groupedItemRows == 3)
        #expect(cut.review.rootCauses.byConsensus == 0 && cut.review.rootCauses.verdict(line: 4)?.evidence == QAReview.Evidence.none)
    }

    @Test("the HTML report's cut lists say how many they hide, and it carries the run's warnings")
    func htmlListsCountWhatTheyHide() throws {
        let input = rows(120)
        let text = input.map(\.line).joined(separator: "\n")
        let r = try replay(text) { $0.maxDisagreements = 2; $0.maxRejected = 1; $0.review.maxPeriods = 3 }
        #expect(r.disagree > 2 && r.rejected > 1 && r.rowsBeforeTrendPeriods > 0)
        let html = HTMLReplayReport().render(r, target: 0.9)
        #expect(html.contains("<p class=\"note more\">… \(r.disagree - 2) more disagreements not shown</p>"))
        #expect(html.contains("<p class=\"note more\">… \(r.rejected - 1) more rejected rows not shown</p>"))
        #expect(html.contains("<p class=\"alert\">warning: \(r.rowsBeforeTrendPeriods) rows are not in the trends"))
        // Nothing cut, nothing said.
        let whole = try replay(text) { $0.maxDisagreements = 1_000; $0.maxRejected = 1_000 }
        let page = HTMLReplayReport().render(whole, target: 0.9)
        #expect(!page.contains("more disagreements not shown") && !page.contains("more rejected rows not shown"))
    }

    @Test("the text report shows the latest periods and the hotspots it has room for, and counts the rest")
    func textCountsWhatItHides() throws {
        let input = rows(200)
        let r = try replay(input.map(\.line).joined(separator: "\n")) { $0.review.period = .day }
        let t = try #require(r.review.trends)
        #expect(t.periods.count > ReplayResult.textPeriods)
        let text = r.text(target: 0.9, hotspots: 1)
        #expect(text.contains("… \(t.periods.count - ReplayResult.textPeriods) more earlier periods not shown"))
        #expect(text.contains(t.periods.last!) && !text.contains(t.periods[t.periods.count - ReplayResult.textPeriods - 1] + " "))
        let hot = r.nodeStats.filter { $0.disagreements > 0 }.count
        #expect(hot < 2 || text.contains("… \(hot - 1) more nodes with disagreements not shown"))
    }
}

import Foundation
import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

@Suite struct AgreementStatisticsTests {
    @Test func fleissAndKrippendorffMatchHandComputedValues() throws {
        // Two items, two raters, classes a/b: item 1 both `a`, item 2 one each.
        // Fleiss: P = (1 + 0) / 2 = 0.5; shares a 3/4, b 1/4 → Pe = 10/16; kappa = (0.5 - 0.625) / 0.375 = -1/3.
        let items = [[2, 0], [1, 1]]
        #expect(abs(try #require(Agreement.fleissKappa(items)) - (-1.0 / 3)) < 1e-12)
        // Krippendorff: n = 4, observed disagreeing pairs = 0 + (4 - 2)/1 = 2, expected = 16 - 10 = 6:
        // alpha = 1 - 3 * 2 / 6 = 0.
        #expect(abs(try #require(Agreement.krippendorffAlpha(items))) < 1e-12)
        // Perfect agreement over two classes.
        #expect(Agreement.fleissKappa([[3, 0], [0, 3]]) == 1)
        #expect(Agreement.krippendorffAlpha([[3, 0], [0, 3]]) == 1)
        // Everything in one class: no expected disagreement, undefined.
        #expect(Agreement.fleissKappa([[2, 0], [3, 0]]) == nil)
        #expect(Agreement.krippendorffAlpha([[2, 0]]) == nil)
        // Single labels carry no agreement.
        #expect(Agreement.fleissKappa([[1, 0], [0, 1]]) == nil)
    }

    @Test func wilsonMedianAndPercentile() throws {
        let ci = try #require(Agreement.wilson(8, 10))
        #expect(abs(ci.low - 0.4901625) < 1e-6 && abs(ci.high - 0.9433178) < 1e-6)
        #expect(Agreement.wilson(0, 0) == nil)
        #expect(Agreement.median(sorted: [1, 2, 3, 10]) == 2.5)
        #expect(Agreement.median(sorted: [4]) == 4)
        // Nearest rank: ceil(0.9 * 10) = 9th value.
        #expect(Agreement.percentile(sorted: (1...10).map(Double.init), 0.9) == 9)
        #expect(Agreement.percentile(sorted: [5, 7], 0.9) == 7)
        #expect(Agreement.percentile(sorted: [], 0.9) == nil)
    }
}

@Suite struct ReviewPeriodTests {
    func day(_ s: String) -> Int? { ISODate.utcDay(s) }

    @Test func isoWeeksAroundYearBoundaries() throws {
        let cases: [(String, String)] = [
            ("2020-12-31", "2020-W53"), ("2021-01-03", "2020-W53"), ("2021-01-04", "2021-W01"),
            ("2024-12-29", "2024-W52"), ("2024-12-30", "2025-W01"), ("2025-12-28", "2025-W52"),
            ("2025-12-29", "2026-W01"), ("2026-01-04", "2026-W01"), ("2026-01-05", "2026-W02"),
            ("2015-12-31", "2015-W53"), ("2016-01-03", "2015-W53"), ("2008-12-29", "2009-W01"),
        ]
        for (date, week) in cases {
            let d = try #require(day(date), "\(date)")
            #expect(ReviewPeriod.week.name(ofKey: ReviewPeriod.week.key(ofDay: d)) == week, "\(date)")
        }
    }

    @Test func offsetsMoveTheDayToUTC() throws {
        // Half past midnight in Paris on New Year's Day is still 2025 in UTC.
        #expect(day("2026-01-01T00:30:00+01:00") == day("2025-12-31"))
        #expect(ReviewPeriod.month.name(ofKey: ReviewPeriod.month.key(ofDay: try #require(day("2026-01-01T00:30:00+01:00")))) == "2025-12")
        // Late evening in São Paulo on New Year's Eve is already 2026 in UTC, and ISO week 2026-W01.
        let d = try #require(day("2025-12-31T23:30-03:00"))
        #expect(d == day("2026-01-01"))
        #expect(ReviewPeriod.week.name(ofKey: ReviewPeriod.week.key(ofDay: d)) == "2026-W01")
        #expect(ReviewPeriod.day.name(ofKey: ReviewPeriod.day.key(ofDay: d)) == "2026-01-01")
        #expect(day("2026-03-01T10:00:00Z") == day("2026-03-01"))
        #expect(day("2026-03-01 10:00:00.250+0530") == day("2026-03-01"))
        #expect(day("2026-03-01T02:00+05") == day("2026-02-28"))
        #expect(day("2026-03-01T00:00:00") == day("2026-03-01"))
        #expect(day("2026-03-01T24:00") == day("2026-03-02"))
    }

    @Test func impossibleDatesAndTimesAreRejected() {
        for bad in ["2025-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-01T25:00", "2026-01-01T10:60", "2026-01-01T10:00+24:00",
                    "2026-01-01T10", "2026/01/01", "26-01-01", "2026-01-01X", "2026-01-01T10:00:00.", "", "tomorrow", "2026-01-01T24:01"] {
            #expect(day(bad) == nil, "\(bad)")
        }
        #expect(day("2024-02-29") != nil)
    }

    @Test func fixedFormFastPathAgreesWithTheGeneralParser() {
        // Every 20-byte string near the fixed form `YYYY-MM-DDTHH:MM:SSZ`: valid ones, each field at and
        // past its bounds, and each separator and digit replaced; the fast path either declines or gives
        // the general parser's day.
        var texts: [String] = []
        for (y, m, d) in [(2026, 1, 5), (2024, 2, 29), (2025, 2, 29), (2026, 12, 31), (1999, 4, 31), (2000, 13, 1), (2000, 0, 1), (2000, 1, 0)] {
            for (h, mi, sec) in [(0, 0, 0), (23, 59, 60), (24, 0, 0), (24, 0, 1), (12, 60, 0), (9, 30, 61), (23, 59, 59)] {
                func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
                texts.append("\(y)-\(two(m))-\(two(d))T\(two(h)):\(two(mi)):\(two(sec))Z")
            }
        }
        let base = Array("2026-01-05T09:30:00Z".utf8)
        for k in base.indices {
            for c in ["0", "9", "-", ":", "T", "t", " ", "Z", "z", "+", "a", "/"] {
                var b = base
                b[k] = UInt8(ascii: c.unicodeScalars.first!)
                texts.append(String(decoding: b, as: UTF8.self))
            }
        }
        var fast = 0
        for text in texts {
            var t = text
            t.withUTF8 { b in
                let general = ISODate.utcDayOfAnyForm(b)
                if let f = ISODate.utcDayOfFixedForm(b) {
                    fast += 1
                    #expect(f == general, "\(text)")
                }
                #expect(ISODate.utcDay(b) == general, "\(text)")
            }
        }
        #expect(fast >= 30)
    }

    @Test func calendarArithmeticMatchesFoundationForEveryDay() throws {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = ISODate.days(year: 1995, month: 1, day: 1), end = ISODate.days(year: 2045, month: 12, day: 31)
        for d in start...end {
            let date = Date(timeIntervalSince1970: Double(d) * 86400)
            let c = calendar.dateComponents([.year, .month, .day, .yearForWeekOfYear, .weekOfYear], from: date)
            let civil = ISODate.civil(fromDays: d)
            let week = ISODate.isoWeek(ofDay: d)
            guard civil.year == c.year, civil.month == c.month, civil.day == c.day, week.year == c.yearForWeekOfYear, week.week == c.weekOfYear,
                  ISODate.days(year: civil.year, month: civil.month, day: civil.day) == d else {
                Issue.record("day \(d): \(civil) \(week) vs \(c)")
                return
            }
        }
    }
}

/// The moderation tree with a planted QA-review data set.
struct PlantedReview {
    let m = Moderation()
    let generator: ReviewSampleGenerator
    let rows: [ReviewSampleGenerator.Row]
    let text: String
    let gold: String

    init(items: Int = 900, seed: UInt64 = 7) {
        var o = ReviewSampleGenerator.Options()
        o.labelers = [
            .init(name: "ann", noise: 0.01, seconds: 40), .init(name: "ben", noise: 0.01, seconds: 45),
            .init(name: "cy", noise: 0.02, seconds: 42), .init(name: "dee", noise: 0.01, seconds: 120),
            .init(name: "noisy", noise: 0.35, seconds: 38),
        ]
        o.labelsPerItem = 3
        o.defectNode = m.checkAge
        o.seed = seed
        o.goldRate = 0.1
        let g = ReviewSampleGenerator(graph: m.graph, options: o)
        let rows = (0..<items).flatMap { g.rows(item: $0) }
        var seen = Set<Int>()
        generator = g
        self.rows = rows
        text = rows.map(g.jsonLine).joined()
        gold = rows.filter { $0.inGold && seen.insert($0.item).inserted }.map(g.goldLine).joined()
    }

    func options(jobs: Int = 1, chunkSize: Int = 1 << 20, gold withGold: Bool = true) throws -> ReplayOptions {
        var options = ReplayOptions()
        options.jobs = jobs
        options.chunkSize = chunkSize
        options.fields.time = "labeled_at"
        options.fields.duration = "seconds"
        options.review.period = .week
        options.review.targetRate = 60
        if withGold {
            options.review.gold = try GoldSet.load(ByteSource(bytes: Array(gold.utf8)), format: .jsonl, graph: m.graph, fields: options.fields, name: "gold.jsonl")
        }
        return options
    }

    func replay(jobs: Int = 1, chunkSize: Int = 1 << 20, gold: Bool = true) throws -> ReplayResult {
        try Replayer(graph: m.graph, options: options(jobs: jobs, chunkSize: chunkSize, gold: gold)).replay(ByteSource(bytes: Array(text.utf8)))
    }
}

@Suite struct QAReviewTests {
    @Test func rootCausesFindThePlantedDefectAndTheNoisyLabeler() throws {
        let p = PlantedReview()
        #expect(p.rows.contains { $0.defect } && p.rows.contains { $0.noisy && $0.labeler == "noisy" })
        for withGold in [false, true] {
            let r = try p.replay(gold: withGold)
            #expect(r.rejected == 0)
            let rc = r.review.rootCauses
            // The planted SOP defect leads the ranking, and the hotspot table.
            #expect(rc.nodes.first?.node == p.m.checkAge)
            #expect(r.nodeStats.first?.node == p.m.checkAge)
            // Every noise-planted disagreement of the noisy labeler on a sound item is a label error when the
            // item's other labelers got it right (when one of them slipped too, the item is split 1-1).
            var checked = 0, labelErrors = 0, planted = 0
            for (k, row) in p.rows.enumerated() where row.labeler == "noisy" && row.noisy && !row.defect && row.label != row.sop {
                let verdict = rc.verdict(line: k + 1)
                planted += 1
                if verdict?.cause == .labelError { labelErrors += 1 }
                guard p.rows.allSatisfy({ $0.item != row.item || $0.labeler == "noisy" || $0.label == $0.truth }) else { continue }
                #expect(verdict?.cause == .labelError, "line \(k + 1)")
                checked += 1
            }
            #expect(checked > 50 && Double(labelErrors) >= 0.95 * Double(planted))
            // Every disagreement on a defect item where the labeler kept the true outcome is sop-suspect.
            for (k, row) in p.rows.enumerated() where row.defect && !row.noisy {
                #expect(rc.verdict(line: k + 1)?.cause == .sopSuspect, "line \(k + 1)")
            }
            // The noisy labeler has by far the most label errors.
            let errors = rc.labelers.sorted { $0.labelError > $1.labelError }
            #expect(errors[0].labeler == "noisy" && errors[0].labelError > 5 * errors[1].labelError)
        }
    }

    @Test func goldSetMeasuresEveryoneAndNamesTheSOPDefect() throws {
        let p = PlantedReview()
        let r = try p.replay()
        let g = try #require(r.review.gold)
        let goldRows = p.rows.filter(\.inGold)
        #expect(g.rows == goldRows.count)
        #expect(g.sop.correct == goldRows.filter { $0.sop == $0.truth }.count)
        #expect(g.labels.correct == goldRows.filter { $0.label == $0.truth }.count)
        #expect(g.defects == goldRows.filter(\.defect).count && g.defects > 0)
        #expect(g.defectNodes.first?.node == p.m.checkAge && g.defectNodes.count == 1)
        #expect(g.defectCases.allSatisfy { $0.divergence.node == p.m.checkAge })
        let noisy = try #require(g.labelers.first { $0.name == "noisy" })
        #expect(noisy.correct == goldRows.filter { $0.labeler == "noisy" && $0.label == $0.truth }.count)
    }

    @Test func productivityComesFromTheDurations() throws {
        let p = PlantedReview()
        let prod = try #require(try p.replay().review.productivity)
        for kpi in prod.labelers {
            let mine = p.rows.filter { $0.labeler == kpi.labeler }
            let seconds = mine.map { Double(Float($0.seconds)) }.sorted()
            #expect(kpi.labels == mine.count && kpi.timed == mine.count)
            let total: Double = seconds.reduce(0, +)
            let rate: Double = Double(mine.count) * 3600 / total
            let agreeing: Int = mine.filter { $0.label == $0.sop }.count
            #expect(abs(kpi.seconds - total) < 1e-6)
            #expect(abs(try #require(kpi.labelsPerHour) - rate) < 1e-9)
            #expect(kpi.medianSeconds == Agreement.median(sorted: seconds))
            #expect(kpi.accuracy == Double(agreeing) / Double(mine.count))
        }
        // Only the slow labeler (120 s a sample, 30 an hour) is under 60 labels an hour; the noisy one is
        // under the accuracy target.
        #expect(prod.labelers.filter(\.belowRateTarget).map(\.labeler) == ["dee"])
        #expect(prod.labelers.first { $0.labeler == "noisy" }?.belowAccuracyTarget == true)
    }

    @Test func trendsCountEachWeekAndFlagRealChanges() throws {
        let p = PlantedReview()
        let t = try #require(try p.replay().review.trends)
        #expect(t.periods == ["2026-W02", "2026-W03", "2026-W04", "2026-W05"])
        for (i, point) in t.overall.points.enumerated() {
            let mine = p.rows.filter { ($0.day - p.generator.options.firstDay) / 7 == i }
            #expect(point.samples == mine.count)
            #expect(point.agree == mine.filter { $0.label == $0.sop }.count)
        }
        // The data are stationary: no change beyond the noise band overall.
        #expect(t.overall.change?.flagged == false)

        // A last week where one labeler labels everything wrong is flagged, overall and for that labeler.
        var text = p.text
        for row in p.rows where row.day - p.generator.options.firstDay >= 21 && row.labeler == "ann" {
            var r = row
            r.label = p.m.graph.reachableOutcomes.first { $0 != row.sop }!
            text = text.replacingOccurrences(of: p.generator.jsonLine(row), with: p.generator.jsonLine(r))
        }
        let r = try Replayer(graph: p.m.graph, options: p.options()).replay(ByteSource(bytes: Array(text.utf8)))
        let trends = try #require(r.review.trends)
        #expect(trends.overall.change?.flagged == true)
        #expect(trends.labelers.first { $0.name == "ann" }?.change?.flagged == true)
        #expect(trends.labelers.first { $0.name == "ben" }?.change?.flagged == false)
    }

    @Test func severalLabelersPerItem() throws {
        let p = PlantedReview(items: 200)
        let m = try #require(try p.replay().review.multiRater)
        #expect(m.items == 200 && m.labels == 600 && m.minLabels == 3 && m.maxLabels == 3)
        // Each pair's kappa is Cohen's kappa over the items both labeled.
        for pair in m.pairs {
            var confusion = [Int](repeating: 0, count: 25)
            for item in 0..<200 {
                let rows = p.rows.filter { $0.item == item }
                guard let a = rows.first(where: { $0.labeler == pair.a }), let b = rows.first(where: { $0.labeler == pair.b }) else { continue }
                confusion[a.label.index * 5 + b.label.index] += 1
            }
            #expect(pair.items == confusion.reduce(0, +))
            #expect(pair.kappa == Metrics.kappa(confusion, size: 5))
        }
        var byItem: [[Int]] = []
        for item in 0..<200 {
            var counts = [Int](repeating: 0, count: 5)
            for row in p.rows where row.item == item { counts[row.label.index] += 1 }
            byItem.append(counts)
        }
        #expect(m.fleissKappa == Agreement.fleissKappa(byItem))
        let noMajority = byItem.filter { 2 * ($0.max() ?? 0) <= 3 }.count
        #expect(m.noMajority == noMajority)
    }

    @Test func reviewIsByteIdenticalForAnyWorkerCountAndChunkSize() throws {
        let p = PlantedReview(items: 300)
        let one = try p.replay().json(target: 0.95).rendered()
        #expect(try p.replay(jobs: 2, chunkSize: 4096).json(target: 0.95).rendered() == one)
        #expect(try p.replay(jobs: 3, chunkSize: 777).json(target: 0.95).rendered() == one)
        #expect(HTMLReplayReport().render(try p.replay(jobs: 2, chunkSize: 1000), target: 0.95) == HTMLReplayReport().render(try p.replay(), target: 0.95))
    }

    @Test func shuffledReviewIsByteIdenticalForOneTwoAndFourWorkers() throws {
        // Items spread over many batches (rows shuffled), some rows without an id or a labeler, and escaped
        // ids equal to plain ones: every report and every disagreement's cause, for 1, 2 and 4 workers.
        let p = PlantedReview(items: 500)
        var rng = SplitMix64(seed: 9)
        var lines = p.text.split(separator: "\n").map(String.init).shuffled(using: &rng)
        for i in lines.indices {
            switch i % 41 {
            case 0: lines[i] = lines[i].replacingOccurrences(of: #""id":"#, with: #""no_id":"#)
            case 1: lines[i] = lines[i].replacingOccurrences(of: #""labeler":"#, with: #""no_labeler":"#)
            case 2: lines[i] = lines[i].replacingOccurrences(of: #""id":"item-"#, with: #""id":"item\u002d"#)
            default: break
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        let csv = DisagreementCSV(graph: p.m.graph)
        func reports(jobs: Int, chunkSize: Int) throws -> [String] {
            var causes: [String] = [], records: [DisagreementRecord] = []
            let r = try Replayer(graph: p.m.graph, options: p.options(jobs: jobs, chunkSize: chunkSize))
                .replay(ByteSource(bytes: Array(text.utf8)), onDisagreement: { causes.append("\($0.line) \($0.id)"); records.append($0) })
            let verdicts = r.review.rootCauses.inInputOrder.map { "\($0.cause.rawValue) \($0.evidence)" }
            #expect(verdicts.count == causes.count)
            // The disagreements file as the command line writes it: rows built by the workers as bytes, joined
            // with their causes after the pass; the same rows as those built from each disagreement's record.
            var options = try p.options(jobs: jobs, chunkSize: chunkSize)
            options.disagreementRows = true
            let withRows = try Replayer(graph: p.m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
            var file: [UInt8] = []
            try DisagreementCSV.write(withRows) { file += $0 }
            let written = String(decoding: file, as: UTF8.self)
            let fromRecords = zip(records, r.review.rootCauses.inInputOrder).map { csv.row($0, cause: $1.cause) }.joined()
            #expect(written == fromRecords, "jobs \(jobs), chunk \(chunkSize)")
            // The same rows through a temporary file, written and read back in blocks smaller than a row.
            for block in [7, 4096] {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-spool-\(getpid())-\(jobs)-\(block)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: dir) }
                let spool = try DisagreementSpool(beside: dir.appendingPathComponent("d.csv").path, block: block)
                let spooled = try Replayer(graph: p.m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8)), spool: spool)
                var back: [UInt8] = []
                try DisagreementCSV.write(spooled) { back += $0 }
                #expect(String(decoding: back, as: UTF8.self) == written, "block \(block)")
                // The temporary file has no name: nothing is left in the folder.
                #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
            }
            #expect(written.split(separator: "\n").count == r.disagree)
            #expect(ReplayReports.all.map { $0.render(withRows, target: 0.95) } == ReplayReports.all.map { $0.render(r, target: 0.95) })
            return ReplayReports.all.map { $0.render(r, target: 0.95) } + [zip(causes, verdicts).map { "\($0) \($1)" }.joined(separator: "\n"), written]
        }
        let one = try reports(jobs: 1, chunkSize: 1 << 20)
        #expect(try p.replay().review.multiRater != nil)
        #expect(one[1].contains("\"multi_rater\": {"))
        for (jobs, chunkSize) in [(2, 4096), (4, 1500), (4, 333), (2, 1 << 20)] {
            let other = try reports(jobs: jobs, chunkSize: chunkSize)
            for (a, b) in zip(one, other) { #expect(a == b, "jobs \(jobs), chunk \(chunkSize)") }
        }
    }

    @Test func badTimesAndDurationsAreRejectedOnlyWhenAsked() throws {
        let m = Moderation()
        let text = """
        {"id":"1","verified":true,"region":"US","label":"allow","at":"2026-01-05","s":12}
        {"id":"2","verified":true,"region":"US","label":"allow"}
        {"id":"3","verified":true,"region":"US","label":"allow","at":"2026-02-30","s":"7.5"}
        {"id":"4","verified":true,"region":"US","label":"allow","at":"2026-01-06T10:00Z","s":-3}

        """
        let plain = try m.replay(text)
        #expect(plain.rejected == 0 && plain.review.trends == nil && plain.review.productivity == nil)
        var options = ReplayOptions()
        options.jobs = 1
        options.fields.time = "at"
        options.fields.duration = "s"
        let r = try Replayer(graph: m.graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
        #expect(r.rejectedRows.map(\.kind) == [.missingTime, .invalidTime, .invalidDuration])
        #expect(r.rejectedRows.map(\.reason) == [
            "no `at`: give when the sample was labeled (ISO 8601 date or date-time)",
            "`at` is not an ISO 8601 date or date-time, found `2026-02-30`",
            "`s` must be a number of seconds (0 or more), found `-3`",
        ])
        #expect(r.review.productivity?.team.timed == 1)
    }

    @Test func goldFileErrorsNameTheirLine() throws {
        let m = Moderation()
        func load(_ text: String, _ format: SampleFormat = .jsonl) throws -> GoldSet {
            try GoldSet.load(ByteSource(bytes: Array(text.utf8)), format: format, graph: m.graph, fields: FieldNames(), name: "g")
        }
        #expect(try load("{\"id\":\"a\",\"label\":\"allow\"}\n\n{\"id\":7,\"label\":\"ban\"}\n").count == 2)
        #expect(try load("id,label\na,allow\n\"b,1\",ban\n", .csv).ids == ["a", "b,1"])
        func message(_ text: String) -> String? {
            do {
                _ = try load(text)
                return nil
            } catch {
                return (error as? IOError)?.message
            }
        }
        #expect(message("{\"id\":\"a\",\"label\":\"allow\"}\n{\"id\":\"b\",\"label\":\"nope\"}\n")?.hasPrefix("g:2: unknown outcome `nope` in `label`") == true)
        #expect(message("{\"label\":\"allow\"}\n") == "g:1: no `id`")
        // A record with a broken byte is reported as every command reports one, at its line and column.
        let broken = Array("{\"id\":\"a\",\"label\":\"allow\"}\n{\"id\":\"b".utf8) + [0xFF] + Array("\",\"label\":\"ban\"}\n".utf8)
        #expect {
            try GoldSet.load(ByteSource(bytes: broken), format: .jsonl, graph: m.graph, fields: FieldNames(), name: "g")
        } throws: { error in
            (error as? IOError)?.message == "g:2: invalid UTF-8 at column 9"
        }
        #expect(message("{\"id\":\"a\",\"label\":\"allow\"}\n{\"id\":\"a\",\"label\":\"ban\"}\n") == "gold id `a` is given two different outcomes")
        // Another spelling of the same id (`CanonicalText`) is the same id; a record that does not read is
        // reported before an id given two outcomes, wherever each is.
        #expect(message("{\"id\":\"caf\u{e9}\",\"label\":\"allow\"}\n{\"id\":\"cafe\u{301}\",\"label\":\"ban\"}\n") == "gold id `cafe\u{301}` is given two different outcomes")
        #expect(message("{\"id\":\"a\",\"label\":\"allow\"}\n{\"id\":\"a\",\"label\":\"ban\"}\n{\"label\":\"allow\"}\n") == "g:3: no `id`")
        #expect(try load("{\"id\":\"caf\u{e9}\",\"label\":\"allow\"}\n{\"id\":\"cafe\u{301}\",\"label\":\"allow\"}\n{\"id\":\"b\",\"label\":\"ban\"}\n").ids == ["caf\u{e9}", "b"])
    }

    @Test func htmlEscapesSampleTextAndLoadsNothing() throws {
        let m = Moderation()
        let text = """
        {"id":"<img src=x onerror=alert(1)>","verified":true,"region":"EU","label":"allow","labeler":"<script>alert('x')</script>"}
        {"id":"2","verified":true,"region":"EU","label":"escalate","labeler":"a&b"}

        """
        let html = HTMLReplayReport().render(try m.replay(text), target: 0.9)
        #expect(!html.contains("<script>alert") && !html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") && html.contains("a&amp;b"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src=\""))
        #expect(html.contains("default-src 'none'"))
    }
}

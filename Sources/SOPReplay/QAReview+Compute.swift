import SOPGraph

extension QAReview {
    /// Computes the review from the merged compact rows.
    init(tally t: ReplayTally, graph: ReplayGraph, options: ReplayOptions) {
        let rows = t.review
        let o = t.outcomeCount
        let review = options.review
        let labelerNames = t.labelerOrder
        let byName = labelerNames.indices.sorted { labelerNames[$0] < labelerNames[$1] }
        func itemID(_ item: Int32) -> String { t.items.withBytes(Int(item)) { String(decoding: $0, as: UTF8.self) } }
        /// Items in id order (numbers by value, then bytes), each id decoded once.
        func byID(_ items: [Int32]) -> [Int32] {
            let ids = items.map(itemID)
            return items.indices.sorted { IDOrder.compare(ids[$0], ids[$1]) < 0 }.map { items[$0] }
        }

        // Rows grouped by item: offsets into `members` (row indices in input order).
        let itemCount = t.items.count
        var offsets = [Int](repeating: 0, count: itemCount + 1)
        for r in rows where r.item >= 0 { offsets[Int(r.item) + 1] += 1 }
        for i in 0..<itemCount { offsets[i + 1] += offsets[i] }
        var members = [Int32](repeating: 0, count: offsets[itemCount])
        var fill = offsets
        for (k, r) in rows.enumerated() where r.item >= 0 {
            members[fill[Int(r.item)]] = Int32(k)
            fill[Int(r.item)] += 1
        }
        // Labels per outcome on each item with several labels (others count for the root-cause rule).
        var counts = [Int](repeating: 0, count: o)

        // MARK: Root causes
        // A disagreement's choice: the SOP branch at its divergence node and the label instead.
        func patternKey(_ r: ReviewRow) -> Int {
            r.node >= 0 ? graph.branchIndex(node: NodeID(Int(r.node)), branch: Int(r.branch)) * o + Int(r.label) : -1 - Int(r.label)
        }
        var patternLabelers: [Int: Set<Int32>] = [:]
        var patternRows: [Int: Int] = [:]
        for r in rows where !r.agrees {
            let key = patternKey(r)
            patternLabelers[key, default: []].insert(r.labeler)
            patternRows[key, default: 0] += 1
        }
        var lines: [Int] = [], verdicts: [Verdict] = []
        var causeCount = [0, 0, 0], evidenceCount = [0, 0, 0]
        var labelerCauses = [[Int]](repeating: [0, 0, 0], count: labelerNames.count)
        var nodeCauses = [[Int]](repeating: [0, 0, 0], count: graph.program.nodes.count)
        var unreachable = [0, 0, 0]
        var suspectPatterns: [Int: Int] = [:]
        for (k, r) in rows.enumerated() where !r.agrees {
            var verdict = Verdict(cause: .unclear, evidence: .none)
            if r.gold >= 0 {
                if r.gold == r.sop {
                    verdict = Verdict(cause: .labelError, evidence: .gold(OutcomeID(Int(r.gold))))
                } else if r.gold == r.label {
                    verdict = Verdict(cause: .sopSuspect, evidence: .gold(OutcomeID(Int(r.gold))))
                } else {
                    verdict = Verdict(cause: .unclear, evidence: .gold(OutcomeID(Int(r.gold))))
                }
            }
            if case .none = verdict.evidence, r.item >= 0, offsets[Int(r.item) + 1] - offsets[Int(r.item)] > 1 {
                for i in 0..<o { counts[i] = 0 }
                var others = 0
                for m in offsets[Int(r.item)]..<offsets[Int(r.item) + 1] where Int(members[m]) != k {
                    counts[Int(rows[Int(members[m])].label)] += 1
                    others += 1
                }
                let sopVotes = counts[Int(r.sop)], labelVotes = counts[Int(r.label)]
                if 2 * sopVotes > others {
                    verdict = Verdict(cause: .labelError, evidence: .consensus(outcome: OutcomeID(Int(r.sop)), agreeing: sopVotes, others: others))
                } else if 2 * labelVotes > others {
                    verdict = Verdict(cause: .sopSuspect, evidence: .consensus(outcome: OutcomeID(Int(r.label)), agreeing: labelVotes, others: others))
                }
            }
            if case .none = verdict.evidence {
                let key = patternKey(r)
                let n = patternLabelers[key]?.count ?? 0
                if r.node >= 0, n >= Self.patternLabelers {
                    // Rows that made this choice, against rows whose SOP walk took the same branch.
                    let branch = graph.branchIndex(node: NodeID(Int(r.node)), branch: Int(r.branch))
                    let share = Double(patternRows[key] ?? 0) / Double(max(1, t.branchTaken[branch]))
                    if share >= Self.patternShare { verdict = Verdict(cause: .sopSuspect, evidence: .pattern(labelers: n, share: share)) }
                }
            }
            let c = verdict.cause == .labelError ? 0 : verdict.cause == .sopSuspect ? 1 : 2
            causeCount[c] += 1
            switch verdict.evidence {
            case .gold: evidenceCount[0] += 1
            case .consensus: evidenceCount[1] += 1
            case .pattern: evidenceCount[2] += 1
            case .none: break
            }
            if r.labeler >= 0 { labelerCauses[Int(r.labeler)][c] += 1 }
            if r.node >= 0 {
                nodeCauses[Int(r.node)][c] += 1
                if c == 1 {
                    suspectPatterns[patternKey(r), default: 0] += 1
                }
            } else {
                unreachable[c] += 1
            }
            lines.append(r.line)
            verdicts.append(verdict)
        }
        let nodes = graph.nodes.compactMap { n -> NodeCauses? in
            let c = nodeCauses[n.index]
            let total = c[0] + c[1] + c[2]
            guard total > 0 else { return nil }
            var best: (Int, OutcomeID, Int)?
            for b in graph.program.nodes[n.index].branches.indices {
                for l in 0..<o {
                    let count = suspectPatterns[graph.branchIndex(node: n, branch: b) * o + l] ?? 0
                    if count > (best?.2 ?? 0) { best = (b, OutcomeID(l), count) }
                }
            }
            return NodeCauses(node: n, disagreements: total, labelError: c[0], sopSuspect: c[1], unclear: c[2],
                              suspectPattern: best.map { (branch: $0.0, label: $0.1, count: $0.2) })
        }.sorted { a, b in
            if a.sopSuspect != b.sopSuspect { return a.sopSuspect > b.sopSuspect }
            if a.disagreements != b.disagreements { return a.disagreements > b.disagreements }
            return graph.name(of: a.node) < graph.name(of: b.node)
        }
        rootCauses = RootCauses(
            labelError: causeCount[0], sopSuspect: causeCount[1], unclear: causeCount[2],
            byGold: evidenceCount[0], byConsensus: evidenceCount[1], byPattern: evidenceCount[2],
            labelers: byName.map { (labeler: labelerNames[$0], labelError: labelerCauses[$0][0], sopSuspect: labelerCauses[$0][1], unclear: labelerCauses[$0][2]) },
            nodes: nodes, unreachable: (unreachable[0], unreachable[1], unreachable[2]), lines: lines, verdicts: verdicts)

        // MARK: Several labelers per item
        var agreement = Agreement.Accumulator(classes: o)
        var multiItems = 0, multiLabels = 0, minLabels = Int.max, maxLabels = 0
        var withMajority = 0, unanimous = 0, noMajority = 0, majorityAgrees = 0
        var pairConfusion: [Int: [Int]] = [:]
        var consensusList: [(share: Double, item: Int32)] = []
        var noMajorityList: [Int32] = []
        var seenLabelers: [Int32] = []
        var firstLabel: [Int16] = []
        for item in 0..<itemCount {
            let range = offsets[item]..<offsets[item + 1]
            guard range.count >= 2 else { continue }
            for i in 0..<o { counts[i] = 0 }
            for m in range { counts[Int(rows[Int(members[m])].label)] += 1 }
            agreement.add(counts)
            multiItems += 1
            multiLabels += range.count
            minLabels = min(minLabels, range.count)
            maxLabels = max(maxLabels, range.count)
            var top = 0, topCount = 0
            for i in 0..<o where counts[i] > topCount { (top, topCount) = (i, counts[i]) }
            if 2 * topCount > range.count {
                withMajority += 1
                if topCount == range.count { unanimous += 1 }
                if Int(rows[Int(members[range.lowerBound])].sop) == top { majorityAgrees += 1 }
            } else {
                noMajority += 1
                noMajorityList.append(Int32(item))
            }
            consensusList.append((Double(topCount) / Double(range.count), Int32(item)))
            // Each labeler's first label on the item, for the pairwise kappas.
            seenLabelers.removeAll(keepingCapacity: true)
            firstLabel.removeAll(keepingCapacity: true)
            for m in range {
                let r = rows[Int(members[m])]
                guard r.labeler >= 0, !seenLabelers.contains(r.labeler) else { continue }
                seenLabelers.append(r.labeler)
                firstLabel.append(r.label)
            }
            for x in seenLabelers.indices {
                for y in seenLabelers.indices where labelerNames[Int(seenLabelers[x])] < labelerNames[Int(seenLabelers[y])] {
                    let key = Int(seenLabelers[x]) * labelerNames.count + Int(seenLabelers[y])
                    pairConfusion[key, default: [Int](repeating: 0, count: o * o)][Int(firstLabel[x]) * o + Int(firstLabel[y])] += 1
                }
            }
        }
        if multiItems > 0 {
            func consensus(_ item: Int32) -> ItemConsensus {
                for i in 0..<o { counts[i] = 0 }
                let range = offsets[Int(item)]..<offsets[Int(item) + 1]
                for m in range { counts[Int(rows[Int(members[m])].label)] += 1 }
                let labels = (0..<o).filter { counts[$0] > 0 }.map { (outcome: OutcomeID($0), count: counts[$0]) }
                    .sorted { $0.count != $1.count ? $0.count > $1.count : $0.outcome.index < $1.outcome.index }
                let top = labels[0]
                return ItemConsensus(id: itemID(item), labels: labels, majority: 2 * top.count > range.count ? top.outcome : nil,
                                     share: Double(top.count) / Double(range.count), sop: OutcomeID(Int(rows[Int(members[range.lowerBound])].sop)))
            }
            let listedNoMajority = byID(noMajorityList).prefix(review.maxListed).map(consensus)
            // The lowest shares, ties by id: only the items tied with the last one listed need their ids.
            let byShare = consensusList.sorted { $0.share < $1.share }
            let cut = byShare.isEmpty ? 0.0 : byShare[min(review.maxListed, byShare.count) - 1].share
            let candidates = byShare.prefix { $0.share <= cut }
            var lowest: [ItemConsensus] = []
            for share in Set(candidates.map(\.share)).sorted() where lowest.count < review.maxListed {
                let tied = byID(candidates.filter { $0.share == share }.map(\.item))
                lowest += tied.prefix(review.maxListed - lowest.count).map(consensus)
            }
            var pairs: [RaterPair] = []
            for (key, m) in pairConfusion {
                let a = key / labelerNames.count, b = key % labelerNames.count
                var n = 0, agree = 0
                for x in 0..<o {
                    agree += m[x * o + x]
                    for y in 0..<o { n += m[x * o + y] }
                }
                pairs.append(RaterPair(a: labelerNames[a], b: labelerNames[b], items: n, agree: agree, kappa: Metrics.kappa(m, size: o)))
            }
            pairs.sort { $0.a != $1.a ? $0.a < $1.a : $0.b < $1.b }
            let inPairs = Set(pairs.flatMap { [$0.a, $0.b] })
            multiRater = MultiRater(
                items: multiItems, labels: multiLabels, minLabels: minLabels, maxLabels: maxLabels,
                fleissKappa: agreement.fleissKappa, krippendorffAlpha: agreement.krippendorffAlpha,
                labelers: inPairs.sorted(), pairs: pairs, withMajority: withMajority, unanimous: unanimous, noMajority: noMajority,
                majorityAgreesWithSOP: majorityAgrees, noMajorityItems: Array(listedNoMajority), lowestConsensus: lowest)
        }

        // MARK: Gold
        var goldAccuracy: [Int: Double] = [:]
        if let set = review.gold {
            var sop = (0, 0), labels = (0, 0), ai = (0, 0)
            var perLabeler = [(Int, Int)](repeating: (0, 0), count: labelerNames.count)
            var matched = Set<Int32>()
            var defectNodes: [Int: Int] = [:]
            var defects: [Int] = []
            for (k, r) in rows.enumerated() where r.gold >= 0 {
                matched.insert(r.item)
                sop.0 += 1
                if r.sop == r.gold { sop.1 += 1 } else {
                    defects.append(k)
                    defectNodes[Int(r.goldNode), default: 0] += 1
                }
                labels.0 += 1
                if r.label == r.gold { labels.1 += 1 }
                if r.ai >= 0 {
                    ai.0 += 1
                    if r.ai == r.gold { ai.1 += 1 }
                }
                if r.labeler >= 0 {
                    perLabeler[Int(r.labeler)].0 += 1
                    if r.label == r.gold { perLabeler[Int(r.labeler)].1 += 1 }
                }
            }
            func accuracy(_ name: String, _ c: (Int, Int)) -> Accuracy { Accuracy(name: name, rows: c.0, correct: c.1, accuracy: Metrics.ratio(c.1, c.0)) }
            for i in labelerNames.indices where perLabeler[i].0 > 0 { goldAccuracy[i] = Double(perLabeler[i].1) / Double(perLabeler[i].0) }
            let defectIDs = defects.map { itemID(rows[$0].item) }
            let cases = defects.indices.sorted { a, b in
                let c = IDOrder.compare(defectIDs[a], defectIDs[b])
                return c != 0 ? c < 0 : rows[defects[a]].line < rows[defects[b]].line
            }.map { defects[$0] }.prefix(review.maxListed).map { k -> GoldDefect in
                let r = rows[k]
                let d: Divergence = r.goldNode >= 0 ? .node(NodeID(Int(r.goldNode)), branch: Int(r.goldBranch)) : .labelUnreachable
                return GoldDefect(id: itemID(r.item), line: r.line, sop: OutcomeID(Int(r.sop)), gold: OutcomeID(Int(r.gold)), divergence: d)
            }
            let nodesList = defectNodes.map { (node: $0.key >= 0 ? NodeID($0.key) : nil, count: $0.value) }
                .sorted { a, b in
                    if a.count != b.count { return a.count > b.count }
                    return (a.node.map(graph.name(of:)) ?? "") < (b.node.map(graph.name(of:)) ?? "")
                }
            gold = GoldReview(
                entries: set.count, matchedItems: matched.count, rows: sop.0, sop: accuracy("sop", sop), labels: accuracy("labels", labels),
                ai: ai.0 > 0 ? accuracy("ai", ai) : nil,
                labelers: byName.filter { perLabeler[$0].0 > 0 }.map { accuracy(labelerNames[$0], perLabeler[$0]) },
                defects: defects.count, defectNodes: nodesList, defectCases: Array(cases))
        }

        // MARK: Productivity
        if options.fields.duration != nil {
            var durations = [[Float]](repeating: [], count: labelerNames.count)
            var labelCount = [Int](repeating: 0, count: labelerNames.count)
            var agreeCount = [Int](repeating: 0, count: labelerNames.count)
            var all: [Float] = []
            var teamLabels = 0, teamAgree = 0
            for r in rows {
                teamLabels += 1
                if r.agrees { teamAgree += 1 }
                if !r.duration.isNaN { all.append(r.duration) }
                guard r.labeler >= 0 else { continue }
                labelCount[Int(r.labeler)] += 1
                if r.agrees { agreeCount[Int(r.labeler)] += 1 }
                if !r.duration.isNaN { durations[Int(r.labeler)].append(r.duration) }
            }
            func kpi(_ name: String, labels: Int, agree: Int, _ d: [Float], gold: Double?) -> LabelerKPI {
                let sorted = d.map(Double.init).sorted()
                // Summed in sorted order: the total does not depend on the input order.
                let seconds = sorted.reduce(0, +)
                let rate = seconds > 0 ? Double(sorted.count) * 3600 / seconds : nil
                let accuracy = Metrics.ratio(agree, labels)
                return LabelerKPI(
                    labeler: name, labels: labels, timed: sorted.count, seconds: seconds, labelsPerHour: rate,
                    medianSeconds: Agreement.median(sorted: sorted), p90Seconds: Agreement.percentile(sorted: sorted, 0.9),
                    accuracy: accuracy, goldAccuracy: gold, belowAccuracyTarget: (accuracy ?? 1) < review.target,
                    belowRateTarget: review.targetRate.map { t in rate.map { $0 < t } ?? false } ?? false)
            }
            productivity = Productivity(
                accuracyTarget: review.target, rateTarget: review.targetRate,
                labelers: byName.map { kpi(labelerNames[$0], labels: labelCount[$0], agree: agreeCount[$0], durations[$0], gold: goldAccuracy[$0]) },
                team: kpi("*", labels: teamLabels, agree: teamAgree, all, gold: gold?.labels.accuracy))
        }

        // MARK: Trends
        if options.fields.time != nil {
            let period = review.period
            var keys: [Int] = []
            var keyIndex: [Int: Int] = [:]
            var rowPeriod = [Int32](repeating: -1, count: rows.count)
            var dayKey: [Int32: Int] = [:]
            for (k, r) in rows.enumerated() where r.day != .min {
                let key: Int
                if let cached = dayKey[r.day] { key = cached } else {
                    key = period.key(ofDay: Int(r.day))
                    dayKey[r.day] = key
                }
                if keyIndex[key] == nil {
                    keyIndex[key] = keys.count
                    keys.append(key)
                }
                rowPeriod[k] = Int32(keyIndex[key]!)
            }
            let order = keys.indices.sorted { keys[$0] < keys[$1] }
            var rank = [Int](repeating: 0, count: keys.count)
            for (i, p) in order.enumerated() { rank[p] = i }
            let periodCount = keys.count
            let names = order.map { period.name(ofKey: keys[$0]) }
            // Per series (0: everyone, 1 + labeler) and period: labels, agreeing, marginals for kappa.
            var cells = [LabelerTally](repeating: LabelerTally(outcomes: o), count: (1 + labelerNames.count) * periodCount)
            let hot = rootCauses.nodes.prefix(5).map(\.node)
            var nodeCounts = [Int](repeating: 0, count: hot.count * periodCount)
            for (k, r) in rows.enumerated() where rowPeriod[k] >= 0 {
                let p = rank[Int(rowPeriod[k])]
                for s in [0, r.labeler >= 0 ? 1 + Int(r.labeler) : -1] where s >= 0 {
                    cells[s * periodCount + p].samples += 1
                    if r.agrees { cells[s * periodCount + p].agree += 1 }
                    cells[s * periodCount + p].sop[Int(r.sop)] += 1
                    cells[s * periodCount + p].label[Int(r.label)] += 1
                }
                if r.node >= 0, let h = hot.firstIndex(of: NodeID(Int(r.node))) { nodeCounts[h * periodCount + p] += 1 }
            }
            func change(_ a: (Int, Int), _ b: (Int, Int)) -> Change? {
                guard periodCount >= 2, a.1 > 0, b.1 > 0, let ci = Agreement.wilson(a.0, a.1) else { return nil }
                let latest = Double(b.0) / Double(b.1)
                return Change(from: names[periodCount - 2], to: names[periodCount - 1], previous: Double(a.0) / Double(a.1), latest: latest,
                              low: ci.low, high: ci.high, flagged: latest < ci.low || latest > ci.high)
            }
            func series(_ s: Int, _ name: String) -> Series {
                let points = (0..<periodCount).map { p -> PeriodPoint in
                    let c = cells[s * periodCount + p]
                    return PeriodPoint(period: names[p], samples: c.samples, agree: c.agree, agreement: Metrics.ratio(c.agree, c.samples),
                                       kappa: Metrics.kappa(agree: c.agree, total: c.samples, rows: c.sop, columns: c.label))
                }
                let last = points.suffix(2).map { ($0.agree, $0.samples) }
                return Series(name: name, points: points, change: last.count == 2 ? change(last[0], last[1]) : nil)
            }
            let overall = series(0, "*")
            let nodeSeries = hot.enumerated().map { h, node -> NodeSeries in
                let points = (0..<periodCount).map { p in
                    (period: names[p], disagreements: nodeCounts[h * periodCount + p], rate: Metrics.ratio(nodeCounts[h * periodCount + p], overall.points[p].samples))
                }
                let last = points.suffix(2).enumerated().map { i, pt in (pt.disagreements, overall.points[periodCount - 2 + i].samples) }
                return NodeSeries(node: node, points: points, change: last.count == 2 ? change(last[0], last[1]) : nil)
            }
            trends = Trends(period: period, periods: names, overall: overall,
                            labelers: byName.map { series(1 + $0, labelerNames[$0]) }, nodes: nodeSeries)
        }
    }
}

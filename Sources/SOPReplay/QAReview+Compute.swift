import SOPCore
import SOPGraph

extension QAReview {
    /// Computes the review from the merged counts and compact rows.
    init(tally t: ReplayTally, graph: ReplayGraph, options: ReplayOptions) {
        let r = t.review
        let o = t.outcomeCount
        let review = options.review
        let labelerNames = t.labelerOrder
        let byName = labelerNames.indices.sorted { labelerNames[$0] < labelerNames[$1] }
        // Each labeler's place by name: comparing places is comparing names.
        var nameRank = [Int](repeating: 0, count: labelerNames.count)
        for (rank, l) in byName.enumerated() { nameRank[l] = rank }

        // Handling times need nothing else of the review: they are sorted and summarised on another core
        // while the rest is computed.
        let durationSummaries = options.fields.duration == nil ? nil : Parallel.Background(inline: options.jobs <= 1) {
            Self.durationSummaries(r.durations, labelers: labelerNames.count)
        }

        // Labels grouped by item, in input order: `votes[offsets[i]..<offsets[i + 1]]` are item i's.
        let itemCount = r.items.count
        ungroupedItemRows = r.ungroupedRows
        // Every row of the run passes through the loops below: they work on buffers, with no uniqueness
        // check per row.
        var itemOffsets = [Int](repeating: 0, count: itemCount + 1)
        itemOffsets.withUnsafeMutableBufferPointer { counts in
            for chunk in r.itemChunks {
                chunk.items.withUnsafeBufferPointer { items in
                    for row in chunk.rows { counts[Int(items[Int(row.item)]) + 1] += 1 }
                }
            }
            for i in 0..<itemCount { counts[i + 1] += counts[i] }
        }
        let offsets = itemOffsets
        var votes = [Vote](repeating: Vote(labeler: -1, label: 0), count: offsets[itemCount])
        groupedItemRows = votes.count
        do {
            var fill = offsets
            // A row repeats a pair when the item's labels placed before it (the earlier rows, since rows
            // come in input order) include its labeler. Items with many labels are checked with a set, so
            // one id on every row stays linear.
            var manySeen = Set<Int64>()
            var repeats = 0
            var first: (item: Int32, labeler: Int32, line: Int)?
            votes.withUnsafeMutableBufferPointer { votes in
                fill.withUnsafeMutableBufferPointer { fill in
                    for chunk in r.itemChunks {
                        for i in chunk.rows.indices {
                            let row = chunk.row(i)
                            let item = Int(row.item), at = fill[item]
                            let repeated: Bool
                            if row.labeler == ReplayTally.untrackedLabeler {
                                // Rows of labelers past `maxLabelers` cannot be told apart: never taken for repeats.
                                repeated = false
                            } else if offsets[item + 1] - offsets[item] <= Self.scannedLabels {
                                var k = offsets[item]
                                while k < at && votes[k].labeler != row.labeler { k += 1 }
                                repeated = k < at
                            } else {
                                repeated = !manySeen.insert(Int64(row.item) << 32 | Int64(UInt32(bitPattern: row.labeler))).inserted
                            }
                            if repeated {
                                repeats += 1
                                if first == nil { first = (row.item, row.labeler, row.line) }
                            }
                            votes[at] = Vote(labeler: row.labeler, label: row.label)
                            fill[item] = at + 1
                        }
                    }
                }
            }
            repeatedPairs += repeats
            if firstRepeat == nil, let first { firstRepeat = first }
        }
        let grouped = votes
        // Several labelers per item needs only the grouped labels: it is computed on another core while
        // the root causes are found.
        let itemsTable = r.items, itemSOP = r.itemSOP, maxListed = review.maxListed, ranks = nameRank
        let multiRaterWork = Parallel.Background(inline: options.jobs <= 1) {
            Self.multiRater(votes: grouped, offsets: offsets, items: itemsTable, itemSOP: itemSOP, outcomes: o,
                            labelerNames: labelerNames, nameRank: ranks, maxListed: maxListed)
        }
        // Labels per outcome on one item. A buffer, not an array: the functions below that fill it are
        // called once per item, and a captured array would be checked for exclusive access on every call.
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: o)
        counts.initialize(repeating: 0)
        defer { counts.deallocate() }
        func count(item: Int) { Self.countLabels(of: item, offsets: offsets, votes: grouped, into: counts) }

        // MARK: Root causes
        // A disagreement's choice: the SOP branch at its divergence node and the label instead.
        func patternKey(_ d: DisagreementRow) -> Int {
            graph.branchIndex(node: NodeID(Int(d.node)), branch: Int(d.branch)) * o + Int(d.label)
        }
        // Labelers (no labeler counts as one) who made each choice; its rows are `t.patterns[key]`.
        var patternLabelers: [Int: Set<Int32>] = [:]
        for d in r.disagreements where d.node >= 0 {
            patternLabelers[patternKey(d), default: []].insert(d.labeler)
        }
        var lines: [Int] = [], verdicts: [Verdict] = []
        lines.reserveCapacity(r.disagreements.count)
        verdicts.reserveCapacity(r.disagreements.count)
        var causeCount = [0, 0, 0], evidenceCount = [0, 0, 0]
        var labelerCauses = [[Int]](repeating: [0, 0, 0], count: labelerNames.count)
        var nodeCauses = [[Int]](repeating: [0, 0, 0], count: graph.program.nodes.count)
        var unreachable = [0, 0, 0]
        var suspectPatterns: [Int: Int] = [:]
        for d in r.disagreements {
            var verdict = Verdict(cause: .unclear, evidence: .none)
            if d.gold >= 0 {
                if d.gold == d.sop {
                    verdict = Verdict(cause: .labelError, evidence: .gold(OutcomeID(Int(d.gold))))
                } else if d.gold == d.label {
                    verdict = Verdict(cause: .sopSuspect, evidence: .gold(OutcomeID(Int(d.gold))))
                } else {
                    verdict = Verdict(cause: .unclear, evidence: .gold(OutcomeID(Int(d.gold))))
                }
            }
            if case .none = verdict.evidence, d.item >= 0, offsets[Int(d.item) + 1] - offsets[Int(d.item)] > 1 {
                // The item's other labels: all of them but this row's own.
                count(item: Int(d.item))
                counts[Int(d.label)] -= 1
                let others = offsets[Int(d.item) + 1] - offsets[Int(d.item)] - 1
                let sopVotes = counts[Int(d.sop)], labelVotes = counts[Int(d.label)]
                if 2 * sopVotes > others {
                    verdict = Verdict(cause: .labelError, evidence: .consensus(outcome: OutcomeID(Int(d.sop)), agreeing: sopVotes, others: others))
                } else if 2 * labelVotes > others {
                    verdict = Verdict(cause: .sopSuspect, evidence: .consensus(outcome: OutcomeID(Int(d.label)), agreeing: labelVotes, others: others))
                }
            }
            if case .none = verdict.evidence, d.node >= 0 {
                let key = patternKey(d)
                let n = patternLabelers[key]?.count ?? 0
                if n >= Self.patternLabelers {
                    // Rows that made this choice, against rows whose SOP walk took the same branch.
                    let branch = graph.branchIndex(node: NodeID(Int(d.node)), branch: Int(d.branch))
                    let share = Double(t.patterns[key]) / Double(max(1, t.branchTaken[branch]))
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
            if d.labeler >= 0 { labelerCauses[Int(d.labeler)][c] += 1 }
            if d.node >= 0 {
                nodeCauses[Int(d.node)][c] += 1
                if c == 1 {
                    suspectPatterns[patternKey(d), default: 0] += 1
                }
            } else {
                unreachable[c] += 1
            }
            lines.append(d.line)
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

        multiRater = multiRaterWork.value

        // MARK: Gold
        var goldAccuracy: [Int: Double] = [:]
        if let set = review.gold {
            let g = r.gold
            let perLabeler = labelerNames.indices.map { $0 < g.labelers.count ? (g.labelers[$0].rows, g.labelers[$0].correct) : (0, 0) }
            func accuracy(_ name: String, _ c: (Int, Int)) -> Accuracy { Accuracy(name: name, rows: c.0, correct: c.1, accuracy: Metrics.ratio(c.1, c.0)) }
            for i in labelerNames.indices where perLabeler[i].0 > 0 { goldAccuracy[i] = Double(perLabeler[i].1) / Double(perLabeler[i].0) }
            let defectNodes = g.defectNodes
            let nodesList = defectNodes.map { (node: $0.key >= 0 ? NodeID($0.key) : nil, count: $0.value) }
                .sorted { a, b in
                    if a.count != b.count { return a.count > b.count }
                    return (a.node.map(graph.name(of:)) ?? "") < (b.node.map(graph.name(of:)) ?? "")
                }
            gold = GoldReview(
                entries: set.count, matchedItems: g.matchedCount, rows: g.sop.rows, sop: accuracy("sop", g.sop), labels: accuracy("labels", g.labels),
                ai: g.ai.rows > 0 ? accuracy("ai", g.ai) : nil,
                labelers: byName.filter { perLabeler[$0].0 > 0 }.map { accuracy(labelerNames[$0], perLabeler[$0]) },
                defects: g.defects, defectNodes: nodesList, defectCases: g.defectCases)
        }

        // MARK: Productivity
        if options.fields.duration != nil {
            let labelTallies = labelerNames.map { t.labelers[$0] }
            let labelCount = labelTallies.map { $0?.samples ?? 0 }
            let agreeCount = labelTallies.map { $0?.agree ?? 0 }
            let summaries = durationSummaries!.value
            let teamLabels = t.replayed, teamAgree = t.replayed - t.disagreementCount
            func kpi(_ name: String, labels: Int, agree: Int, _ s: (timed: Int, seconds: Double, median: Double?, p90: Double?), gold: Double?) -> LabelerKPI {
                let seconds = s.seconds
                let rate = seconds > 0 ? Double(s.timed) * 3600 / seconds : nil
                let accuracy = Metrics.ratio(agree, labels)
                return LabelerKPI(
                    labeler: name, labels: labels, timed: s.timed, seconds: seconds, labelsPerHour: rate,
                    medianSeconds: s.median, p90Seconds: s.p90,
                    accuracy: accuracy, goldAccuracy: gold, belowAccuracyTarget: (accuracy ?? 1) < review.target,
                    belowRateTarget: review.targetRate.map { t in rate.map { $0 < t } ?? false } ?? false)
            }
            productivity = Productivity(
                accuracyTarget: review.target, rateTarget: review.targetRate,
                labelers: byName.map { kpi(labelerNames[$0], labels: labelCount[$0], agree: agreeCount[$0], summaries[$0 + 1], gold: goldAccuracy[$0]) },
                team: kpi("*", labels: teamLabels, agree: teamAgree, summaries[0], gold: gold?.labels.accuracy))
        }

        // MARK: Trends
        if options.fields.time != nil {
            let period = review.period
            // The merged tally is keyed by period; the latest `maxPeriods` are shown, in order.
            let keys = Array(r.trends.timesLatestFirst().prefix(max(0, review.maxPeriods)).reversed())
            var rank: [Int32: Int] = [:]
            for (i, k) in keys.enumerated() { rank[k] = i }
            let periodCount = keys.count
            let names = keys.map { period.name(ofKey: Int($0)) }
            // Per series (0: everyone, 1 + labeler), its periods with rows: labels, agreeing, marginals for
            // kappa. Everyone has rows in every period kept (the periods are theirs); a labeler lists only the
            // periods it has rows in, so a thousand labelers over a thousand periods cost the cells they use.
            var seriesCells = [[(period: Int, cell: LabelerTally)]](repeating: [], count: 1 + labelerNames.count)
            r.trends.forEachCell { time, s, add in
                guard let p = rank[time] else { return }
                var c = LabelerTally(outcomes: o)
                add(&c)
                seriesCells[s].append((p, c))
            }
            let hot = rootCauses.nodes.prefix(5).map(\.node)
            var nodeCounts = [Int](repeating: 0, count: hot.count * periodCount)
            var lastDay = Int32.min, lastRank: Int?
            for d in r.disagreements where d.node >= 0 && d.day != .min {
                guard let h = hot.firstIndex(of: NodeID(Int(d.node))) else { continue }
                if d.day != lastDay { (lastDay, lastRank) = (d.day, rank[Int32(clamping: period.key(ofDay: Int(d.day)))]) }
                if let p = lastRank { nodeCounts[h * periodCount + p] += 1 }
            }
            func change(_ a: (Int, Int), _ b: (Int, Int)) -> Change? {
                guard periodCount >= 2, a.1 > 0, b.1 > 0, let ci = Agreement.wilson(a.0, a.1) else { return nil }
                let latest = Double(b.0) / Double(b.1)
                return Change(from: names[periodCount - 2], to: names[periodCount - 1], previous: Double(a.0) / Double(a.1), latest: latest,
                              low: ci.low, high: ci.high, flagged: latest < ci.low || latest > ci.high)
            }
            func series(_ s: Int, _ name: String) -> Series {
                let points = seriesCells[s].sorted { $0.period < $1.period }.map { p, c -> PeriodPoint in
                    PeriodPoint(index: p, period: names[p], samples: c.samples, agree: c.agree, agreement: Metrics.ratio(c.agree, c.samples),
                                kappa: Metrics.kappa(agree: c.agree, total: c.samples, rows: c.sop, columns: c.label))
                }
                // The change between the run's last two periods, when the series has rows in both.
                let last = points.suffix(2)
                let both = last.count == 2 && last[last.startIndex].index == periodCount - 2
                return Series(name: name, points: points, change: both ? change((last.first!.agree, last.first!.samples), (last.last!.agree, last.last!.samples)) : nil)
            }
            let overall = series(0, "*")
            let nodeSeries = hot.enumerated().map { h, node -> NodeSeries in
                let points = (0..<periodCount).map { p in
                    (period: names[p], disagreements: nodeCounts[h * periodCount + p], rate: Metrics.ratio(nodeCounts[h * periodCount + p], overall.points[p].samples))
                }
                // (With one period there is no change, and no period before it to index.)
                let last = points.suffix(2).enumerated().map { i, pt in (pt.disagreements, overall.points[max(0, periodCount - 2) + i].samples) }
                return NodeSeries(node: node, points: points, change: last.count == 2 ? change(last[0], last[1]) : nil)
            }
            trends = Trends(period: period, periods: names, overall: overall,
                            labelers: byName.map { series(1 + $0, labelerNames[$0]) }, nodes: nodeSeries,
                            earlierRows: t.replayed - overall.points.reduce(0) { $0 + $1.samples })
        }
    }

    /// Labels per outcome of `item` (its votes are `votes[offsets[item]..<offsets[item + 1]]`) into `counts`,
    /// every other outcome's count cleared.
    @inline(__always)
    static func countLabels(of item: Int, offsets: [Int], votes: [Vote], into counts: UnsafeMutableBufferPointer<Int>) {
        counts.update(repeating: 0)
        for m in offsets[item]..<offsets[item + 1] { counts[Int(votes[m].label)] += 1 }
    }

    /// Several labelers per item: agreement between them (Fleiss' kappa, Krippendorff's alpha, pairwise
    /// kappas), each item's consensus, the items with no majority and the lowest consensus; `nil` when no
    /// item has two labels. `votes[offsets[i]..<offsets[i + 1]]` are item i's labels, in input order.
    static func multiRater(votes grouped: [Vote], offsets: [Int], items: ByteInterner, itemSOP: [Int16], outcomes o: Int,
                           labelerNames: [String], nameRank: [Int], maxListed: Int) -> MultiRater? {
        let itemCount = items.count
        func itemID(_ item: Int32) -> String { items.string(Int(item)) }
        /// The first `max` items in id order (numbers by value, then bytes), compared in place.
        func firstByID(_ list: some Sequence<Int32>, max: Int) -> [Int32] {
            var kept: [Int32] = []
            kept.keepFirst(list, max: max) { a, b in
                items.withBytes(Int(a)) { x in items.withBytes(Int(b)) { y in IDOrder.compare(x, y) < 0 } }
            }
            return kept
        }
        // Labels per outcome on one item (a buffer of this function's own: the root causes use theirs).
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, o))
        counts.initialize(repeating: 0)
        defer { counts.deallocate() }
        func count(item: Int) { Self.countLabels(of: item, offsets: offsets, votes: grouped, into: counts) }
        var multiRater: MultiRater?
        var agreement = Agreement.Accumulator(classes: o)
        var multiItems = 0, multiLabels = 0, minLabels = Int.max, maxLabels = 0
        var withMajority = 0, unanimous = 0, noMajority = 0, majorityAgrees = 0
        // Per pair of labelers (the one first by name, then the other): its place in `pairCells`, o×o each.
        var pairSlots: [Int: Int] = [:]
        var pairCells: [Int] = []
        // Consensus shares, counted per share: the lowest ones are found without sorting every item.
        var shareCounts: [Double: Int] = [:]
        // Items with fewer than `gridLabels` labels are counted per (labels, top count) first, then by share.
        let gridLabels = 64
        var shareGrid = [Int](repeating: 0, count: gridLabels * gridLabels)
        // Each pair's place in `pairSlots`, in a flat table when there are few labelers (most items add to
        // a pair already seen).
        let flatPairs = labelerNames.count <= 256
        var pairSlotOf = [Int](repeating: -1, count: flatPairs ? labelerNames.count * labelerNames.count : 0)
        var noMajorityList: [Int32] = []
        // Each item's labelers and their first labels (at most as many as the item's labels).
        var mostLabels = 0
        for item in 0..<itemCount { mostLabels = max(mostLabels, offsets[item + 1] - offsets[item]) }
        let seenLabelers = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, mostLabels))
        let firstLabel = UnsafeMutableBufferPointer<Int16>.allocate(capacity: max(1, mostLabels))
        defer {
            seenLabelers.deallocate()
            firstLabel.deallocate()
        }
        // The outcomes one item has labels for.
        let present = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, o))
        defer { present.deallocate() }
        // Each item's top count, for its consensus share when the lowest shares are listed.
        var topCounts = [Int32](repeating: 0, count: itemCount)
        // Once per item of the run: buffers, with no uniqueness check per item.
        topCounts.withUnsafeMutableBufferPointer { topCounts in
            shareGrid.withUnsafeMutableBufferPointer { shareGrid in
                grouped.withUnsafeBufferPointer { grouped in
                    for item in 0..<itemCount {
                        let range = offsets[item]..<offsets[item + 1]
                        guard range.count >= 2 else { continue }
                        // The item's counts, touching only the outcomes it has labels for (and clearing
                        // only those after): an item has a few labels, the SOP may have many outcomes.
                        var kinds = 0
                        for m in range {
                            let l = Int(grouped[m].label)
                            if counts[l] == 0 {
                                present[kinds] = l
                                kinds += 1
                            }
                            counts[l] += 1
                        }
                        let labelled = UnsafeBufferPointer(rebasing: present[..<kinds])
                        defer { for k in labelled { counts[k] = 0 } }
                        agreement.add(UnsafeBufferPointer(counts), present: labelled)
                        multiItems += 1
                        multiLabels += range.count
                        minLabels = min(minLabels, range.count)
                        maxLabels = max(maxLabels, range.count)
                        // The first outcome (by number) of the highest count.
                        var top = 0, topCount = 0
                        for k in labelled where counts[k] > topCount || (counts[k] == topCount && k < top) { (top, topCount) = (k, counts[k]) }
                        topCounts[item] = Int32(truncatingIfNeeded: topCount)
                        if 2 * topCount > range.count {
                            withMajority += 1
                            if topCount == range.count { unanimous += 1 }
                            if Int(itemSOP[item]) == top { majorityAgrees += 1 }
                        } else {
                            noMajority += 1
                            noMajorityList.append(Int32(item))
                        }
                        if range.count < gridLabels {
                            shareGrid[range.count * gridLabels + topCount] += 1
                        } else {
                            shareCounts[Double(topCount) / Double(range.count), default: 0] += 1
                        }
                        // Each labeler's first label on the item, for the pairwise kappas.
                        var seen = 0
                        for m in range {
                            let v = grouped[m]
                            guard v.labeler >= 0, !seenLabelers[..<seen].contains(v.labeler) else { continue }
                            seenLabelers[seen] = v.labeler
                            firstLabel[seen] = v.label
                            seen += 1
                        }
                        for x in 0..<seen {
                            for y in 0..<seen where nameRank[Int(seenLabelers[x])] < nameRank[Int(seenLabelers[y])] {
                                let key = Int(seenLabelers[x]) * labelerNames.count + Int(seenLabelers[y])
                                let slot: Int
                                if flatPairs && pairSlotOf[key] >= 0 {
                                    slot = pairSlotOf[key]
                                } else if let known = pairSlots[key] { slot = known } else {
                                    slot = pairCells.count
                                    pairSlots[key] = slot
                                    pairCells += [Int](repeating: 0, count: o * o)
                                    if flatPairs { pairSlotOf[key] = slot }
                                }
                                pairCells[slot + Int(firstLabel[x]) * o + Int(firstLabel[y])] += 1
                            }
                        }
                    }
                }
            }
        }
        for labels in 2..<gridLabels {
            for top in 1...labels where shareGrid[labels * gridLabels + top] > 0 {
                shareCounts[Double(top) / Double(labels), default: 0] += shareGrid[labels * gridLabels + top]
            }
        }
        if multiItems > 0 {
            func consensus(_ item: Int32) -> ItemConsensus {
                count(item: Int(item))
                let n = offsets[Int(item) + 1] - offsets[Int(item)]
                var labels: [(outcome: OutcomeID, count: Int)] = []
                for k in 0..<o where counts[k] > 0 { labels.append((outcome: OutcomeID(k), count: counts[k])) }
                labels.sort { $0.count != $1.count ? $0.count > $1.count : $0.outcome.index < $1.outcome.index }
                let top = labels[0]
                return ItemConsensus(id: itemID(item), labels: labels, majority: 2 * top.count > n ? top.outcome : nil,
                                     share: Double(top.count) / Double(n), sop: OutcomeID(Int(itemSOP[Int(item)])))
            }
            func share(_ item: Int) -> Double {
                Double(topCounts[item]) / Double(offsets[item + 1] - offsets[item])
            }
            let listedNoMajority = firstByID(noMajorityList, max: maxListed).map(consensus)
            // The lowest shares, ties by id: the `maxListed` lowest end at share `cut`; only items at or
            // below it are candidates, and only those tied at a share need comparing by id.
            var lowest: [ItemConsensus] = []
            if maxListed > 0 {
                let shares = shareCounts.keys.sorted()
                var cut = shares.last ?? 0, seen = 0
                for v in shares {
                    seen += shareCounts[v] ?? 0
                    if seen >= maxListed {
                        cut = v
                        break
                    }
                }
                var candidates: [Double: [Int32]] = [:]
                for item in 0..<itemCount where offsets[item + 1] - offsets[item] >= 2 {
                    let v = share(item)
                    if v <= cut { candidates[v, default: []].append(Int32(item)) }
                }
                for v in shares where v <= cut && lowest.count < maxListed {
                    lowest += firstByID(candidates[v] ?? [], max: maxListed - lowest.count).map(consensus)
                }
            }
            var pairs: [RaterPair] = []
            for (key, slot) in pairSlots {
                let a = key / labelerNames.count, b = key % labelerNames.count
                let m = Array(pairCells[slot..<slot + o * o])
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

        return multiRater
    }

    /// Everyone's handling times, then each of `labelers` labelers' (`durations[0]` holds those of rows
    /// without a labeler, `durations[1 + l]` labeler l's), each sorted and summarised.
    static func durationSummaries(_ durations: [[Float]], labelers: Int) -> [(timed: Int, seconds: Double, median: Double?, p90: Double?)] {
        let series = [durations.flatMap { $0 }] + (0..<labelers).map { $0 + 1 < durations.count ? durations[$0 + 1] : [] }
        return series.map { list in
            var d = list
            FloatSort.sortNonNegative(&d)
            let sorted = d.lazy.map(Double.init)
            // Summed in sorted order: the total does not depend on the input order.
            return (sorted.count, sorted.reduce(0, +), Agreement.median(sorted: sorted), Agreement.percentile(sorted: sorted, 0.9))
        }
    }
}

import SOPCore
import SOPGraph

/// The outcome of a replay run: merged counts and the metrics derived from them.
public struct ReplayResult: Sendable {
    public let graph: ReplayGraph
    let tally: ReplayTally
    public let options: ReplayOptions
    /// Trends, productivity, labelers on the same items, gold set and root causes.
    public let review: QAReview
    /// Replayed rows whose (id, labeler) pair an earlier row already has. They stay in every count (a
    /// row is a sample), and are reported so a file concatenated twice or a labeling exported twice is
    /// noticed. The same id labeled by different labelers is not a repeat: it is the multi-rater case of
    /// the QA review. See docs/replay.md.
    public let repeatedPairs: Int
    /// The first repeat in input order: its id, labeler (when the row names one) and line.
    public let firstRepeat: (id: String, labeler: String?, line: Int)?

    init(graph: ReplayGraph, tally: ReplayTally, options: ReplayOptions, disagreementRows: DisagreementSpool? = nil) {
        self.disagreementRows = disagreementRows
        self.graph = graph
        self.options = options
        review = QAReview(tally: tally, graph: graph, options: options)
        // Item and labeler numbers are text compared by `CanonicalText` (`ByteInterner`).
        repeatedPairs = review.repeatedPairs
        firstRepeat = review.firstRepeat.map { r in
            (tally.review.items.string(Int(r.item)), r.labeler >= 0 ? tally.labelerOrder[Int(r.labeler)] : nil, r.line)
        }
        var t = tally
        // The review's rows are no longer needed: free them before the report is rendered.
        t.review = ReviewTally(outcomes: 0)
        self.tally = t
    }

    // MARK: - Summary

    public var samples: Int { tally.samples }
    public var replayed: Int { tally.replayed }
    public var rejected: Int { tally.rejected }
    public var disagree: Int { tally.disagreementCount }
    public var agree: Int { tally.replayed - tally.disagreementCount }
    /// Agreeing rows over replayed rows; `nil` when nothing was replayed.
    public var agreement: Double? { Metrics.ratio(agree, replayed) }
    /// Cohen's kappa between the SOP's outcome and the label.
    public var kappa: Double? { Metrics.kappa(tally.confusion, size: tally.outcomeCount) }
    /// Disagreements whose label no node on the SOP's path can lead to.
    public var labelUnreachable: Int { tally.labelUnreachable }
    /// Replayed rows whose labeler was first seen after `ReplayOptions.maxLabelers` others: in every count
    /// but the per-labeler tables (and not checked for repeated pairs).
    public var unattributedRows: Int { tally.unattributedRows }
    /// Replayed rows in trend periods before the latest `ReviewOptions.maxPeriods` (0 without trends).
    public var rowsBeforeTrendPeriods: Int { review.trends?.earlierRows ?? 0 }
    /// Replayed rows with an id past the item table (`ReplayOptions.maxItemBytes`): in every count but the
    /// analyses by item (several labelers per item, consensus, repeated pairs).
    public var ungroupedItemRows: Int { review.ungroupedItemRows }
    /// Rejected rows by reason.
    public var rejectedByKind: [(RejectKind, Int)] {
        RejectKind.allCases.enumerated().compactMap { tally.rejectedByKind[$0] > 0 ? ($1, tally.rejectedByKind[$0]) : nil }
    }
    /// The disagreements listed in the report: the first `maxDisagreements` by id.
    public var disagreements: [DisagreementRecord] { tally.disagreements }
    /// With `ReplayOptions.disagreementRows`: the disagreements file's rows, in input order, without their
    /// causes (`DisagreementCSV.write`).
    let disagreementRows: DisagreementSpool?
    /// The rejected rows listed in the report: the first `maxRejected` by line.
    public var rejectedRows: [RejectedRow] { tally.rejectedRows }

    /// Rows whose SOP outcome is `sop` and label is `label`.
    public func count(sop: OutcomeID, label: OutcomeID) -> Int {
        tally.confusion[sop.index * tally.outcomeCount + label.index]
    }

    // MARK: - Outcomes

    /// Precision, recall and F1 of the SOP's outcome against the label, for one outcome.
    public struct OutcomeStats: Sendable {
        public var outcome: OutcomeID
        /// Rows labeled with the outcome.
        public var support: Int
        /// Rows the SOP sends to the outcome.
        public var predicted: Int
        public var truePositives: Int
        public var precision: Double?
        public var recall: Double?
        public var f1: Double?
    }

    /// The outcomes the report lists: every outcome the SOP can reach or a label named, in declaration order.
    public var reportedOutcomes: [OutcomeID] {
        let reachable = Set(graph.reachableOutcomes)
        let o = tally.outcomeCount
        return graph.outcomes.filter { id in
            if reachable.contains(id) { return true }
            for k in 0..<o where tally.confusion[k * o + id.index] > 0 || tally.confusion[id.index * o + k] > 0 { return true }
            return false
        }
    }

    public var outcomeStats: [OutcomeStats] {
        let o = tally.outcomeCount
        return reportedOutcomes.map { id in
            var support = 0, predicted = 0
            for k in 0..<o {
                support += tally.confusion[k * o + id.index]
                predicted += tally.confusion[id.index * o + k]
            }
            let tp = tally.confusion[id.index * o + id.index]
            let precision = Metrics.ratio(tp, predicted)
            let recall = Metrics.ratio(tp, support)
            var f1: Double?
            if let p = precision, let r = recall { f1 = p + r > 0 ? 2 * p * r / (p + r) : 0 }
            return OutcomeStats(outcome: id, support: support, predicted: predicted, truePositives: tp, precision: precision, recall: recall, f1: f1)
        }
    }

    // MARK: - Nodes

    /// Disagreement counts at one node.
    public struct NodeStats: Sendable {
        public var node: NodeID
        /// Replayed rows whose SOP walk passed through the node.
        public var reached: Int
        /// Disagreements whose divergence is this node.
        public var disagreements: Int
        /// `disagreements / reached`.
        public var rate: Double?
        /// The most common (SOP branch, label) among those disagreements, with its count.
        public var pattern: (branch: Int, label: OutcomeID, count: Int)?
        /// The disagreements split by root cause.
        public var labelError = 0
        public var sopSuspect = 0
        public var unclear = 0
    }

    /// Every node in scope, hotspots first: by SOP suspicion (`sop-suspect` disagreements), then
    /// disagreements, then rate, then name.
    public var nodeStats: [NodeStats] {
        let o = tally.outcomeCount
        var causes: [NodeID: QAReview.NodeCauses] = [:]
        for c in review.rootCauses.nodes { causes[c.node] = c }
        let stats = graph.nodes.map { n -> NodeStats in
            var best: (Int, OutcomeID, Int)?
            let branches = graph.program.nodes[n.index].branches.count
            for b in 0..<branches {
                let g = graph.branchIndex(node: n, branch: b)
                for k in 0..<o {
                    let c = tally.patterns[g * o + k]
                    if c > 0 && c > (best?.2 ?? 0) { best = (b, OutcomeID(k), c) }
                }
            }
            return NodeStats(
                node: n, reached: tally.nodeReached[n.index], disagreements: tally.nodeDisagreements[n.index],
                rate: Metrics.ratio(tally.nodeDisagreements[n.index], tally.nodeReached[n.index]),
                pattern: best.map { (branch: $0.0, label: $0.1, count: $0.2) },
                labelError: causes[n]?.labelError ?? 0, sopSuspect: causes[n]?.sopSuspect ?? 0, unclear: causes[n]?.unclear ?? 0)
        }
        return stats.sorted { a, b in
            if a.sopSuspect != b.sopSuspect { return a.sopSuspect > b.sopSuspect }
            if a.disagreements != b.disagreements { return a.disagreements > b.disagreements }
            let ra = a.rate ?? -1, rb = b.rate ?? -1
            if ra != rb { return ra > rb }
            return graph.name(of: a.node) < graph.name(of: b.node)
        }
    }

    // MARK: - Labelers

    /// One labeler's agreement with the SOP.
    public struct LabelerStats: Sendable {
        public var labeler: String
        public var samples: Int
        public var agree: Int
        public var agreement: Double?
        public var kappa: Double?
        /// Agreement below `target`.
        public var belowTarget: Bool
    }

    /// Per labeler, by name.
    public func labelerStats(target: Double) -> [LabelerStats] {
        tally.labelers.sorted { $0.key < $1.key }.map { name, t in
            let agreement = Metrics.ratio(t.agree, t.samples)
            return LabelerStats(
                labeler: name, samples: t.samples, agree: t.agree, agreement: agreement,
                kappa: Metrics.kappa(agree: t.agree, total: t.samples, rows: t.sop, columns: t.label), belowTarget: (agreement ?? 1) < target)
        }
    }

    // MARK: - AI

    /// How an AI's outcomes compare with the SOP and the label.
    public struct AIStats: Sendable {
        public var samples: Int
        public var agreesWithSOP: Int
        public var agreesWithLabel: Int
        public var sopAgreement: Double?
        public var labelAgreement: Double?
        public var labelKappa: Double?
        /// All three agree.
        public var allAgree: Int
        /// SOP and label agree; the AI differs.
        public var aiWrong: Int
        /// AI and SOP agree; the label differs.
        public var labelWrong: Int
        /// AI and label agree; the SOP differs.
        public var sopDiffers: Int
        /// All three differ.
        public var allDiffer: Int
        /// Where the AI parts from the SOP's walk: nodes with at least one divergence, most first.
        public var nodes: [(node: NodeID, divergences: Int)]
        public var unreachable: Int
    }

    /// `nil` when no row carried an AI outcome.
    public var aiStats: AIStats? {
        let a = tally.ai
        guard a.samples > 0 else { return nil }
        let nodes = graph.nodes.compactMap { n in a.nodeDivergence[n.index] > 0 ? (node: n, divergences: a.nodeDivergence[n.index]) : nil }
            .sorted { $0.divergences != $1.divergences ? $0.divergences > $1.divergences : graph.name(of: $0.node) < graph.name(of: $1.node) }
        return AIStats(
            samples: a.samples, agreesWithSOP: a.agreesWithSOP, agreesWithLabel: a.agreesWithLabel,
            sopAgreement: Metrics.ratio(a.agreesWithSOP, a.samples), labelAgreement: Metrics.ratio(a.agreesWithLabel, a.samples),
            labelKappa: Metrics.kappa(a.confusion, size: tally.outcomeCount),
            allAgree: a.threeWay[0], aiWrong: a.threeWay[1], labelWrong: a.threeWay[2], sopDiffers: a.threeWay[3], allDiffer: a.threeWay[4],
            nodes: nodes, unreachable: a.unreachable)
    }

    // MARK: - Coverage

    /// Branches of nodes in scope that no replayed row took, in node then branch order.
    public var unexercisedBranches: [(node: NodeID, branch: Int)] {
        graph.nodes.flatMap { n in
            graph.program.nodes[n.index].branches.indices.compactMap { b in
                tally.branchTaken[graph.branchIndex(node: n, branch: b)] == 0 ? (node: n, branch: b) : nil
            }
        }
    }

    /// Branches of nodes in scope.
    public var branchTotal: Int { graph.nodes.reduce(0) { $0 + graph.program.nodes[$1.index].branches.count } }

    /// Reachable outcomes the SOP never produced.
    public var unexercisedOutcomes: [OutcomeID] {
        let o = tally.outcomeCount
        return graph.reachableOutcomes.filter { id in (0..<o).allSatisfy { tally.confusion[id.index * o + $0] == 0 } }
    }
}


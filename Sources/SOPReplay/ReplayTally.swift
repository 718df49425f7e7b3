import SOPGraph

/// Per-labeler counts: agreement and the marginals kappa needs, so each labeler costs two short arrays
/// however many there are.
struct LabelerTally: Sendable {
    var samples = 0
    var agree = 0
    /// Rows per SOP outcome.
    var sop: [Int]
    /// Rows per label.
    var label: [Int]

    init(outcomes: Int) {
        sop = Array(repeating: 0, count: outcomes)
        label = sop
    }

    mutating func merge(_ o: LabelerTally) {
        samples += o.samples
        agree += o.agree
        for i in sop.indices {
            sop[i] += o.sop[i]
            label[i] += o.label[i]
        }
    }
}

/// Counts over rows carrying an `ai` outcome.
struct AITally: Sendable {
    var samples = 0
    var agreesWithSOP = 0
    var agreesWithLabel = 0
    /// all agree, AI wrong, label wrong, SOP differs, all differ.
    var threeWay = [0, 0, 0, 0, 0]
    /// Where the AI's outcome parts from the SOP's walk, per node.
    var nodeDivergence: [Int]
    var unreachable = 0
    /// `ai * outcomes + label`, for the AI's kappa against the label.
    var confusion: [Int]

    init(nodes: Int, outcomes: Int) {
        nodeDivergence = Array(repeating: 0, count: nodes)
        confusion = Array(repeating: 0, count: outcomes * outcomes)
    }

    mutating func merge(_ o: AITally) {
        samples += o.samples
        agreesWithSOP += o.agreesWithSOP
        agreesWithLabel += o.agreesWithLabel
        for i in threeWay.indices { threeWay[i] += o.threeWay[i] }
        for i in nodeDivergence.indices { nodeDivergence[i] += o.nodeDivergence[i] }
        for i in confusion.indices { confusion[i] += o.confusion[i] }
        unreachable += o.unreachable
    }
}

/// Additive counts over a set of rows: per batch, then merged in batch order.
struct ReplayTally: Sendable {
    let outcomeCount: Int
    var samples = 0
    var replayed = 0
    var rejected = 0
    var rejectedByKind: [Int] = Array(repeating: 0, count: RejectKind.allCases.count)
    /// `sop * outcomeCount + label`.
    var confusion: [Int]
    var nodeReached: [Int]
    var nodeDisagreements: [Int]
    /// `globalBranch * outcomeCount + label`: which SOP branch the disagreeing rows took at their divergence.
    var patterns: [Int]
    var branchTaken: [Int]
    var labelUnreachable = 0
    var labelers: [String: LabelerTally] = [:]
    var ai: AITally
    var disagreementCount = 0
    var disagreements: [DisagreementRecord] = []
    /// With `ReplayOptions.disagreementRows`: a batch's rows of the disagreements file, as its worker built
    /// them; the merge moves them to the run's `DisagreementSpool`.
    var disagreementRows: [DisagreementCSV.Chunk] = []
    var rejectedRows: [RejectedRow] = []
    /// Line breaks seen (to number the next batch's lines).
    var lines = 0
    /// What the QA review keeps (items and labelers numbered as `ReviewTally` says).
    var review: ReviewTally
    /// Labeler names by number: a batch's own numbering, then the merged one.
    var labelerOrder: [String] = []
    private var labelerNumbers: [String: Int32] = [:]
    /// Replayed rows whose labeler was first seen past `ReplayOptions.maxLabelers`: counted everywhere but
    /// in the per-labeler tables.
    var unattributedRows = 0
    /// The labeler number of such rows (-1 is a row without a labeler).
    static let untrackedLabeler: Int32 = -2

    init(graph: ReplayGraph) {
        let o = graph.program.outcomes.count
        outcomeCount = o
        confusion = Array(repeating: 0, count: o * o)
        nodeReached = Array(repeating: 0, count: graph.program.nodes.count)
        nodeDisagreements = nodeReached
        patterns = Array(repeating: 0, count: graph.branchCount * o)
        branchTaken = Array(repeating: 0, count: graph.branchCount)
        ai = AITally(nodes: graph.program.nodes.count, outcomes: o)
        review = ReviewTally(outcomes: o)
    }

    /// Adds a later batch's counts; its lines are numbered after this one's.
    mutating func merge(_ b: ReplayTally, maxDisagreements: Int, maxRejected: Int, maxLabelers: Int = .max, maxItemBytes: Int = .max, review options: ReviewOptions) {
        samples += b.samples
        replayed += b.replayed
        rejected += b.rejected
        for i in rejectedByKind.indices { rejectedByKind[i] += b.rejectedByKind[i] }
        for i in confusion.indices { confusion[i] += b.confusion[i] }
        for i in nodeReached.indices {
            nodeReached[i] += b.nodeReached[i]
            nodeDisagreements[i] += b.nodeDisagreements[i]
        }
        for i in patterns.indices where b.patterns[i] != 0 { patterns[i] += b.patterns[i] }
        for i in branchTaken.indices { branchTaken[i] += b.branchTaken[i] }
        labelUnreachable += b.labelUnreachable
        unattributedRows += b.unattributedRows
        ai.merge(b.ai)
        disagreementCount += b.disagreementCount
        disagreements.keepFirst(b.disagreements, max: maxDisagreements, by: DisagreementRecord.precedes)
        for r in b.rejectedRows where rejectedRows.count < maxRejected { rejectedRows.append(r) }
        lines += b.lines
        mergeReview(b, options, maxLabelers: maxLabelers, maxItemBytes: maxItemBytes)
    }

    /// Adds a later batch's labelers and review, renumbering its labelers into this tally's. Labelers are
    /// numbered in first-seen order over the input; one first seen past `maxLabelers` is not tracked and
    /// its rows are counted in `unattributedRows`. Batches number all their labelers (a batch is a few
    /// megabytes), so the labelers tracked are those one pass over the input would track, whatever the
    /// batches.
    private mutating func mergeReview(_ b: ReplayTally, _ options: ReviewOptions, maxLabelers: Int, maxItemBytes: Int) {
        let labelerMap = b.labelerOrder.map { name -> Int32 in
            if let n = labelerNumbers[name] { return n }
            guard labelerOrder.count < maxLabelers else { return Self.untrackedLabeler }
            let n = Int32(labelerOrder.count)
            labelerNumbers[name] = n
            labelerOrder.append(name)
            return n
        }
        for (name, t) in b.labelers {
            if labelerNumbers[name] != nil {
                labelers[name, default: LabelerTally(outcomes: outcomeCount)].merge(t)
            } else {
                unattributedRows += t.samples
            }
        }
        review.merge(b.review, labelers: labelerMap, gold: options.gold, maxListed: options.maxListed, period: options.period, maxPeriods: options.maxPeriods, maxItemBytes: maxItemBytes)
    }
}

import SOPCore
import SOPGraph
import SOPReplay

/// Samples replayed through both versions of one SOP: which flip, per transition; with labels, the
/// disagreements fixed and introduced, agreement and kappa before and after; always the outcome volumes.
public struct DiffSamples: Sendable {
    public struct Flip: Sendable {
        public var from: String
        public var to: String
        public var count: Int
        /// The first `idLimit` ids, in input order.
        public var ids: [String]
    }

    public var sop: String
    /// Rows read, rows evaluated by both versions, rows rejected by either.
    public var samples = 0
    public var evaluated = 0
    public var rejected = 0
    /// Per outcome name (both versions' outcomes, old order then new ones): rows ending there before, after.
    public var volumes: [(outcome: String, before: Int, after: Int)] = []
    public var flips: [Flip] = []
    /// With labels (rows evaluated by both that carry one).
    public var labeled = 0
    public var fixed = 0
    public var introduced = 0
    public var fixedIDs: [String] = []
    public var introducedIDs: [String] = []
    public var agreementBefore: Double?
    public var agreementAfter: Double?
    public var kappaBefore: Double?
    public var kappaAfter: Double?

    public static let idLimit = 10

    /// Replays `source` (read twice through `open`) through both versions of `change`'s SOP.
    public init(diff: SOPDiff, sop change: SOPDiff.SOPChange, options: ReplayOptions, open: () throws -> ByteSource) throws {
        sop = change.sop
        var o = options
        o.requireLabel = false
        let oldGraph = ReplayGraph(program: diff.old, sop: change.oldSOP)
        let newGraph = ReplayGraph(program: diff.new, sop: change.newSOP)
        // Per row, in input order: id, label name, outcome name (nil: rejected).
        var before: [(id: String, label: String?, outcome: String?)] = []
        try Replayer(graph: oldGraph, options: o).evaluate(open()) { e in
            before.append((e.id, e.label.map(oldGraph.name(of:)), e.outcome.map(oldGraph.name(of:))))
        }
        var after: [String?] = []
        var afterLabels: [String?] = []
        try Replayer(graph: newGraph, options: o).evaluate(open()) { e in
            after.append(e.outcome.map(newGraph.name(of:)))
            afterLabels.append(e.label.map(newGraph.name(of:)))
        }
        samples = before.count
        var names: [String] = oldGraph.outcomes.map(oldGraph.name(of:))
        for n in newGraph.outcomes.map(newGraph.name(of:)) where !names.contains(n) { names.append(n) }
        var volumeBefore: [String: Int] = [:], volumeAfter: [String: Int] = [:]
        var flipIndex: [String: Int] = [:]
        var agreeBefore = 0, agreeAfter = 0
        var index: [String: Int] = [:]
        for (k, n) in names.enumerated() { index[n] = k }
        var confusionBefore = Array(repeating: 0, count: names.count * names.count)
        var confusionAfter = confusionBefore
        for (k, row) in before.enumerated() where k < after.count {
            guard let a = row.outcome, let b = after[k] else {
                rejected += 1
                continue
            }
            evaluated += 1
            volumeBefore[a, default: 0] += 1
            volumeAfter[b, default: 0] += 1
            if a != b {
                let key = a + "\u{0}" + b
                if let i = flipIndex[key] {
                    flips[i].count += 1
                    if flips[i].ids.count < Self.idLimit { flips[i].ids.append(row.id) }
                } else {
                    flipIndex[key] = flips.count
                    flips.append(Flip(from: a, to: b, count: 1, ids: [row.id]))
                }
            }
            guard let label = row.label ?? afterLabels[k], let l = index[label], let ia = index[a], let ib = index[b] else { continue }
            labeled += 1
            confusionBefore[ia * names.count + l] += 1
            confusionAfter[ib * names.count + l] += 1
            if a == label { agreeBefore += 1 }
            if b == label { agreeAfter += 1 }
            if a != label && b == label {
                fixed += 1
                if fixedIDs.count < Self.idLimit { fixedIDs.append(row.id) }
            }
            if a == label && b != label {
                introduced += 1
                if introducedIDs.count < Self.idLimit { introducedIDs.append(row.id) }
            }
        }
        volumes = names.map { ($0, volumeBefore[$0] ?? 0, volumeAfter[$0] ?? 0) }.filter { $0.1 > 0 || $0.2 > 0 }
        if labeled > 0 {
            agreementBefore = Metrics.ratio(agreeBefore, labeled)
            agreementAfter = Metrics.ratio(agreeAfter, labeled)
            kappaBefore = Metrics.kappa(confusionBefore, size: names.count)
            kappaAfter = Metrics.kappa(confusionAfter, size: names.count)
        }
    }

    /// The flips of one transition.
    public func flip(from: String?, to: String?) -> Flip? {
        flips.first { $0.from == from && $0.to == to }
    }
}

import SOPCore
import SOPGraph

/// Where two versions first differ, said when the comparison ran past its work bound.
///
/// Walking from the start, every case takes the same branch in both versions at each node that is locally
/// the same (see `ChangeImpact+Frontier.swift`), so a case whose outcome changes first takes different ways
/// at a node of the frontier. What happens there is local and cheap to state exactly: per pair of places
/// the two walks go to from the node (not two outcomes that are the same, nor two nodes with the same
/// canonical number), the cases that go there. These *moves* are what a reviewer needs to read an update
/// that could not be decided: `in26 == 878` now goes to `n5010` instead of `out2`. What stays open is
/// whether any case that reaches the node is among them, and where it ends from there; the report says so.
extension ChangeImpact {
    /// A node of the frontier and the moves that differ there.
    public struct Divergence: Sendable {
        /// One pair of places the two walks go to from the node.
        public struct Move: Sendable {
            /// Where the old walk goes from the node (a node's name or an outcome's), and the new walk.
            public var old: String
            public var new: String
            /// The cases that, at the node, go to those two places: a condition over the inputs.
            public var condition: String
            /// One such case, placed at the node (whether a case reaching the node is among them is
            /// `reach`).
            public var witness: Case
            /// Whether a case that reaches the node makes the move, when that was asked.
            public var reach: Reach
        }

        /// What the path analysis said of a move.
        public enum Reach: Sendable {
            /// Not asked: the comparison ran out before the moves were looked at.
            case notAsked
            /// Asked, not decided within the bound.
            case undecided
            /// No case that reaches the node makes the move.
            case none
            /// This case (complete over both versions' inputs) reaches the node and makes the move.
            case reached(Case)
        }

        /// The node, as the old version names it.
        public var node: String
        /// Nil when the new version has no node of that name (the moves are then not local).
        public var moves: [Move]?
    }

    /// Frontier nodes described at most.
    public static let divergenceLimit = 8
    /// The fewest diagram steps the description gets (a tenth of the comparison's bound, at least this):
    /// it is one step of both walks at a few nodes, and is not to fail because a caller's bound is small.
    static let divergenceStepFloor = 1_000_000

    /// The frontier's moves: the first `divergenceLimit` frontier nodes described, and how many frontier
    /// nodes there are; with `analysis`, each move of every frontier node asked (`queryLimit` steps per
    /// question), and `none` true when no case reaching any frontier node makes any move, which proves
    /// that no case changes. Nil when a frontier node has no counterpart or is unknown to the analysis
    /// (only when asking), or the budget ran out.
    static func divergences(_ program: Program, _ old: SOPID, frontier: [NodeID], pairing: Pairing, describer: ClassDescriber, both: DecisionDiagram.Ref,
                            same: [OutcomeID: OutcomeID], sameAs: [Int?]?, steps: Int,
                            analysis: PathAnalysis? = nil, queryLimit: Int = 0) -> (listed: [Divergence], total: Int, none: Bool)? {
        let dd = describer.dd, encoding = describer.encoding, new = describer.new
        func name(_ place: Place, _ sop: SOPID) -> String {
            switch place {
            case .node(let n): return program.pathName(of: NodeID(n), from: sop)
            case .outcome(let o): return program.name(of: OutcomeID(o), from: sop)
            }
        }
        var listed: [Divergence] = []
        var none = true
        // Without questions only the nodes described are looked at.
        for (k, f) in (analysis == nil ? frontier.prefix(divergenceLimit) : frontier[...]).enumerated() {
            let counterpart = pairing.counterpart[f.index]
            let position = analysis.map { $0.position[f.index] } ?? 0
            guard counterpart >= 0, position >= 0 else {
                if analysis != nil { return nil }
                if k < divergenceLimit { listed.append(Divergence(node: program.pathName(of: f, from: old), moves: nil)) }
                continue
            }
            dd.budget(steps)
            var order: [Pair] = []
            var cases: [Pair: DecisionDiagram.Ref] = [:]
            bothStep(program, f.index, counterpart, both, dd, describer.effectiveGuards) { pair, c in
                guard c != DecisionDiagram.falseRef, !settled(pair, same: same, sameAs: sameAs) else { return }
                if let e = cases[pair] {
                    cases[pair] = dd.or(e, c)
                } else {
                    cases[pair] = c
                    order.append(pair)
                }
            }
            if dd.exhausted { return nil }
            var moves: [Divergence.Move] = []
            for pair in order {
                let c = cases[pair]!
                var reach = Divergence.Reach.notAsked
                if let analysis {
                    dd.budget(queryLimit)
                    switch dd.isSpent ? .unknown : analysis.query(position, c) {
                    case .unsatisfiable: reach = .none
                    case .satisfiable(let evidence): reach = analysis.witness(evidence).map { .reached($0) } ?? .undecided
                    case .unknown: reach = .undecided
                    }
                    if case .none = reach {} else { none = false }
                }
                guard k < divergenceLimit else { continue }
                dd.budget(steps)
                guard let a = dd.pick(c, preference: encoding.preference) else { continue }
                let witness = encoding.decode(encoding.preferred(a, satisfying: c, in: dd))
                let (common, rest, omitted) = describer.simplifier.factored(c, within: both, in: dd)
                if dd.exhausted { return nil }
                let always = common.isEmpty && omitted == 0 && (rest.isEmpty || rest.contains(where: \.isEmpty))
                moves.append(Divergence.Move(old: name(pair.old, old), new: name(pair.new, new),
                                             condition: always ? "always" : conjunction(common, rest, omitted: omitted), witness: witness, reach: reach))
            }
            if !moves.isEmpty { listed.append(Divergence(node: program.pathName(of: f, from: old), moves: moves)) }
        }
        return (listed, frontier.count, none)
    }

    /// The frontier's moves, described without asking (see above) on a diagram of their own.
    static func divergences(_ program: Program, _ old: SOPID, _ new: SOPID, pairing: Pairing, encoding: Encoding,
                            domains: (old: Guard, new: Guard), same: [OutcomeID: OutcomeID], sameAs: [Int?]?, namesFrom: SOPID,
                            stepLimit: Int) -> (listed: [Divergence], total: Int, none: Bool)? {
        guard let frontier = frontier(program, old, new, pairing, same: same), !frontier.isEmpty else { return nil }
        let describer = ClassDescriber(program: program, old: old, new: new, encoding: encoding, namesFrom: namesFrom, steps: stepLimit)
        let both = describer.dd.and(describer.build(domains.old), describer.build(domains.new))
        return divergences(program, old, frontier: frontier, pairing: pairing, describer: describer, both: both, same: same, sameAs: sameAs,
                           steps: stepLimit)
    }
}

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
            /// One such case, placed at the node (whether a case reaching the node is among them is not
            /// known).
            public var witness: Case
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

    /// The first `divergenceLimit` frontier nodes with their moves, and how many frontier nodes there are;
    /// nil when the frontier does not qualify (see `frontier`) or the budget ran out.
    static func divergences(_ program: Program, _ old: SOPID, _ new: SOPID, pairing: Pairing, encoding: Encoding,
                            domains: (old: Guard, new: Guard), same: [OutcomeID: OutcomeID], sameAs: [Int?]?, namesFrom: SOPID,
                            stepLimit: Int) -> (listed: [Divergence], total: Int)? {
        guard let frontier = frontier(program, old, new, pairing, same: same), !frontier.isEmpty else { return nil }
        let describer = ClassDescriber(program: program, old: old, new: new, encoding: encoding, namesFrom: namesFrom, steps: stepLimit)
        let dd = describer.dd
        let both = dd.and(describer.build(domains.old), describer.build(domains.new))
        func name(_ place: Place, _ sop: SOPID) -> String {
            switch place {
            case .node(let n): return program.pathName(of: NodeID(n), from: sop)
            case .outcome(let o): return program.name(of: OutcomeID(o), from: sop)
            }
        }
        var listed: [Divergence] = []
        for f in frontier.prefix(divergenceLimit) {
            let counterpart = pairing.counterpart[f.index]
            guard counterpart >= 0 else {
                listed.append(Divergence(node: program.pathName(of: f, from: old), moves: nil))
                continue
            }
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
            var moves: [Divergence.Move] = []
            for pair in order {
                let c = cases[pair]!
                guard let a = dd.pick(c, preference: encoding.preference) else { continue }
                let witness = encoding.decode(encoding.preferred(a, satisfying: c, in: dd))
                let (common, rest, omitted) = describer.simplifier.factored(c, within: both, in: dd)
                let always = common.isEmpty && omitted == 0 && (rest.isEmpty || rest.contains(where: \.isEmpty))
                moves.append(Divergence.Move(old: name(pair.old, old), new: name(pair.new, new),
                                             condition: always ? "always" : conjunction(common, rest, omitted: omitted), witness: witness))
            }
            if dd.exhausted { return nil }
            if !moves.isEmpty { listed.append(Divergence(node: program.pathName(of: f, from: old), moves: moves)) }
        }
        return (listed, frontier.count)
    }
}

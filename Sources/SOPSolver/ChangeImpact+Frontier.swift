import SOPCore
import SOPGraph

/// The cases both versions express, compared from the changed decisions first met.
///
/// A node of the old version is *locally the same* when the node of the same name in the new version has
/// the same form, match mode and branches (guard by guard, `else` where `else` is), and each branch leads
/// to the same-named node, or to an outcome `same` pairs with its target. Walking from the start, a case
/// takes the same branch in both versions at every such node, so both walks stay at same-named nodes until
/// they first meet a node that is not locally the same: a node of the *frontier*. When no frontier node can
/// reach another, every old walk to a frontier node `F` passes only nodes that are locally the same, so the
/// cases whose walks meet the versions' difference at `F` are exactly `pc(F)`, the path condition of `F` in
/// the old version (the same as in the new), and the cases going `a → b` are
///
///     the union over F of  pc(F) ∧ local_F(a, b)
///
/// where `local_F(a, b)` is the set of cases that, walking from `F` in both versions, end in `a` (old) and
/// `b` (new): both walks followed together from the pair of nodes named `F`, as `changedCases` does from
/// the starts. No path condition of `F` is built for that: whether the class has a case at `F` is one
/// question to the path analysis `sopc check` uses (`PathAnalysis.query`), which answers it exactly within
/// its budget (a case known to reach `F`, or a proof that none does). Where `pc(F)` is small enough to be
/// kept exact, the class is that diagram and is described as the pair method describes it; elsewhere its
/// condition is `reaches `F` and local_F(a, b)` and its routes are walked from `F`.
extension ChangeImpact {
    /// The frontier (old nodes, in topological order), or nil when the method does not apply: the starts
    /// are not the same-named node, the start itself changed (then the pair method is the same work), or
    /// a frontier node can reach another (a walk may then meet the difference twice).
    static func frontier(_ program: Program, _ old: SOPID, _ new: SOPID, _ pairing: Pairing, same: [OutcomeID: OutcomeID]) -> [NodeID]? {
        guard let oldStart = program[old].start, let newStart = program[new].start,
              pairing.counterpart[oldStart.index] == newStart.index else { return nil }
        let counterpart = pairing.counterpart
        func locallySame(_ u: NodeID) -> Bool {
            let v = counterpart[u.index]
            guard v >= 0 else { return false }
            let a = program[u], b = program.nodes[v]
            guard a.form == b.form, a.match == b.match, a.branches.count == b.branches.count else { return false }
            for (x, y) in zip(a.branches, b.branches) {
                guard x.isElse == y.isElse, x.condition == y.condition else { return false }
                switch (x.target, y.target) {
                case (nil, nil):
                    continue
                case (.outcome(let o)?, .outcome(let p)?):
                    if same[o] != p { return false }
                case (let s?, let t?):
                    guard let e = program.entryNode(of: s), let f = program.entryNode(of: t), counterpart[e.index] == f.index else { return false }
                default:
                    return false
                }
            }
            return true
        }
        // The nodes reached through locally-same nodes only; those that are not locally the same are the
        // frontier.
        var seen = Array(repeating: false, count: program.nodes.count)
        var isFrontier = Array(repeating: false, count: program.nodes.count)
        var frontier: [NodeID] = []
        var stack = [oldStart]
        seen[oldStart.index] = true
        while let u = stack.popLast() {
            guard locallySame(u) else {
                frontier.append(u)
                isFrontier[u.index] = true
                continue
            }
            for b in program[u].branches {
                if let t = b.target, let e = program.entryNode(of: t), !seen[e.index] {
                    seen[e.index] = true
                    stack.append(e)
                }
            }
        }
        guard !isFrontier[oldStart.index] else { return nil }
        // No frontier node below another, over every old walk (through frontier nodes too).
        let order = topologicalOrder(program, from: [oldStart])
        var below = Array(repeating: false, count: program.nodes.count)
        for n in order where below[n.index] || isFrontier[n.index] {
            if below[n.index] && isFrontier[n.index] { return nil }
            for b in program[n].branches {
                if let t = b.target, let e = program.entryNode(of: t) { below[e.index] = true }
            }
        }
        return frontier.sorted { pairing.position[$0.index] < pairing.position[$1.index] }
    }

    /// The classes of cases both versions express whose outcome changes, by the frontier (see above);
    /// nil when the method does not apply. `exhausted` when a question stayed open within the budget:
    /// nothing is claimed then. `byMoves` when no case reaching the frontier was found to take different
    /// ways there (see below). `probe: false` skips the first look at the cases that change below the
    /// frontier, as if they were too many (for tests). `asked` receives the frontier's moves when they
    /// were asked about and did not decide.
    static func frontierChanges(_ program: Program, _ old: SOPID, _ new: SOPID, pairing: Pairing, domains: (old: Guard, new: Guard),
                                encoding: Encoding, inputs: [InputID], same: [OutcomeID: OutcomeID], sameAs: [Int?]?, namesFrom: SOPID, stepLimit: Int,
                                exactSize: Int, probe probing: Bool = true,
                                asked: inout (listed: [Divergence], total: Int)?) -> (changes: [Change], exhausted: Bool, byMoves: Bool)? {
        guard let frontier = frontier(program, old, new, pairing, same: same), let newStart = program[new].start else { return nil }
        if frontier.isEmpty { return ([], false, false) }
        // First the cases that change from each frontier node, in a diagram of their own: where they
        // outgrow the budget, only the moves below can still decide, and where none change, nothing needs
        // asking.
        var tooMany = !probing
        if probing {
            let guards = ClassDescriber(program: program, old: old, new: new, encoding: encoding, namesFrom: namesFrom, steps: stepLimit)
            let probe = guards.dd
            let both = probe.and(guards.build(domains.old), guards.build(domains.new))
            var changed = false
            for f in frontier where !changed && !probe.exhausted {
                changed = !changedCases(program, from: (f, NodeID(pairing.counterpart[f.index])), pairing, within: both, same: same, sameAs: sameAs,
                                        probe, guards.effectiveGuards).isEmpty
            }
            tooMany = probe.exhausted
            if !tooMany && !changed { return ([], false, false) }
        }
        // One encoding for both versions: the old SOP's own guards first (as `sopc check` encodes them),
        // then the new version's and the domains.
        var extra: [Guard] = [domains.old, domains.new]
        for n in topologicalOrder(program, from: [newStart]) { for b in program[n].branches { extra.append(b.condition) } }
        let analysis = PathAnalysis(program: program, sop: old, stepLimit: Solver.defaultStepLimit, ceiling: stepLimit, upperCap: exactSize,
                                    extraInputs: inputs, extraGuards: extra)
        guard !analysis.hasCycle else { return nil }
        let dd = analysis.dd
        let describer = ClassDescriber(program: program, old: old, new: new, encoding: analysis.encoding, dd: dd, namesFrom: namesFrom,
                                       build: analysis.build)
        // Too many cases change below the frontier to follow: the moves may still decide. A case whose
        // outcome changes takes different ways first at a frontier node: from there, the two walks go to
        // a pair of places that is not settled (`settled`). When no case reaching any frontier node goes
        // to such a pair, no case changes.
        if tooMany {
            dd.budget(stepLimit)
            let both = dd.and(analysis.build(domains.old), analysis.build(domains.new))
            guard !dd.exhausted,
                  let moves = divergences(program, old, frontier: frontier, pairing: pairing, describer: describer, both: both, same: same, sameAs: sameAs,
                                          steps: stepLimit, analysis: analysis, queryLimit: max(1, stepLimit / 20)) else { return nil }
            asked = (moves.listed, moves.total)
            return moves.none ? ([], false, true) : nil
        }
        func spend(_ limit: Int) -> Bool {
            dd.budget(limit)
            return !dd.isSpent
        }
        guard spend(stepLimit) else { return ([], true, false) }
        let both = dd.and(analysis.build(domains.old), analysis.build(domains.new))

        // Per frontier node: where it is in the analysis, and per transition the cases that make it from there.
        struct Local {
            var node: NodeID
            var position: Int
            var cases: [OutcomeID: [OutcomeID: DecisionDiagram.Ref]]
        }
        var locals: [Local] = []
        for f in frontier {
            guard spend(stepLimit) else { return ([], true, false) }
            let cases = changedCases(program, from: (f, NodeID(pairing.counterpart[f.index])), pairing, within: both, same: same, sameAs: sameAs,
                                     dd, describer.effectiveGuards)
            let p = analysis.position[f.index]
            if dd.exhausted || p < 0 { return ([], true, false) }
            if !cases.isEmpty { locals.append(Local(node: f, position: p, cases: cases)) }
        }
        var transitions: Set<[Int]> = []
        for l in locals { for (a, bs) in l.cases { for b in bs.keys { transitions.insert([a.index, b.index]) } } }

        let queryLimit = max(1, stepLimit / 20)
        var changes: [Change] = []
        for t in transitions.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let a = OutcomeID(t[0]), b = OutcomeID(t[1])
            let parts = locals.compactMap { l in l.cases[a]?[b].map { (node: l.node, position: l.position, cases: $0) } }
            // Every path condition exact: the class is a diagram, described as the pair method does.
            if parts.allSatisfy({ analysis.upperExact[$0.position] && analysis.pc[$0.position] != nil }) {
                guard spend(stepLimit) else { return ([], true, false) }
                var f = DecisionDiagram.falseRef
                for part in parts { f = dd.or(f, dd.and(analysis.pc[part.position]!, part.cases)) }
                if dd.exhausted { return ([], true, false) }
                if f != DecisionDiagram.falseRef, let c = describer.change(.both, a, b, f, care: both) { changes.append(c) }
                if dd.exhausted { return ([], true, false) }
                continue
            }
            // Otherwise one question per frontier node: does a case reaching it make the transition?
            var found: [(node: NodeID, position: Int, cases: DecisionDiagram.Ref, evidence: PathAnalysis.Evidence)] = []
            for part in parts {
                guard spend(queryLimit) else { return ([], true, false) }
                switch analysis.query(part.position, part.cases) {
                case .satisfiable(let evidence): found.append((part.node, part.position, part.cases, evidence))
                case .unsatisfiable: continue
                case .unknown: return ([], true, false)
                }
            }
            guard let first = found.first else { continue }
            guard let witness = analysis.witness(first.evidence) else { return ([], true, false) }
            guard let change = describeReached(found.map { ($0.node, $0.position, $0.cases) }, a, b, witness: witness, both: both,
                                               analysis, describer, pairing, old: old, queryLimit: queryLimit) else { return ([], true, false) }
            changes.append(change)
        }
        return (changes, false, false)
    }

    /// The most disjoint cubes a condition of the cases changing below a frontier node may have to be
    /// looked for in: past them no short condition exists, and looking for one costs more than the
    /// comparison (the routes say it instead).
    static let describedCubes = 24

    static func hasShortForm(_ f: DecisionDiagram.Ref, _ dd: DecisionDiagram) -> Bool {
        dd.cubes(f, limit: describedCubes).complete
    }
    /// A route's condition past `describedCubes`.
    static let noShortForm = "(no short form: the cases taking both walks from there)"

    /// A class `a → b` whose cases are, over `parts`, those reaching the part's node that make the
    /// transition from there (each part known to have one): condition `reaches `F` and …` per part, and
    /// routes walked from each node, each shown only once a case reaching the node is found on it. Nil
    /// when the budget ran out.
    private static func describeReached(_ parts: [(node: NodeID, position: Int, cases: DecisionDiagram.Ref)], _ a: OutcomeID, _ b: OutcomeID,
                                        witness: Case, both: DecisionDiagram.Ref, _ analysis: PathAnalysis, _ describer: ClassDescriber,
                                        _ pairing: Pairing, old: SOPID, queryLimit: Int) -> Change? {
        let dd = analysis.dd, program = analysis.program, simplifier = describer.simplifier
        var common: [String] = []
        var alternatives: [[String]] = []
        var omitted = 0
        // Reaching the node implies its over-approximated path condition: what that implies goes unsaid.
        func care(_ part: (node: NodeID, position: Int, cases: DecisionDiagram.Ref)) -> DecisionDiagram.Ref {
            analysis.pc[part.position].map { dd.and(both, $0) } ?? both
        }
        for part in parts {
            let reaches = "reaches `\(program.pathName(of: part.node, from: old))`"
            let (c, rest, o) = hasShortForm(part.cases, dd) ? simplifier.factored(part.cases, within: care(part), in: dd) : ([], [], 1)
            omitted += o
            if parts.count == 1 {
                common = [reaches] + c
                alternatives = rest
            } else {
                alternatives += rest.isEmpty ? [[reaches] + c] : rest.map { [reaches] + c + $0 }
            }
        }
        if dd.exhausted { return nil }
        // Routes: take a case of the part's own cases, remove every case that walks the same two ways from
        // the node, and show the route when a case reaching the node takes it. Routes only describe the
        // class: their work has a bound of its own, past which the rest stay undecided (and say so).
        var routes: [Route] = []
        var hidden = 0
        var undecided = false
        let routeWork = dd.steps
        parts: for part in parts {
            var remaining = part.cases
            let partCare = care(part)
            while remaining != DecisionDiagram.falseRef {
                let left = queryLimit - (dd.steps - routeWork)
                guard routes.count + hidden < routeLimit + routeCountLimit, left > 0 else {
                    undecided = true
                    break parts
                }
                dd.budget(left)
                guard let assignment = dd.pick(remaining, preference: analysis.encoding.preference) else { break }
                let c = analysis.encoding.decode(assignment)
                let oldWalk = program.walk(c, fromNode: part.node), newWalk = program.walk(c, fromNode: NodeID(pairing.counterpart[part.node.index]))
                let route = describer.route([oldWalk, newWalk])
                let routeCases = dd.and(remaining, route)
                if dd.exhausted || routeCases == DecisionDiagram.falseRef {
                    undecided = true
                    break parts
                }
                remaining = dd.and(remaining, dd.not(route))
                let answer = dd.exhausted ? .unknown : analysis.query(part.position, routeCases)
                switch answer {
                case .satisfiable where routes.count < routeLimit:
                    let r = hasShortForm(routeCases, dd)
                        ? describer.route(old: oldWalk, new: newWalk, routeCases, care: partCare, classCommon: common, partway: true)
                        : Route(old: oldWalk, new: newWalk, condition: Self.noShortForm, withinClass: Self.noShortForm, partway: true)
                    if dd.exhausted {
                        undecided = true
                        break parts
                    }
                    routes.append(r)
                case .satisfiable: hidden += 1
                case .unsatisfiable: break
                case .unknown:
                    undecided = true
                    break parts
                }
            }
        }
        return Change(region: .both, from: a, to: b, common: common, alternatives: alternatives, omitted: omitted, witness: witness,
                      routes: routes, moreRoutes: hidden > 0, hiddenRoutes: hidden, hiddenRoutesExact: !undecided)
    }
}


import SOPCore
import SOPGraph

/// Path conditions and the semantic facts derived from them for one SOP, computed once and read by every
/// semantic check.
///
/// Facts are exact for every node the analysis finished; a node whose work ran past the bound (and every
/// node after it) is listed in `limitHits` instead and has no facts. Every witness comes with its path
/// (`Program.possiblePath`), re-checked by evaluating the guards on it, and names only the inputs that
/// path and its finding read.
public struct SemanticModel: Sendable {
    /// Why a branch can never be taken.
    public enum DeadReason: Hashable, Sendable {
        /// The branch's own condition holds for no case at all.
        case neverHolds
        /// Every case satisfying the condition takes one of these earlier (or, for `else`, other) branches,
        /// whatever the path.
        case coveredByOthers([Int])
        /// The cases that reach the node and satisfy the condition all take one of these other branches.
        case takenByOthers([Int])
        /// The path to the node rules the condition out: it requires `requirement` (readable text), decided
        /// at `node` by `branches` when one decision alone excludes it.
        /// `requirement` is nil when the condition is too large to state.
        case excludedByPath(requirement: String?, node: NodeID?, branches: [Int])
    }

    /// A branch no case that reaches its node takes.
    public struct DeadBranch: Hashable, Sendable {
        /// The branch's index in its node.
        public var branch: Int
        public var reason: DeadReason
    }

    /// Two branches of an exclusive node whose guards both hold for a case that reaches the node.
    public struct Ambiguity: Hashable, Sendable {
        /// The earlier branch's index.
        public var first: Int
        /// The later branch's index, where the finding points.
        public var second: Int
        /// A case reaching the node that satisfies both; only the inputs `path` and the node read are set.
        public var witness: Case?
        /// The decisions `witness` takes from the start to the node.
        public var path: [Walk.Step] = []
    }

    /// What the analysis established about one node.
    public struct NodeFacts: Sendable {
        public var node: NodeID
        /// Whether some case reaches the node (false: graph-reachable only through dead branches).
        public var isFeasible: Bool
        /// Branches no case reaching the node takes, in branch order.
        public var deadBranches: [DeadBranch] = []
        /// Live `when` branches whose guard holds for every case that tests it: every case that reaches the
        /// node and (under `match: first`) passes the earlier branches.
        public var redundantGuards: [Int] = []
        /// Overlapping guard pairs of an exclusive node.
        public var ambiguities: [Ambiguity] = []
        /// Whether a case reaches the node and takes no branch.
        public var isIncomplete = false
        /// A case reaching the node that takes no branch; only the inputs `incompletePath` and the node
        /// read are set.
        public var incompleteWitness: Case?
        /// The decisions `incompleteWitness` takes from the start to the node.
        public var incompletePath: [Walk.Step] = []
        /// The cases that take no branch, as readable conditions.
        public var uncoveredCondition: String?
        /// Incoming edges `(node, branch)` from nodes some case reaches; all are dead when the node is infeasible.
        public var feasiblePredecessors: [Walk.Step] = []
        /// Whether the node's own queries ran past the bound (its facts may be partial).
        public var limited = false
    }

    /// An outcome of the SOP that branches target but no case reaches.
    public struct UnreachableOutcome: Hashable, Sendable {
        public var outcome: OutcomeID
        /// The branches targeting it, all dead or on unreachable nodes.
        public var branches: [Walk.Step]
    }

    /// Where the bound stopped the analysis.
    public struct LimitHit: Hashable, Sendable {
        public var node: NodeID
        /// Nodes after it left unanalysed.
        public var skipped: Int
        /// Whether the SOP's whole budget ran out here, rather than one question's.
        public var budgetSpent = false
    }

    public let sop: SOPID
    /// The SOP's own nodes that are graph-reachable from its start and were analysed, in topological order.
    public private(set) var nodes: [NodeFacts] = []
    public private(set) var unreachableOutcomes: [UnreachableOutcome] = []
    public private(set) var limitHits: [LimitHit] = []
    /// The bound each query had.
    public let stepLimit: Int
    /// Whether the work was cancelled before it finished (the facts are then incomplete).
    public private(set) var cancelled = false

    /// Analyses `sop` of a program with no errors, bounding each query by `stepLimit` steps.
    /// With `cancellation`, the work stops soon after it fires and `cancelled` is set: the facts are then
    /// incomplete and mean nothing.
    public init(program: Program, sop: SOPID, stepLimit: Int = Solver.defaultStepLimit, cancellation: Cancellation = .never) {
        self.init(program: program, sop: sop, stepLimit: stepLimit, exactSize: PathAnalysis.defaultUpperCap, sampleSize: PathAnalysis.defaultLowerCap,
                  cancellation: cancellation)
    }

    /// Analyses with explicit precision: path conditions stay exact up to `exactSize` diagram nodes, and
    /// the known-reachable part kept where they are not grows to `sampleSize` nodes. Only speed depends
    /// on these; the facts are the same.
    package init(program: Program, sop: SOPID, stepLimit: Int, exactSize: Int, sampleSize: Int, cancellation: Cancellation = .never) {
        self.sop = sop
        self.stepLimit = stepLimit
        let analysis = PathAnalysis(program: program, sop: sop, stepLimit: stepLimit, followsCalls: false, upperCap: exactSize, lowerCap: sampleSize,
                                    cancellation: cancellation)
        let builder = Builder(analysis: analysis)
        builder.run()
        cancelled = analysis.dd.cancelled
        nodes = builder.nodes
        unreachableOutcomes = builder.unreachableOutcomes
        limitHits = builder.limitHits
    }

    /// The facts about a node, if it was analysed.
    public func facts(of node: NodeID) -> NodeFacts? {
        nodes.first { $0.node == node }
    }
}

// MARK: - Building

private final class Builder {
    typealias Ref = DecisionDiagram.Ref
    let analysis: PathAnalysis
    var nodes: [SemanticModel.NodeFacts] = []
    var unreachableOutcomes: [SemanticModel.UnreachableOutcome] = []
    var limitHits: [SemanticModel.LimitHit] = []
    /// Per position: nil unknown, else whether some case reaches it.
    private var feasible: [Bool?]
    /// Per position, per branch: nil unknown, else whether some case takes it.
    private var live: [[Bool?]]
    private var totalSpent = false

    var program: Program { analysis.program }
    var dd: DecisionDiagram { analysis.dd }

    init(analysis: PathAnalysis) {
        self.analysis = analysis
        feasible = Array(repeating: nil, count: analysis.order.count)
        live = Array(repeating: [], count: analysis.order.count)
    }

    /// Steps taken when the search pass began.
    private var searchStart = 0

    /// What the search pass may spend in all: the cheap pass is bounded by the diagram caps, the
    /// search alone can take exponential time.
    private var searchLimit: Int {
        let (product, overflow) = analysis.stepLimit.multipliedReportingOverflow(by: 2)
        return overflow ? Int.max : product
    }

    private var searchRemaining: Int { searchLimit - (dd.steps - searchStart) }

    /// Starts the budget of one query; false once the search pass's budget is spent.
    private func startQuery() -> Bool {
        guard searching else {
            dd.budget(analysis.stepLimit)
            return true
        }
        if searchRemaining <= 0 { totalSpent = true }
        if totalSpent { return false }
        dd.budget(min(analysis.stepLimit, searchRemaining))
        return true
    }

    private func ask(_ p: Int, _ formula: @autoclosure () -> Ref) -> PathAnalysis.QueryResult {
        guard startQuery() else { return .unknown }
        let f = formula()
        if dd.exhausted { return .unknown }
        return analysis.query(p, f, search: searching)
    }

    /// Whether queries may search backwards (the second pass) or only use the approximations (the first).
    private var searching = false

    /// Two passes: first every node with the cheap answers only, so that the whole SOP gets every fact the
    /// approximations prove; then, in topological order and while the budget lasts, the nodes some query
    /// left open, with the backward search.
    func run() {
        let sop = analysis.sop
        var limited: Set<Int> = []
        for hit in analysis.limitHits {
            limited.insert(hit.position)
            limitHits.append(.init(node: analysis.order[hit.position], skipped: hit.skipped, budgetSpent: hit.skipped > 0))
        }
        let ownPositions = analysis.order.indices.filter { p in
            let id = analysis.order[p]
            return program[id].sop == sop && analysis.pc[p] != nil && (!analysis.effective[p].isEmpty || program[id].branches.isEmpty)
        }
        var facts: [Int: SemanticModel.NodeFacts] = [:]
        var open: [Int] = []
        for p in ownPositions {
            let result = examine(p)
            if let f = result { facts[p] = f }
            if result?.limited ?? true { open.append(p) }
        }
        searching = true
        searchStart = dd.steps
        for (k, p) in open.enumerated() {
            if totalSpent || searchRemaining <= 0 {
                totalSpent = true
                limitHits.append(.init(node: analysis.order[p], skipped: open.count - k - 1, budgetSpent: true))
                break
            }
            let result = examine(p)
            if let f = result { facts[p] = f }
            if (result?.limited ?? true) && !limited.contains(p) && !totalSpent {
                limitHits.append(.init(node: analysis.order[p], skipped: 0))
            }
        }
        for p in ownPositions {
            guard var f = facts[p] else { continue }
            if !f.isFeasible {
                for (from, branch) in analysis.predecessors[p] where feasible[from] == true {
                    f.feasiblePredecessors.append(Walk.Step(node: analysis.order[from], branch: branch))
                }
            }
            nodes.append(f)
        }
        limitHits.sort { (analysis.position[$0.node.index], $0.skipped) < (analysis.position[$1.node.index], $1.skipped) }
        findUnreachableOutcomes()
    }

    /// The facts about the node at `p`, `limited` when a query stayed open; nil when even its
    /// feasibility did.
    private func examine(_ p: Int) -> SemanticModel.NodeFacts? {
        let id = analysis.order[p]
        var facts = SemanticModel.NodeFacts(node: id, isFeasible: true)
        switch ask(p, DecisionDiagram.trueRef) {
        case .unknown:
            return nil
        case .unsatisfiable:
            facts.isFeasible = false
            feasible[p] = false
            live[p] = Array(repeating: false, count: program[id].branches.count)
        case .satisfiable:
            feasible[p] = true
            analyse(&facts, at: p)
        }
        return facts
    }

    private func analyse(_ facts: inout SemanticModel.NodeFacts, at p: Int) {
        let node = program[analysis.order[p]]
        let own = analysis.own[p]
        let effective = analysis.effective[p]
        live[p] = Array(repeating: nil, count: node.branches.count)
        // Dead branches and redundant guards.
        var earlier = DecisionDiagram.falseRef
        for (i, branch) in node.branches.enumerated() {
            defer { if !branch.isElse { earlier = dd.or(earlier, own[i]) } }
            switch ask(p, effective[i]) {
            case .unknown:
                facts.limited = true
            case .satisfiable:
                live[p][i] = true
            case .unsatisfiable:
                live[p][i] = false
                guard let reason = deadReason(node: node, at: p, branch: i) else {
                    facts.limited = true
                    continue
                }
                facts.deadBranches.append(.init(branch: i, reason: reason))
            }
            // A guard is redundant when every case that gets to test it satisfies it: under `first`, the
            // cases that reach the node and pass the earlier branches. A dead branch is reported as dead
            // only, so one cause gives one finding.
            if case .when = branch.kind, live[p][i] == true {
                let testing = node.match == .first ? dd.not(earlier) : DecisionDiagram.trueRef
                switch ask(p, dd.and(testing, dd.not(own[i]))) {
                case .unknown: facts.limited = true
                case .unsatisfiable: facts.redundantGuards.append(i)
                case .satisfiable: break
                }
            }
        }
        // Overlapping guards of an exclusive node.
        if node.form == .branches && node.match == .exclusive {
            for i in node.branches.indices where !node.branches[i].isElse {
                for j in (i + 1)..<node.branches.count where !node.branches[j].isElse {
                    switch ask(p, dd.and(own[i], own[j])) {
                    case .unknown:
                        facts.limited = true
                    case .unsatisfiable:
                        break
                    case .satisfiable(let both):
                        let found = witness(both, at: node) { c in
                            node.branches[i].condition.evaluate(c) == true && node.branches[j].condition.evaluate(c) == true
                        }
                        facts.ambiguities.append(.init(first: i, second: j, witness: found?.case, path: found?.path ?? []))
                    }
                }
            }
        }
        // Cases that take no branch.
        if node.elseBranch == nil {
            guard startQuery() else {
                facts.limited = true
                return
            }
            let uncovered = dd.not(own.reduce(DecisionDiagram.falseRef) { dd.or($0, $1) })
            switch dd.exhausted ? .unknown : analysis.query(p, uncovered, search: searching) {
            case .unknown:
                facts.limited = true
            case .unsatisfiable:
                break
            case .satisfiable(let rest):
                facts.isIncomplete = true
                if let upper = analysis.pc[p] {
                    let shown = analysis.upperExact[p] ? rest : uncovered
                    facts.uncoveredCondition = analysis.simplifier().render(shown, within: analysis.upperExact[p] ? upper : DecisionDiagram.trueRef, in: dd)
                    if dd.exhausted { facts.uncoveredCondition = nil }
                }
                if let found = witness(rest, at: node, holding: { c in (try? program.decide(node, for: c).get()) == .some(nil) }) {
                    facts.incompleteWitness = found.case
                    facts.incompletePath = found.path
                }
            }
        }
    }

    /// A case of `f` (all of whose cases reach `node`) with a path to `node` on which every decision is
    /// possible, for which `holding` holds; its inputs cut down to those the path's nodes and `node` read.
    /// Nil only if the re-check fails, which would be a bug.
    private func witness(_ f: Ref, at node: Node, holding: (Case) -> Bool) -> (case: Case, path: [Walk.Step])? {
        guard let full = analysis.witness(f), let path = program.possiblePath(of: full, from: analysis.sop, to: node.id) else { return nil }
        var read: Set<InputID> = []
        for id in path.map(\.node) + [node.id] {
            for b in program[id].branches { read.formUnion(b.condition.inputs) }
        }
        var short = Case(inputCount: full.values.count)
        for id in read where id.index < full.values.count { short[id] = full[id] }
        guard holding(short), program.possiblePath(of: short, from: analysis.sop, to: node.id) == path else { return nil }
        return (short, path)
    }

    // MARK: - Why a branch is dead

    /// Why branch `i` is dead; nil when the budget ran out deciding it.
    private func deadReason(node: Node, at p: Int, branch i: Int) -> SemanticModel.DeadReason? {
        let own = analysis.own[p]
        let effective = analysis.effective[p]
        if own[i] == DecisionDiagram.falseRef { return .neverHolds }
        let others: [Int] = node.branches.indices.filter { j in
            j != i && !node.branches[j].isElse && (node.branches[i].isElse || (node.match == .first && j < i))
        }
        if effective[i] == DecisionDiagram.falseRef { return .coveredByOthers(others) }
        switch ask(p, own[i]) {
        case .unknown:
            return nil
        case .satisfiable:
            var taking: [Int] = []
            for j in others {
                switch ask(p, dd.and(own[i], own[j])) {
                case .unknown: return nil
                case .satisfiable: taking.append(j)
                case .unsatisfiable: break
                }
            }
            return .takenByOthers(taking)
        case .unsatisfiable:
            break
        }
        // The path excludes the condition: look for one dominating decision that does, nearest first.
        guard startQuery() else { return nil }
        let levels = analysis.encoding.wholeVariables(dd.support(own[i]))
        let idom = analysis.dominators
        let ancestors = analysis.ancestors(of: p)
        var d = idom[p]
        var hops = 0
        while d >= 0 && d != p && hops < 64 && !analysis.effective[d].isEmpty {
            let dNode = analysis.order[d]
            var taken: [Int] = []
            var allowed = DecisionDiagram.falseRef
            for (b, t) in analysis.successorPositions[d] where ancestors.contains(t) {
                taken.append(b)
                allowed = dd.or(allowed, analysis.effective[d][b])
            }
            if dd.exhausted { return nil }
            if !taken.isEmpty && dd.and(allowed, own[i]) == DecisionDiagram.falseRef {
                let requirement = analysis.simplifier().render(dd.project(allowed, keeping: levels), in: dd)
                if dd.exhausted { return nil }
                return .excludedByPath(requirement: requirement, node: dNode, branches: taken)
            }
            if d == 0 { break }
            d = idom[d]
            hops += 1
        }
        guard analysis.upperExact[p], let upper = analysis.pc[p] else {
            return .excludedByPath(requirement: nil, node: nil, branches: [])
        }
        let requirement = analysis.simplifier().render(dd.project(upper, keeping: levels), in: dd)
        if dd.exhausted { return nil }
        return .excludedByPath(requirement: requirement, node: nil, branches: [])
    }

    // MARK: - Outcomes

    private func findUnreachableOutcomes() {
        let sop = analysis.sop
        var targeting: [OutcomeID: [Walk.Step]] = [:]
        var reached: Set<OutcomeID> = []
        var unknown: Set<OutcomeID> = []
        // Every node of the SOP: a branch of a node no chain of branches reaches is never taken either.
        guard program[sop].start != nil, !analysis.hasCycle else { return }
        for id in program[sop].nodes {
            let p = analysis.position[id.index]
            for (b, branch) in program[id].branches.enumerated() {
                guard case .outcome(let o)? = branch.target, program[o].sop == sop else { continue }
                targeting[o, default: []].append(Walk.Step(node: id, branch: b))
                let isLive: Bool? = p < 0 ? false : (live[p].indices.contains(b) ? live[p][b] : nil)
                switch isLive {
                case true?: reached.insert(o)
                case false?: break
                case nil: unknown.insert(o)
                }
            }
        }
        for (o, steps) in targeting.sorted(by: { $0.key < $1.key }) where !reached.contains(o) && !unknown.contains(o) {
            unreachableOutcomes.append(.init(outcome: o, branches: steps))
        }
    }
}

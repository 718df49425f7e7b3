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
        /// A smallest set of facts that together exclude every case satisfying the condition: no member can
        /// be left out without some case satisfying the condition and all the other members.
        case excluded(Exclusion)
    }

    /// Facts every case that reaches a node and takes a branch must satisfy, which no case satisfying the
    /// branch's condition does. Each member holds for every case reaching the node; together they
    /// contradict the condition; and no member is superfluous.
    public struct Exclusion: Hashable, Sendable {
        /// Branches of the node the case must fail first: earlier branches under `match: first`, the other
        /// branches for `else`.
        public var branches: [Int] = []
        /// Decisions every path to the node passes, nearest first.
        public var decisions: [PathDecision] = []
        /// Whether the path condition as a whole is a member: no set of single decisions on every path
        /// excludes the condition (paths merge, and each excludes it differently).
        public var wholePath = false
        /// With `wholePath`: what every path requires of the condition's inputs, readably (nil when too large).
        public var requirement: String?

        /// Whether the reason is about the node's own branches only, whatever the path.
        public var isLocal: Bool { decisions.isEmpty && !wholePath }
    }

    /// A decision on every path to a node: there the case takes one of `branches`, the branches from which
    /// the node can be reached.
    public struct PathDecision: Hashable, Sendable {
        public var node: NodeID
        public var branches: [Int]
        /// What those branches require, on the inputs that matter for the exclusion, readably.
        public var requirement: String?
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
        /// The cases that take no branch, as a readable condition equivalent to "no guard holds" for every
        /// case that reaches the node, mentioning nothing the path already decides; nil when every case
        /// that reaches the node is uncovered (`everyCaseUncovered`) or the condition is too costly to state.
        public var uncoveredCondition: String?
        /// Whether every case that reaches the node takes no branch (every branch is dead).
        public var everyCaseUncovered = false
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
        /// Whether the SOP's whole path-condition budget ran out here, rather than one question's.
        public var budgetSpent = false
        /// How many questions about the node ran out of their own budget (0: its path condition did).
        public var openQuestions = 0
    }

    public let sop: SOPID
    /// The SOP's own nodes that are graph-reachable from its start and were analysed, in topological order.
    public private(set) var nodes: [NodeFacts] = []
    public private(set) var unreachableOutcomes: [UnreachableOutcome] = []
    public private(set) var limitHits: [LimitHit] = []
    /// How many nodes and branches were proven, and how many left open.
    public private(set) var coverage = AnalysisCoverage()
    /// The bound each query had.
    public let stepLimit: Int
    /// The bound each question had in the backward search.
    public let searchLimit: Int
    /// Whether the work was cancelled before it finished (the facts are then incomplete).
    public private(set) var cancelled = false

    /// Analyses `sop` of a program with no errors, bounding each query by `stepLimit` steps and the whole
    /// analysis by `totalLimit` (nodes it does not get to are left open).
    /// With `cancellation`, the work stops soon after it fires and `cancelled` is set: the facts are then
    /// incomplete and mean nothing.
    /// Each node keeps up to `boxLimit` boxes of cases known to reach it (0: none).
    public init(program: Program, sop: SOPID, stepLimit: Int = Solver.defaultStepLimit, totalLimit: Int = .max, boxLimit: Int = SemanticModel.boxLimit,
                cancellation: Cancellation = .never) {
        self.init(program: program, sop: sop, stepLimit: stepLimit, totalLimit: totalLimit, exactSize: PathAnalysis.defaultUpperCap,
                  sampleSize: PathAnalysis.defaultLowerCap, boxLimit: boxLimit, cancellation: cancellation)
    }

    /// Boxes of cases a node keeps when they are asked for.
    public static let boxLimit = PathAnalysis.defaultBoxLimit

    /// How many forward walks look for cases reaching the nodes the search leaves open, at most.
    package static let defaultWalkCount = PathAnalysis.defaultWalkCount

    /// How many random cases are drawn at the start to confirm questions without search.
    package static let defaultSampleCount = 512

    /// The search budget of one question by default: a tenth of a query's bound.
    public static func defaultSearchLimit(_ stepLimit: Int) -> Int { max(1, stepLimit / 10) }

    /// Analyses with explicit precision: path conditions stay exact up to `exactSize` diagram nodes, and
    /// the known-reachable part kept where they are not grows to `sampleSize` nodes. Only speed depends
    /// on these; the facts are the same.
    /// `sampleCount` random cases are drawn to confirm questions without search (0: none); each node keeps
    /// up to `boxLimit` boxes of cases known to reach it (0: none); at most `walkCount` forward walks look
    /// for cases reaching the nodes the search leaves open (0: none).
    package init(program: Program, sop: SOPID, stepLimit: Int, searchLimit: Int? = nil, totalLimit: Int = .max, exactSize: Int, sampleSize: Int,
                 sampleCount: Int = SemanticModel.defaultSampleCount, boxLimit: Int = PathAnalysis.defaultBoxLimit,
                 walkCount: Int = SemanticModel.defaultWalkCount, cancellation: Cancellation = .never) {
        self.sop = sop
        self.stepLimit = stepLimit
        self.searchLimit = searchLimit ?? Self.defaultSearchLimit(stepLimit)
        let analysis = PathAnalysis(program: program, sop: sop, stepLimit: stepLimit, ceiling: totalLimit, followsCalls: false, upperCap: exactSize,
                                    lowerCap: sampleSize, sampleCount: sampleCount, boxLimit: boxLimit, walkCount: walkCount,
                                    cancellation: cancellation)
        let builder = Builder(analysis: analysis, searchLimit: self.searchLimit)
        builder.run()
        cancelled = analysis.dd.cancelled
        nodes = builder.nodes
        unreachableOutcomes = builder.unreachableOutcomes
        limitHits = builder.limitHits
        coverage = builder.coverage
    }

    /// The facts about a node, if it was analysed.
    public func facts(of node: NodeID) -> NodeFacts? {
        nodes.first { $0.node == node }
    }
}

extension SemanticModel.NodeFacts {
    /// Adds the findings `other` (facts about the same node, each proven) has and these lack.
    mutating func keep(_ other: Self) {
        guard other.isFeasible == isFeasible else { return }
        for d in other.deadBranches where !deadBranches.contains(where: { $0.branch == d.branch }) { deadBranches.append(d) }
        deadBranches.sort { $0.branch < $1.branch }
        redundantGuards = Array(Set(redundantGuards).union(other.redundantGuards)).sorted()
        for a in other.ambiguities where !ambiguities.contains(where: { $0.first == a.first && $0.second == a.second }) { ambiguities.append(a) }
        ambiguities.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        if other.isIncomplete && !isIncomplete {
            isIncomplete = true
            incompleteWitness = other.incompleteWitness
            incompletePath = other.incompletePath
            uncoveredCondition = other.uncoveredCondition
            everyCaseUncovered = other.everyCaseUncovered
        }
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
    var coverage = AnalysisCoverage()
    /// The steps one question may take in the search pass.
    let searchLimit: Int
    /// Questions left unknown since the counter was last reset.
    private var unknowns = 0

    var program: Program { analysis.program }
    var dd: DecisionDiagram { analysis.dd }

    init(analysis: PathAnalysis, searchLimit: Int) {
        self.analysis = analysis
        self.searchLimit = max(1, searchLimit)
        feasible = Array(repeating: nil, count: analysis.order.count)
        live = Array(repeating: [], count: analysis.order.count)
    }

    /// Starts the budget of one question: the query bound in the first pass, the search bound in the
    /// second. Every question has its own, so one costly question never ends the analysis of the others.
    private func startQuery() -> Bool {
        // Every question costs a step, even one the caches answer: the count of questions is bounded too.
        guard !dd.isSpent else { return false }
        guard searching else {
            dd.budget(analysis.stepLimit)
            return dd.tick()
        }
        dd.budget(max(1, min(searchLimit, searchTotal - (dd.steps - searchStart))))
        return dd.tick()
    }

    /// Steps taken when the search pass began.
    private var searchStart = 0

    /// What the search pass may spend in all, so that memory and time stay bounded on a SOP where most
    /// questions need the search: twice a query's bound. Nodes the pass does not get to stay open.
    private var searchTotal: Int {
        let (product, overflow) = analysis.stepLimit.multipliedReportingOverflow(by: 2)
        return overflow ? Int.max : product
    }

    private func ask(_ p: Int, _ formula: @autoclosure () -> Ref) -> PathAnalysis.QueryResult {
        guard startQuery() else { return .unknown }
        let f = formula()
        let result = dd.exhausted ? .unknown : analysis.query(p, f, search: searching)
        switch result {
        case .unknown: unknowns += 1
        case .satisfiable(let evidence): analysis.learn(p, evidence)
        case .unsatisfiable: break
        }
        return result
    }

    /// Whether queries may search backwards (the second pass) or only use the approximations (the first).
    private var searching = false

    /// Two passes: first every node with the cheap answers only, so that the whole SOP gets every fact the
    /// approximations prove; then, in topological order, the nodes some query left open, with the backward
    /// search, each question within its own budget. A node with a question still open gets a `LimitHit`
    /// and the rest go on.
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
        for (k, p) in ownPositions.enumerated() {
            if dd.isSpent {
                // The SOP's share of the run's budget is spent: the rest stays open, said once.
                if !dd.cancelled { limitHits.append(.init(node: analysis.order[p], skipped: ownPositions.count - k - 1, budgetSpent: true)) }
                break
            }
            let result = examine(p)
            if let f = result { facts[p] = f }
            if result?.limited ?? true { open.append(p) }
        }
        searching = true
        searchStart = dd.steps
        // Nodes the search left open, with how many questions, and the open nodes it never got to.
        var searchedOpen: [(position: Int, questions: Int)] = []
        var unsearched: [Int] = []
        for (k, p) in open.enumerated() {
            if dd.cancelled { break }  // the facts mean nothing now: search no further
            if dd.steps - searchStart >= searchTotal || dd.isSpent {
                unsearched = Array(open[k...])
                break
            }
            if reexamine(p, &facts) && !limited.contains(p) { searchedOpen.append((p, max(1, unknowns))) }
        }
        // Boxes of cases walked toward the nodes still open answer many of their questions without any
        // search: the nodes a walk passed are asked again, with the cheap answers only.
        searching = false
        var proven: Set<Int> = []
        if !dd.cancelled && !dd.isSpent && !(searchedOpen.isEmpty && unsearched.isEmpty) {
            let walked = analysis.walk(toward: searchedOpen.map(\.position) + unsearched)
            for p in searchedOpen.map(\.position) + unsearched where walked.contains(p) && !reexamine(p, &facts) { proven.insert(p) }
        }
        for (p, questions) in searchedOpen where !proven.contains(p) {
            limitHits.append(.init(node: analysis.order[p], skipped: 0, openQuestions: questions))
        }
        let skipped = unsearched.filter { !proven.contains($0) }
        if let first = skipped.first {
            limitHits.append(.init(node: analysis.order[first], skipped: skipped.count - 1, budgetSpent: true))
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
        // Every own node that a chain of branches reaches counts: proven when all its questions were
        // answered, open otherwise (also when its path condition ran out).
        for p in analysis.order.indices where program[analysis.order[p]].sop == sop {
            let count = program[analysis.order[p]].branches.count
            let decided = live[p].count == count ? live[p].count(where: { $0 != nil }) : 0
            coverage.provenBranches += decided
            coverage.openBranches += count - decided
            if let f = facts[p], !f.limited { coverage.provenNodes += 1 } else { coverage.openNodes += 1 }
        }
        limitHits.sort { (analysis.position[$0.node.index], $0.skipped) < (analysis.position[$1.node.index], $1.skipped) }
        findUnreachableOutcomes()
    }

    /// Examines the node at `p` again (with the search in the search pass), keeping what an earlier pass
    /// proved about it even where this one runs out on the same question. Whether it is still open.
    private func reexamine(_ p: Int, _ facts: inout [Int: SemanticModel.NodeFacts]) -> Bool {
        unknowns = 0
        let firstLive = live[p]
        var result = examine(p)
        if var f = result, f.limited, let first = facts[p] {
            f.keep(first)
            result = f
            if live[p].count == firstLive.count {
                for i in live[p].indices where live[p][i] == nil { live[p][i] = firstLive[i] }
            }
        }
        if let f = result { facts[p] = f }
        return result?.limited ?? true
    }

    /// The facts about the node at `p`, `limited` when a query stayed open; nil when even its
    /// feasibility did.
    private func examine(_ p: Int) -> SemanticModel.NodeFacts? {
        let id = analysis.order[p]
        var facts = SemanticModel.NodeFacts(node: id, isFeasible: true)
        // What earlier questions proved about the predecessors may answer this node's at once.
        if startQuery() { analysis.refresh(p) }
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
        for (i, branch) in node.branches.enumerated() {
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
                // Under `first`, the cases that pass the earlier branches and fail this guard.
                switch ask(p, node.match == .first ? analysis.untaken[p][i] : dd.not(own[i])) {
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
            let uncovered = analysis.untaken[p].last ?? DecisionDiagram.trueRef
            switch dd.exhausted ? .unknown : analysis.query(p, uncovered, search: searching) {
            case .unknown:
                unknowns += 1
                facts.limited = true
            case .unsatisfiable:
                break
            case .satisfiable(let rest):
                facts.isIncomplete = true
                if live[p].allSatisfy({ $0 == false }) {
                    facts.everyCaseUncovered = true
                } else if let upper = analysis.pc[p] {
                    // Relative to the over-approximation, which every reaching case satisfies: a condition
                    // equal to `uncovered` within it is equal to it within the path condition too, and the
                    // atoms the path decides drop out.
                    let text = analysis.simplifier().render(dd.and(upper, uncovered), within: upper, focus: dd.support(uncovered), in: dd)
                    if !dd.exhausted { if text == "true" { facts.everyCaseUncovered = true } else { facts.uncoveredCondition = text } }
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
    private func witness(_ f: PathAnalysis.Evidence, at node: Node, holding: (Case) -> Bool) -> (case: Case, path: [Walk.Step])? {
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
    ///
    /// The candidate facts are the branches the case must fail first (each `not guard`), the decisions of
    /// the node's dominators (at each, the branches from which the node can be reached: every case
    /// reaching the node passes there and takes one of them) and, when those are not enough, the path
    /// condition itself. The nearest dominators are added until the facts exclude the condition, then a
    /// deletion pass drops every member whose removal keeps the condition excluded: what is left is
    /// minimal, since removing a member from a subset of a set that did not exclude cannot exclude.
    private func deadReason(node: Node, at p: Int, branch i: Int) -> SemanticModel.DeadReason? {
        let own = analysis.own[p]
        if own[i] == DecisionDiagram.falseRef { return .neverHolds }
        guard startQuery() else { return nil }
        let branchMembers: [Int] = node.branches.indices.filter { j in
            j != i && !node.branches[j].isElse && (node.branches[i].isElse || (node.match == .first && j < i))
        }
        // Dominator decisions, nearest first, until together with every branch member they exclude the
        // condition.
        var local = own[i]
        for j in branchMembers { local = dd.and(local, dd.not(own[j])) }
        if dd.exhausted { return nil }
        var decisions: [(position: Int, branches: [Int], allowed: Ref)] = []
        var combined = local
        let idom = analysis.dominators
        var d = idom[p]
        while combined != DecisionDiagram.falseRef && d >= 0 && d != p && decisions.count < 64 && !analysis.effective[d].isEmpty {
            var taken: [Int] = []
            var allowed = DecisionDiagram.falseRef
            for (b, t) in analysis.successorPositions[d] where analysis.canReach(p, from: t, above: d) && !taken.contains(b) {
                taken.append(b)
                allowed = dd.or(allowed, analysis.effective[d][b])
            }
            if dd.exhausted { return nil }
            if allowed != DecisionDiagram.trueRef && dd.and(combined, allowed) != combined {
                decisions.append((d, taken, allowed))
                combined = dd.and(combined, allowed)
            }
            if dd.exhausted { return nil }
            if d == 0 { break }
            d = idom[d]
        }
        let wholePath = combined != DecisionDiagram.falseRef
        if wholePath { decisions = [] }

        // Whether the condition is excluded by the branch members `branches`, the decisions `kept` and,
        // with `wholePath`, the path condition; nil when the budget ran out.
        func excludes(_ branches: [Int], _ kept: [Int]) -> Bool? {
            var f = own[i]
            for j in branches { f = dd.and(f, dd.not(own[j])) }
            for k in kept { f = dd.and(f, decisions[k].allowed) }
            if dd.exhausted { return nil }
            if f == DecisionDiagram.falseRef { return true }
            guard wholePath else { return false }
            switch ask(p, f) {
            case .unknown: return nil
            case .unsatisfiable: return true
            case .satisfiable: return false
            }
        }
        var keptBranches = branchMembers
        var keptDecisions = Array(decisions.indices)
        // Farthest decisions go first, then the node's own branches: the nearest explanation stays.
        for k in decisions.indices.reversed() {
            let without = keptDecisions.filter { $0 != k }
            guard let still = excludes(keptBranches, without) else { return nil }
            if still { keptDecisions = without }
        }
        for j in branchMembers {
            let without = keptBranches.filter { $0 != j }
            guard let still = excludes(without, keptDecisions) else { return nil }
            if still { keptBranches = without }
        }
        if !wholePath && keptDecisions.isEmpty && keptBranches.isEmpty { return .neverHolds }

        // Readable requirements, on the inputs of the condition and of the other members.
        var levels = dd.support(own[i])
        for j in keptBranches { levels.formUnion(dd.support(own[j])) }
        for k in keptDecisions { levels.formUnion(dd.support(decisions[k].allowed)) }
        let focus = analysis.encoding.wholeVariables(levels)
        guard startQuery() else { return nil }
        let simplifier = analysis.simplifier()
        var exclusion = SemanticModel.Exclusion(branches: keptBranches)
        for k in keptDecisions {
            let decision = decisions[k]
            // One decision alone: what it requires of the condition's inputs reads best.
            let shown = keptDecisions.count == 1 && keptBranches.isEmpty
                ? dd.project(decision.allowed, keeping: analysis.encoding.wholeVariables(dd.support(own[i])))
                : dd.project(decision.allowed, keeping: focus)
            let text = simplifier.render(shown == DecisionDiagram.trueRef ? decision.allowed : shown, in: dd)
            exclusion.decisions.append(.init(node: analysis.order[decision.position], branches: decision.branches, requirement: dd.exhausted ? nil : text))
        }
        if wholePath {
            exclusion.wholePath = true
            if analysis.upperExact[p], let upper = analysis.pc[p] {
                let text = simplifier.render(dd.project(upper, keeping: analysis.encoding.wholeVariables(dd.support(own[i]))), in: dd)
                exclusion.requirement = dd.exhausted || text == "true" ? nil : text
            }
        }
        return .excluded(exclusion)
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

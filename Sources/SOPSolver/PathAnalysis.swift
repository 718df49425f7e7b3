import SOPCore
import SOPGraph

/// Path conditions of every node reachable from a SOP's start, as decision diagrams.
///
/// The path condition of a node is the disjunction, over every path from `start`, of the conjunction of the
/// effective guards taken. Nodes are visited once in topological order and each edge contributes
/// `pc(from) and guard` to its target, so shared prefixes and merges cost one diagram operation each and no
/// path is ever enumerated. A node whose diagram work runs past the bound is `unknown`, and so is every node
/// after it.
final class PathAnalysis {
    typealias Ref = DecisionDiagram.Ref

    let program: Program
    let sop: SOPID
    let encoding: Encoding
    let dd: DecisionDiagram
    let stepLimit: Int
    let totalLimit: Int
    private var atoms: [Guard: Ref] = [:]

    /// Reachable nodes in topological order; empty when the SOP has no start or the graph has a cycle.
    private(set) var order: [NodeID] = []
    /// Position of a node in `order`, or -1.
    private(set) var position: [Int]
    /// Outgoing edges of each position: (branch index, target position).
    private(set) var successorPositions: [[(branch: Int, position: Int)]] = []
    /// Incoming edges of each position: (source position, branch index).
    private(set) var predecessors: [[(from: Int, branch: Int)]] = []
    private(set) var hasCycle = false
    /// Whether sub-tree calls are followed into the called SOP's nodes. The semantic model does not: a call
    /// is a tail call, so nothing after it can change which cases reach the caller's own nodes.
    let followsCalls: Bool

    /// Path condition per position (an over-approximation where `upperExact` is false); `nil` when unknown.
    private(set) var pc: [Ref?] = []
    /// Whether `pc` is exact, per position.
    private(set) var upperExact: [Bool] = []
    /// A subset of the path condition per position (equal to it where exact).
    private(set) var lower: [Ref] = []
    /// Per position, one concrete case (a value per level) known to reach it, when one was found cheaply.
    private(set) var seeds: [[Int]?] = []
    /// Concrete cases (a value per level) drawn at random at the start, and per position the ones known to
    /// reach it (indices into the pool): each case is passed along every branch whose effective guard it
    /// satisfies, so it is in the path condition of every position it is listed at.
    private var samplePool: [[Int]] = []
    private var samples: [[Int32]] = []
    private let sampleCount: Int
    /// Per position, boxes of cases known to reach it (see `BoxLayout`): each passed along every edge,
    /// narrowed to the edge's effective guard, so every case of a box follows one chain of branches.
    var boxes: BoxStore
    /// How many boxes a position keeps (0: none).
    let boxLimit: Int
    var boxScratch: [UInt64]
    /// How many input boxes each position passes on in the walks toward the nodes the search leaves open
    /// (`walk(toward:)`; 0: no walks). It keeps `walkKeepFactor` times as many for its own questions.
    let walkCount: Int
    package static let defaultWalkCount = 12
    static let walkKeepFactor = 4
    /// The input boxes the walks left, per position; work done by the walks and by questions asking them.
    var inputBoxes: InputBoxStore?
    /// Per position keeping several input boxes, their hull (`InputBoxLayout.hull`).
    var walkHulls: [[UInt64]?] = []
    var walkWork = 0
    /// The buffers of the searches on walked boxes, kept from one question to the next.
    var pickSearch: InputBoxLayout.PickSearch?
    package static let defaultBoxLimit = 8
    /// Box work (`DecisionDiagram.boxWork`) one analysis may do: a hundred times a query's step bound.
    /// Past it boxes are neither passed on nor asked, so a hostile SOP (a string compared with thousands
    /// of literals at thousands of branches) costs boxes no more than that.
    private var boxesUsable: Bool { boxLimit > 0 && dd.boxWork < boxWorkLimit }
    var boxWorkLimit: Int {
        let (product, overflow) = stepLimit.multipliedReportingOverflow(by: 100)
        return overflow ? Int.max : product
    }
    /// How many cases a position keeps.
    static let samplesPerPosition = 64
    /// Whether path conditions are kept small by approximating (checks) or computed exactly until the bound.
    let bounded: Bool
    /// Inner nodes an exact path condition may have before it is replaced by its box hull.
    let upperCap: Int
    /// Inner nodes the under-approximation may grow to.
    let lowerCap: Int
    /// Each branch's own condition and effective guard, per position (empty for unknown positions).
    private(set) var own: [[Ref]] = []
    private(set) var effective: [[Ref]] = []
    /// Per position, per branch: the cases that satisfy no `when` guard up to that branch, itself included.
    private(set) var untaken: [[Ref]] = []
    /// Positions where the bound stopped the work, with how many positions became unknown because of it.
    private(set) var limitHits: [(position: Int, skipped: Int)] = []

    static let defaultUpperCap = 32
    static let defaultLowerCap = 64

    /// `ceiling` bounds every step the diagram takes, these path conditions and every later query alike.
    /// `extraInputs` and `extraGuards` are encoded too (after the SOP's own), so that queries may ask about
    /// conditions the SOP's nodes do not mention (another version's guards, in `sopc diff`).
    init(program: Program, sop: SOPID, stepLimit: Int, totalLimit: Int? = nil, ceiling: Int = .max, bounded: Bool = true, followsCalls: Bool = true,
         upperCap: Int = PathAnalysis.defaultUpperCap, lowerCap: Int = PathAnalysis.defaultLowerCap, sampleCount: Int = SemanticModel.defaultSampleCount,
         boxLimit: Int = PathAnalysis.defaultBoxLimit, walkCount: Int = PathAnalysis.defaultWalkCount, extraInputs: [InputID] = [], extraGuards: [Guard] = [],
         cancellation: Cancellation = .never) {
        self.sampleCount = sampleCount
        self.walkCount = bounded ? max(0, walkCount) : 0
        self.boxLimit = bounded ? max(0, boxLimit) : 0
        self.program = program
        self.followsCalls = followsCalls
        self.bounded = bounded
        self.upperCap = upperCap
        self.lowerCap = lowerCap
        self.sop = sop
        self.stepLimit = max(1, stepLimit)
        let (product, overflow) = self.stepLimit.multipliedReportingOverflow(by: 20)
        self.totalLimit = min(totalLimit ?? (overflow ? Int.max : product), max(1, ceiling))
        position = Array(repeating: -1, count: program.nodes.count)
        let sorted = Self.topologicalOrder(program, sop, followsCalls: followsCalls)
        hasCycle = sorted == nil
        order = sorted ?? []
        // Only the guards of the nodes analysed, and the inputs they read: a SOP's encoding does not grow
        // with the rest of the library.
        var guards: [Guard] = []
        var read: Set<InputID> = []
        for id in order {
            for b in program[id].branches {
                guards.append(b.condition)
                read.formUnion(b.condition.inputs)
            }
        }
        encoding = Encoding(program: program, inputs: program.visibleInputs(of: sop).filter(read.contains) + extraInputs, guards: guards + extraGuards)
        dd = DecisionDiagram(sizes: encoding.sizes)
        let layout = BoxLayout(sizes: encoding.sizes)
        boxes = BoxStore(layout: layout, positions: order.count)
        boxScratch = Array(repeating: 0, count: layout.words)
        dd.cancellation = cancellation
        dd.ceiling = max(1, ceiling)
        indexEdges()
        if !hasCycle { computePathConditions() }
    }

    // MARK: - Graph

    func successors(of node: NodeID) -> [(branch: Int, node: NodeID)] {
        Self.successors(of: node, program, followsCalls: followsCalls)
    }

    private static func successors(of node: NodeID, _ program: Program, followsCalls: Bool) -> [(branch: Int, node: NodeID)] {
        var result: [(Int, NodeID)] = []
        for (i, b) in program[node].branches.enumerated() {
            if case .call? = b.target, !followsCalls { continue }
            if let t = b.target, let n = program.entryNode(of: t), n.index >= 0, n.index < program.nodes.count {
                result.append((i, n))
            }
        }
        return result
    }

    /// The nodes reachable from `sop`'s start in topological order; nil when they contain a cycle.
    private static func topologicalOrder(_ program: Program, _ sop: SOPID, followsCalls: Bool) -> [NodeID]? {
        guard let start = program[sop].start else { return [] }
        // Iterative depth-first search; reverse post-order is topological. 0 new, 1 open, 2 done.
        var state = Array(repeating: UInt8(0), count: program.nodes.count)
        var post: [NodeID] = []
        // Each frame keeps its node's successors, listed once when the node is entered.
        var stack: [(node: NodeID, successors: [(branch: Int, node: NodeID)], next: Int)] = [(start, successors(of: start, program, followsCalls: followsCalls), 0)]
        state[start.index] = 1
        while let (node, succ, next) = stack.last {
            if next < succ.count {
                stack[stack.count - 1].next = next + 1
                let target = succ[next].node
                switch state[target.index] {
                case 0:
                    state[target.index] = 1
                    stack.append((target, successors(of: target, program, followsCalls: followsCalls), 0))
                case 1:
                    return nil
                default:
                    break
                }
            } else {
                state[node.index] = 2
                post.append(node)
                stack.removeLast()
            }
        }
        return post.reversed()
    }

    private func indexEdges() {
        for (i, n) in order.enumerated() { position[n.index] = i }
        predecessors = Array(repeating: [], count: order.count)
        successorPositions = Array(repeating: [], count: order.count)
        for (i, n) in order.enumerated() {
            for (branch, target) in successors(of: n) {
                predecessors[position[target.index]].append((i, branch))
                successorPositions[i].append((branch, position[target.index]))
            }
        }
    }

    // MARK: - Path conditions

    private func computePathConditions() {
        let count = order.count
        pc = Array(repeating: nil, count: count)
        lower = Array(repeating: DecisionDiagram.falseRef, count: count)
        upperExact = Array(repeating: true, count: count)
        own = Array(repeating: [], count: count)
        effective = Array(repeating: [], count: count)
        untaken = Array(repeating: [], count: count)
        var upper = Array(repeating: DecisionDiagram.falseRef, count: count)
        seeds = Array(repeating: nil, count: count)
        if count > 0 { seeds[0] = encoding.preference.map { $0.first ?? 0 } }
        samples = Array(repeating: [], count: count)
        if count > 0 && bounded {
            // Deterministic: the same SOP always draws the same cases.
            var rng = SplitMix64(seed: 0x5350_4F43)
            samplePool = (0..<sampleCount).map { _ in encoding.sizes.map { rng.below($0) } }
            samples[0] = samplePool.indices.map { Int32($0) }
        }
        if count > 0 && boxLimit > 0 { boxes.add(boxes.layout.full(), at: 0, limit: boxLimit) }
        var unknown = Array(repeating: false, count: count)
        if count > 0 {
            upper[0] = DecisionDiagram.trueRef
            lower[0] = DecisionDiagram.trueRef
        }
        var stoppedAt: Int?

        for p in 0..<count {
            let node = program[order[p]]
            let successors = successorPositions[p]
            // A cancelled analysis means nothing: every node from here on is unknown, at no further cost.
            if dd.cancelled && stoppedAt == nil { stoppedAt = p }
            if stoppedAt != nil || unknown[p] {
                unknown[p] = true
                for (_, t) in successors { unknown[t] = true }
                continue
            }
            let remaining = totalLimit - dd.steps
            if remaining <= 0 {
                stoppedAt = p
                unknown[p] = true
                continue
            }
            if bounded && dd.size(upper[p], limit: upperCap) > upperCap {
                // Keep the over-approximation small: past the cap it becomes its box hull.
                upper[p] = dd.hull(upper[p])
                upperExact[p] = false
            }
            dd.budget(min(stepLimit, remaining))
            let condition = upper[p]
            if upperExact[p] { lower[p] = condition }
            let (ownRefs, effectiveRefs, untakenRefs) = guards(of: node)
            var upperContribution: [(Int, Ref)] = []
            var lowerContribution: [(Int, Ref)] = []
            for (branch, t) in successors {
                let e = dd.and(condition, effectiveRefs[branch])
                upperContribution.append((t, e))
                if bounded && lowerCap > 0 && lower[p] != DecisionDiagram.falseRef {
                    lowerContribution.append((t, dd.and(lower[p], effectiveRefs[branch])))
                }
            }
            // Several branches may target one node: merge in order, committing only if the budget holds.
            // A merge that grows past the cap is replaced by its box hull at once, so no accumulated
            // disjunction ever gets large.
            var merged: [(Int, Ref, Bool)] = []
            for (t, e) in upperContribution where !dd.exhausted {
                let k = merged.firstIndex { $0.0 == t }
                var r = dd.or(k.map { merged[$0].1 } ?? upper[t], e)
                var approximated = k.map { merged[$0].2 } ?? false
                if bounded && !dd.exhausted && dd.size(r, limit: upperCap) > upperCap {
                    r = dd.hull(r)
                    approximated = true
                }
                if let k { merged[k] = (t, r, approximated) } else { merged.append((t, r, approximated)) }
            }
            if dd.exhausted {
                if bounded && dd.steps < totalLimit {
                    // Too costly to be precise: successors learn nothing from this node.
                    for (_, t) in successors {
                        upper[t] = DecisionDiagram.trueRef
                        upperExact[t] = false
                    }
                    // Results computed after the budget ran out are meaningless: no facts about this node.
                    unknown[p] = true
                    limitHits.append((p, 0))
                    continue
                }
                unknown[p] = true
                for (_, t) in successors { unknown[t] = true }
                if dd.steps >= totalLimit { stoppedAt = p } else { limitHits.append((p, 0)) }
                continue
            }
            for (t, r, approximated) in merged {
                upper[t] = r
                if !upperExact[p] || approximated { upperExact[t] = false }
            }
            // The under-approximation: contributions from nodes known inexactly, while it stays small.
            for (t, e) in lowerContribution where e != DecisionDiagram.falseRef {
                let candidate = dd.or(lower[t], e)
                if lower[t] == DecisionDiagram.falseRef || dd.size(candidate, limit: lowerCap) <= lowerCap { lower[t] = candidate }
            }
            pc[p] = condition
            own[p] = ownRefs
            effective[p] = effectiveRefs
            untaken[p] = untakenRefs
            if bounded {
                spreadSeed(from: p, successors)
                spreadSamples(from: p, successors)
                spreadBoxes(from: p, successors)
            }
        }
        boxesPassedOn = boxes.boxCount
        // Everything after a position that hit the bound is unknown through it; count it.
        for (k, hit) in limitHits.enumerated() {
            var reached = Set([hit.position])
            var stack = [hit.position]
            while let p = stack.popLast() {
                for (_, t) in successorPositions[p] {
                    if reached.insert(t).inserted { stack.append(t) }
                }
            }
            if !bounded { for q in reached where q != hit.position { pc[q] = nil } }
            limitHits[k].skipped = bounded ? 0 : reached.count - 1
        }
        if let s = stoppedAt {
            if !limitHits.contains(where: { $0.position == s }) { limitHits.append((s, count - s - 1)) }
            for q in s..<count { pc[q] = nil }
        }
        limitHits.sort { $0.position < $1.position }
    }

    /// The diagrams of a node's own branch conditions and effective guards (see `Program.effectiveGuards`),
    /// and after each branch the cases no guard up to it takes.
    func guards(of node: Node) -> (own: [Ref], effective: [Ref], untaken: [Ref]) {
        var ownRefs: [Ref] = []
        var effectiveRefs: [Ref] = []
        var untakenRefs: [Ref] = []
        // A conjunction of negated guards: negating the growing disjunction of the earlier guards instead
        // would copy it whole at every branch.
        var untaken = DecisionDiagram.trueRef
        for b in node.branches {
            let g = b.isElse ? DecisionDiagram.trueRef : build(b.condition)
            ownRefs.append(g)
            if b.isElse {
                effectiveRefs.append(untaken)
            } else {
                effectiveRefs.append(node.match == .first ? dd.and(g, untaken) : g)
                untaken = dd.and(untaken, dd.not(g))
            }
            untakenRefs.append(untaken)
        }
        return (ownRefs, effectiveRefs, untakenRefs)
    }

    func build(_ g: Guard) -> Ref {
        encoding.build(g, in: dd, atoms: &atoms)
    }

    // MARK: - Queries

    /// Why a query is satisfiable.
    enum Evidence {
        /// A non-empty part of `pc and formula`, all of whose cases are real.
        case cases(Ref)
        /// One real case of `pc and formula` (a value per level).
        case assignment([Int])
        /// A box (see `BoxLayout`) all of whose cases are real cases of `pc and formula`.
        case box([UInt64])
        /// One real case of `pc and formula` (a value per level) from an input box the node keeps.
        case walked([Int])
    }

    enum QueryResult {
        /// Satisfiable, with evidence.
        case satisfiable(Evidence)
        case unsatisfiable
        /// The budget ran out, or the answer depends on a node with no facts.
        case unknown
    }

    /// Gives each successor of `p` without a seed one: `p`'s own seed when it takes that branch, or the
    /// seed changed only where the branch's guard needs it, if that still reaches `p`.
    private func spreadSeed(from p: Int, _ successors: [(branch: Int, position: Int)]) {
        guard let seed = seeds[p] else { return }
        for (branch, t) in successors {
            guard seeds[t] == nil else { continue }
            if dd.evaluate(effective[p][branch], seed) {
                seeds[t] = seed
            } else if let repaired = repair(seed, effective[p][branch], reaching: p) {
                seeds[t] = repaired
            }
        }
    }

    /// Positions whose under-approximation or samples grew since the path conditions were computed.
    private var learnt: [Bool] = []
    /// Boxes numbered below this were made by the path-condition pass, which passed them along every edge.
    private var boxesPassedOn = 0

    /// Keeps the evidence of a satisfiable query at `p` (always a subset of `pc(p)`): a diagram joins the
    /// under-approximation while it stays small, a case joins the samples. `refresh` passes it on.
    func learn(_ p: Int, _ evidence: Evidence) {
        guard bounded, !dd.exhausted, lower.indices.contains(p) else { return }
        if learnt.isEmpty { learnt = Array(repeating: false, count: order.count) }
        switch evidence {
        case .cases(let r):
            // A box of the evidence passes further edges than a diagram the cap may refuse (an exact
            // node needs none: its questions are answered exactly, and its boxes were passed on).
            if boxesUsable && !upperExact[p] {
                var box = boxes.layout.full()
                if box.withUnsafeMutableBufferPointer({ dd.narrow($0.baseAddress!, to: r, boxes.layout) }) { learn(p, .box(box)) }
            }
            if lower[p] == DecisionDiagram.falseRef {
                lower[p] = r
            } else {
                let candidate = dd.or(lower[p], r)
                guard !dd.exhausted, candidate != lower[p], dd.size(candidate, limit: lowerCap) <= lowerCap else { return }
                lower[p] = candidate
            }
        case .box(let box):
            // A walk's box answered without boxes asked for: the node keeps the walk's box already.
            guard boxesUsable, boxes.add(box, at: p, limit: boxLimit) else { return }
        case .walked:
            // The node keeps the input box it came from: nothing to learn.
            return
        case .assignment(let a):
            guard samples[p].count < Self.samplesPerPosition, !samples[p].contains(where: { samplePool[Int($0)] == a }) else { return }
            samplePool.append(a)
            samples[p].append(Int32(samplePool.count - 1))
        }
        learnt[p] = true
    }

    /// Brings `p`'s under-approximation and samples up to date with what was learnt about its
    /// predecessors, as the path-condition pass would have: each is a subset of the predecessor's path
    /// condition, so its part that takes the edge is a subset of `p`'s.
    func refresh(_ p: Int) {
        guard bounded, !learnt.isEmpty, order.indices.contains(p) else { return }
        for (r, b) in predecessors[p] where learnt[r] && effective[r].indices.contains(b) {
            let e = dd.and(lower[r], effective[r][b])
            if dd.exhausted { return }
            if e != DecisionDiagram.falseRef {
                if lower[p] == DecisionDiagram.falseRef {
                    lower[p] = e
                    learnt[p] = true
                } else {
                    let candidate = dd.or(lower[p], e)
                    if dd.exhausted { return }
                    if candidate != lower[p] && dd.size(candidate, limit: lowerCap) <= lowerCap {
                        lower[p] = candidate
                        learnt[p] = true
                    }
                }
            }
            // Boxes made before the questions were already passed along every edge.
            for index in boxes.byPosition[r] where boxesUsable && Int(index) >= boxesPassedOn && boxes.narrow(index, to: effective[r][b], in: dd, into: &boxScratch) {
                if boxes.add(boxScratch, at: p, limit: boxLimit) { learnt[p] = true }
            }
            for index in samples[r] where samples[p].count < Self.samplesPerPosition && !samples[p].contains(index) {
                if dd.evaluate(effective[r][b], samplePool[Int(index)]) {
                    samples[p].append(index)
                    learnt[p] = true
                }
            }
        }
    }

    /// Passes each sample reaching `p` along every branch whose effective guard it satisfies.
    private func spreadSamples(from p: Int, _ successors: [(branch: Int, position: Int)]) {
        guard !samples[p].isEmpty else { return }
        for (branch, t) in successors where samples[t].count < Self.samplesPerPosition {
            let guardRef = effective[p][branch]
            for index in samples[p] where dd.evaluate(guardRef, samplePool[Int(index)]) {
                samples[t].append(index)
                if samples[t].count >= Self.samplesPerPosition { break }
            }
        }
    }

    /// Passes each box reaching `p` along every edge, narrowed to the edge's effective guard: every case of
    /// the narrowed box reaches `p` and takes the edge, so it reaches the target.
    private func spreadBoxes(from p: Int, _ successors: [(branch: Int, position: Int)]) {
        guard boxesUsable, boxes.count(at: p) > 0 else { return }
        for (branch, t) in successors {
            for index in boxes.byPosition[p] where boxes.narrow(index, to: effective[p][branch], in: dd, into: &boxScratch) {
                boxes.add(boxScratch, at: t, limit: boxLimit)
            }
        }
    }

    /// The cases of a box known to reach `p` that satisfy `formula` (a sub-box): real cases of
    /// `pc(p) and formula`.
    private func boxCases(_ p: Int, satisfying formula: Ref) -> [UInt64]? {
        guard boxes.byPosition.indices.contains(p), !boxes.byPosition[p].isEmpty, dd.boxWork < boxWorkLimit else { return nil }
        for index in boxes.byPosition[p] where boxes.narrow(index, to: formula, in: dd, into: &boxScratch) {
            return boxScratch
        }
        return nil
    }

    /// A sample known to reach `p` that satisfies `formula`: a real case of `pc(p) and formula`.
    private func sample(_ p: Int, satisfying formula: Ref) -> [Int]? {
        guard samples.indices.contains(p) else { return nil }
        for index in samples[p] where dd.evaluate(formula, samplePool[Int(index)]) { return samplePool[Int(index)] }
        return nil
    }

    /// `seed` (which reaches `p`) changed only where `formula` needs it, if the result still reaches `p`.
    private func repair(_ seed: [Int], _ formula: Ref, reaching p: Int) -> [Int]? {
        // Prefer the seed's value at every level, so the formula changes as little as possible.
        guard let assignment = dd.pick(formula, near: seed, preference: encoding.preference) else { return nil }
        return reaches(assignment, p) ? assignment : nil
    }

    /// Whether following, from the start, the first branch whose effective guard holds leads to `p`: a
    /// real path, so the case is in `pc(p)`.
    private func reaches(_ assignment: [Int], _ p: Int) -> Bool {
        var q = 0
        while q < p {
            guard !effective[q].isEmpty || successorPositions[q].isEmpty else { return false }
            var next = -1
            for (branch, t) in successorPositions[q] where dd.evaluate(effective[q][branch], assignment) {
                next = t
                break
            }
            if next < 0 { return false }
            q = next
        }
        return q == p
    }

    /// Evidence for a satisfiable query from concrete cases: `p`'s seed, or the seed repaired to satisfy
    /// `formula`. The case itself, not its one-case diagram: building that would cost a node per level.
    private func repair(_ p: Int, _ formula: Ref) -> [Int]? {
        guard let seed = seeds.indices.contains(p) ? seeds[p] : nil else { return nil }
        let assignment: [Int]
        if dd.evaluate(formula, seed) {
            assignment = seed
        } else if let repaired = repair(seed, formula, reaching: p) {
            assignment = repaired
        } else {
            return nil
        }
        return assignment
    }

    private struct SearchKey: Hashable {
        var position: Int
        var constraint: Ref
    }

    /// Decides `pc(p) and formula` exactly within the current budget.
    ///
    /// Where the path condition is known only approximately, the over-approximation refutes and the
    /// under-approximation confirms; what neither settles is searched backwards along incoming edges,
    /// carrying the conjunction of the guards passed, until a node known exactly (or whose
    /// under-approximation meets the constraint) answers. Failed (node, constraint) pairs are remembered,
    /// so a search never explores the same state twice.
    /// Without `search`, a query the approximations do not settle is `unknown` at once.
    func query(_ p: Int, _ formula: Ref, search: Bool = true) -> QueryResult {
        guard let upper = pc[p] else { return .unknown }
        // After the walks, only the nodes they reached are asked again, mostly questions their boxes answer.
        if inputBoxes != nil, let walked = walkedCase(p, satisfying: formula) { return .satisfiable(.walked(walked)) }
        let over = dd.and(upper, formula)
        if dd.exhausted { return .unknown }
        if over == DecisionDiagram.falseRef { return .unsatisfiable }
        if upperExact[p] { return .satisfiable(.cases(over)) }
        let under = dd.and(lower[p], formula)
        if dd.exhausted { return .unknown }
        if under != DecisionDiagram.falseRef { return .satisfiable(.cases(under)) }
        if let repaired = repair(p, formula) { return .satisfiable(.assignment(repaired)) }
        if let sampled = sample(p, satisfying: formula) { return .satisfiable(.assignment(sampled)) }
        if let boxed = boxCases(p, satisfying: formula) { return .satisfiable(.box(boxed)) }
        guard search else { return .unknown }

        var failed: Set<SearchKey> = []
        // Each frame holds the constraints to try next at its node, computed for all incoming edges at
        // once so that an edge that settles the query is found before any deeper search.
        var stack: [(position: Int, constraint: Ref, pending: [(Int, Ref)])] = []
        var incomplete = false
        func expand(_ q: Int, _ constraint: Ref) -> QueryResult? {
            var pending: [(Int, Ref)] = []
            for (r, b) in predecessors[q] {
                guard dd.tick() else { return .unknown }
                guard pc[r] != nil, effective[r].indices.contains(b) else {
                    incomplete = true
                    continue
                }
                let c = dd.and(constraint, effective[r][b])
                if c == DecisionDiagram.falseRef { continue }
                // The cheap confirmation first: the under-approximation is small. Most of these fail, so
                // whether they meet is asked first, without building the conjunction.
                let meetsUnder = dd.intersects(lower[r], c)
                if dd.exhausted { return .unknown }
                if meetsUnder {
                    let underR = dd.and(lower[r], c)
                    if dd.exhausted { return .unknown }
                    return .satisfiable(.cases(underR))
                }
                // A case known to reach `r` that satisfies the constraint follows the edges walked to `p`.
                if let sampled = sample(r, satisfying: c) { return .satisfiable(.assignment(sampled)) }
                // Likewise a box of cases known to reach `r`.
                if let boxed = boxCases(r, satisfying: c) { return .satisfiable(.box(boxed)) }
                pending.append((r, c))
            }
            // Only edges not settled above need the over-approximation, to prune or to answer exactly.
            var kept: [(Int, Ref)] = []
            for (r, c) in pending {
                guard let upperR = pc[r] else { continue }
                let meetsOver = dd.intersects(upperR, c)
                if dd.exhausted { return .unknown }
                if !meetsOver { continue }
                if upperExact[r] {
                    let overR = dd.and(upperR, c)
                    if dd.exhausted { return .unknown }
                    return .satisfiable(.cases(overR))
                }
                if !failed.contains(SearchKey(position: r, constraint: c)) { kept.append((r, c)) }
            }
            stack.append((q, constraint, kept.reversed()))
            return nil
        }
        if let result = expand(p, formula) { return result }
        while let top = stack.last {
            guard dd.tick() else { return .unknown }
            guard let (r, c) = stack[stack.count - 1].pending.popLast() else {
                failed.insert(SearchKey(position: top.position, constraint: top.constraint))
                stack.removeLast()
                continue
            }
            if failed.contains(SearchKey(position: r, constraint: c)) { continue }
            if let result = expand(r, c) { return result }
        }
        return incomplete ? .unknown : .unsatisfiable
    }

    /// A case of the evidence, complete over the SOP's visible inputs.
    func witness(_ evidence: Evidence) -> Case? {
        switch evidence {
        case .cases(let f): dd.pick(f, preference: encoding.preference).map { encoding.decode(encoding.preferred($0, satisfying: f, in: dd)) }
        case .assignment(let assignment), .walked(let assignment): encoding.decode(assignment)
        case .box(let box): encoding.decode(box.withUnsafeBufferPointer { boxes.layout.pick($0.baseAddress!, preference: encoding.preference) })
        }
    }

    func simplifier() -> Simplifier {
        Simplifier(encoding: encoding, program: program, sop: sop)
    }

    /// Immediate dominators by position (the start dominates itself), for reachable positions.
    lazy var dominators: [Int] = {
        var idom = Array(repeating: -1, count: order.count)
        guard !order.isEmpty else { return idom }
        idom[0] = 0
        for p in 1..<order.count {
            var d = -1
            for (from, _) in predecessors[p] where idom[from] >= 0 {
                if d < 0 { d = from; continue }
                var a = d, b = from
                while a != b {
                    while a > b { a = idom[a] }
                    while b > a { b = idom[b] }
                }
                d = a
            }
            idom[p] = d
        }
        return idom
    }()

    /// The ancestor search of the node asked about last: a node's dead branches ask about the same node.
    private var lastAncestors: AncestorSearch?

    /// Whether `p` can be reached from `t` (`t` > `bound`, `p` itself included), searching backwards from
    /// `p` only through positions above `bound`: every position on a chain from `t` to `p` lies between
    /// them, so nothing below the bound is needed. A node's dominators are asked about nearest first, so
    /// the search costs the part of the graph between `p` and its farthest dominator asked about, not
    /// everything above `p`.
    func canReach(_ p: Int, from t: Int, above bound: Int) -> Bool {
        if lastAncestors?.target != p { lastAncestors = AncestorSearch(target: p) }
        return lastAncestors!.contains(t, above: bound, predecessors)
    }
}

/// Positions from which one target can be reached, found backwards only as far down as asked.
struct AncestorSearch {
    let target: Int
    private var seen: Set<Int>
    /// Found, but below the bound when found: their predecessors are not looked at yet.
    private var deferred: [Int] = []
    private var bound = Int.max

    init(target: Int) {
        self.target = target
        seen = [target]
        deferred = [target]
    }

    mutating func contains(_ t: Int, above newBound: Int, _ predecessors: [[(from: Int, branch: Int)]]) -> Bool {
        if newBound < bound {
            bound = newBound
            var stack = deferred.filter { $0 > newBound }
            deferred.removeAll { $0 > newBound }
            while let q = stack.popLast() {
                for (from, _) in predecessors[q] where seen.insert(from).inserted {
                    if from > newBound { stack.append(from) } else { deferred.append(from) }
                }
            }
        }
        return seen.contains(t)
    }
}

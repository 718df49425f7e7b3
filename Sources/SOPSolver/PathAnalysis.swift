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
    /// Incoming edges of each position: (source position, branch index).
    private(set) var predecessors: [[(from: Int, branch: Int)]] = []
    private(set) var hasCycle = false

    /// Path condition per position; `nil` when unknown.
    private(set) var pc: [Ref?] = []
    /// Each branch's own condition and effective guard, per position (empty for unknown positions).
    private(set) var own: [[Ref]] = []
    private(set) var effective: [[Ref]] = []
    /// `pc and effective guard` per branch, per position.
    private(set) var edges: [[Ref]] = []
    /// Positions where the bound stopped the work, with how many positions became unknown because of it.
    private(set) var limitHits: [(position: Int, skipped: Int)] = []

    init(program: Program, sop: SOPID, stepLimit: Int, totalLimit: Int? = nil) {
        self.program = program
        self.sop = sop
        self.stepLimit = max(1, stepLimit)
        let (product, overflow) = self.stepLimit.multipliedReportingOverflow(by: 50)
        self.totalLimit = totalLimit ?? (overflow ? Int.max : product)
        position = Array(repeating: -1, count: program.nodes.count)
        var guards: [Guard] = []
        for node in program.nodes {
            for b in node.branches { guards.append(b.condition) }
        }
        encoding = Encoding(program: program, inputs: program.visibleInputs(of: sop), guards: guards)
        dd = DecisionDiagram(sizes: encoding.sizes)
        sortTopologically()
        if !hasCycle { computePathConditions() }
    }

    // MARK: - Graph

    func successors(of node: NodeID) -> [(branch: Int, node: NodeID)] {
        var result: [(Int, NodeID)] = []
        for (i, b) in program[node].branches.enumerated() {
            if let t = b.target, let n = program.entryNode(of: t), n.index >= 0, n.index < program.nodes.count {
                result.append((i, n))
            }
        }
        return result
    }

    private func sortTopologically() {
        guard let start = program[sop].start else { return }
        // Iterative depth-first search; reverse post-order is topological. 0 new, 1 open, 2 done.
        var state = Array(repeating: UInt8(0), count: program.nodes.count)
        var post: [NodeID] = []
        var stack: [(NodeID, Int)] = [(start, 0)]
        state[start.index] = 1
        while let (node, next) = stack.last {
            let succ = successors(of: node)
            if next < succ.count {
                stack[stack.count - 1].1 = next + 1
                let target = succ[next].node
                switch state[target.index] {
                case 0:
                    state[target.index] = 1
                    stack.append((target, 0))
                case 1:
                    hasCycle = true
                    return
                default:
                    break
                }
            } else {
                state[node.index] = 2
                post.append(node)
                stack.removeLast()
            }
        }
        order = post.reversed()
        for (i, n) in order.enumerated() { position[n.index] = i }
        predecessors = Array(repeating: [], count: order.count)
        for (i, n) in order.enumerated() {
            for (branch, target) in successors(of: n) {
                predecessors[position[target.index]].append((i, branch))
            }
        }
    }

    // MARK: - Path conditions

    private func computePathConditions() {
        let count = order.count
        pc = Array(repeating: nil, count: count)
        own = Array(repeating: [], count: count)
        effective = Array(repeating: [], count: count)
        edges = Array(repeating: [], count: count)
        var accumulated = Array(repeating: DecisionDiagram.falseRef, count: count)
        var unknown = Array(repeating: false, count: count)
        if count > 0 { accumulated[0] = DecisionDiagram.trueRef }
        var stoppedAt: Int?

        for p in 0..<count {
            if stoppedAt != nil || unknown[p] {
                unknown[p] = true
                for (_, target) in successors(of: order[p]) { unknown[position[target.index]] = true }
                continue
            }
            let remaining = totalLimit - dd.steps
            if remaining <= 0 {
                stoppedAt = p
                unknown[p] = true
                continue
            }
            dd.budget(min(stepLimit, remaining))
            let condition = accumulated[p]
            let node = program[order[p]]
            let (ownRefs, effectiveRefs) = guards(of: node)
            var edgeRefs: [Ref] = []
            for g in effectiveRefs {
                edgeRefs.append(dd.and(condition, g))
            }
            for (branch, target) in successors(of: node.id) {
                let t = position[target.index]
                accumulated[t] = dd.or(accumulated[t], edgeRefs[branch])
            }
            if dd.exhausted {
                unknown[p] = true
                for (_, target) in successors(of: node.id) { unknown[position[target.index]] = true }
                if dd.steps >= totalLimit { stoppedAt = p }
                limitHits.append((p, 0))
                continue
            }
            pc[p] = condition
            own[p] = ownRefs
            effective[p] = effectiveRefs
            edges[p] = edgeRefs
        }
        // Everything after a position that hit the bound is unknown through it; mark and count.
        for (k, hit) in limitHits.enumerated() {
            var reached = Set([hit.position])
            var stack = [hit.position]
            while let p = stack.popLast() {
                for (_, target) in successors(of: order[p]) {
                    let t = position[target.index]
                    if reached.insert(t).inserted { stack.append(t) }
                }
            }
            for q in reached where q != hit.position { pc[q] = nil }
            limitHits[k].skipped = reached.count - 1
        }
        if let s = stoppedAt, !limitHits.contains(where: { $0.position == s }) {
            limitHits.append((s, count - s - 1))
            for q in s..<count { pc[q] = nil }
        } else if let s = stoppedAt {
            for q in s..<count { pc[q] = nil }
        }
        limitHits.sort { $0.position < $1.position }
    }

    /// The diagrams of a node's own branch conditions and effective guards (see `Program.effectiveGuards`).
    func guards(of node: Node) -> (own: [Ref], effective: [Ref]) {
        var ownRefs: [Ref] = []
        var effectiveRefs: [Ref] = []
        var earlier = DecisionDiagram.falseRef
        for b in node.branches {
            let g = b.isElse ? DecisionDiagram.trueRef : build(b.condition)
            ownRefs.append(g)
            if b.isElse {
                effectiveRefs.append(dd.not(earlier))
                continue
            }
            effectiveRefs.append(node.match == .first ? dd.and(g, dd.not(earlier)) : g)
            earlier = dd.or(earlier, g)
        }
        return (ownRefs, effectiveRefs)
    }

    func build(_ g: Guard) -> Ref {
        encoding.build(g, in: dd, atoms: &atoms)
    }

    // MARK: - Queries

    /// A case satisfying `f`, complete over the SOP's visible inputs.
    func witness(_ f: Ref) -> Case? {
        dd.pick(f, preference: encoding.preference).map(encoding.decode)
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

    private var ancestorCache: [Int: Set<Int>] = [:]

    /// Positions from which `p` can be reached, `p` included.
    func ancestors(of p: Int) -> Set<Int> {
        if let cached = ancestorCache[p] { return cached }
        var seen: Set<Int> = [p]
        var stack = [p]
        while let q = stack.popLast() {
            for (from, _) in predecessors[q] where seen.insert(from).inserted { stack.append(from) }
        }
        ancestorCache[p] = seen
        return seen
    }
}

import SOPCore
import SOPGraph

/// The facts about one SOP's graph that replay needs for every row, computed once.
///
/// For each branch of each node it holds the set of outcomes reachable through that branch (a bitset
/// over `OutcomeID`), so finding where a label diverges from the SOP's path costs a few word tests.
public struct ReplayGraph: Sendable {
    /// The checked program.
    public let program: Program
    /// The SOP samples are replayed through.
    public let sop: SOPID
    /// Nodes reachable from the SOP's start (following sub-tree calls), in `NodeID` order.
    public let nodes: [NodeID]
    /// Outcomes a label may name: the SOP's own and every imported SOP's, in `OutcomeID` order.
    public let outcomes: [OutcomeID]
    /// Outcomes reachable from the SOP's start.
    public let reachableOutcomes: [OutcomeID]

    let words: Int
    /// `branchBase[node] + branch` indexes a branch across the whole program.
    let branchBase: [Int]
    let branchCount: Int
    /// Reachable outcomes per global branch index, `words` words each.
    let reach: [UInt64]
    let outcomeTable: ByteTable
    let nodeTable: ByteTable
    /// Every name a sample's `path` may use for a node in scope, with the node: the SOP's own nodes bare,
    /// a called SOP's as `sopid.node`, and bare too when no other node in scope has that name.
    package let pathNames: [(name: String, node: NodeID)]

    /// Indexes the graph of `sop` in `program`.
    public init(program: Program, sop: SOPID) {
        self.program = program
        self.sop = sop
        let outcomeCount = program.outcomes.count
        let words = max(1, (outcomeCount + 63) / 64)
        self.words = words

        var base: [Int] = []
        var total = 0
        for node in program.nodes {
            base.append(total)
            total += node.branches.count
        }
        branchBase = base
        branchCount = total

        // Reachability per node, memoised; cycles (which the checks reject) just stop the search.
        var nodeReach: [[UInt64]?] = Array(repeating: nil, count: program.nodes.count)
        var visiting = Array(repeating: false, count: program.nodes.count)
        func targetReach(_ t: Target?) -> [UInt64] {
            var bits = [UInt64](repeating: 0, count: words)
            switch t {
            case .outcome(let o)?:
                bits[o.index >> 6] |= 1 << UInt64(o.index & 63)
            case let t?:
                if let n = program.entryNode(of: t) { bits = reachOf(n) }
            case nil:
                break
            }
            return bits
        }
        func reachOf(_ n: NodeID) -> [UInt64] {
            if let r = nodeReach[n.index] { return r }
            if visiting[n.index] { return [UInt64](repeating: 0, count: words) }
            visiting[n.index] = true
            var bits = [UInt64](repeating: 0, count: words)
            for b in program.nodes[n.index].branches {
                let r = targetReach(b.target)
                for w in 0..<words { bits[w] |= r[w] }
            }
            visiting[n.index] = false
            nodeReach[n.index] = bits
            return bits
        }
        var reach = [UInt64](repeating: 0, count: total * words)
        for node in program.nodes {
            for (i, b) in node.branches.enumerated() {
                let r = targetReach(b.target)
                for w in 0..<words { reach[(base[node.id.index] + i) * words + w] = r[w] }
            }
        }
        self.reach = reach

        // Nodes in scope: a walk from the start through every target.
        var inScope = Array(repeating: false, count: program.nodes.count)
        var stack: [NodeID] = program.sops[sop.index].start.map { [$0] } ?? []
        while let n = stack.popLast() {
            guard !inScope[n.index] else { continue }
            inScope[n.index] = true
            for b in program.nodes[n.index].branches {
                if let t = b.target, let next = program.entryNode(of: t), !inScope[next.index] { stack.append(next) }
            }
        }
        nodes = program.nodes.indices.filter { inScope[$0] }.map(NodeID.init)

        var reachable: [OutcomeID] = []
        if let start = program.sops[sop.index].start {
            let bits = reachOf(start)
            for o in 0..<outcomeCount where bits[o >> 6] & (1 << UInt64(o & 63)) != 0 { reachable.append(OutcomeID(o)) }
        }
        reachableOutcomes = reachable

        var visible: Set<SOPID> = []
        func visit(_ s: SOPID) {
            guard visible.insert(s).inserted else { return }
            program.sops[s.index].imports.forEach(visit)
        }
        visit(sop)
        outcomes = program.outcomes.filter { visible.contains($0.sop) }.map(\.id)
        outcomeTable = ByteTable(outcomes.map { (program.name(of: $0, from: sop), $0.index) })

        // Node ids as a `path` names them: bare for the SOP's own nodes, `sopid.node` for a callee's, and
        // bare for a callee's too when no other node in scope has that name.
        var pairs: [(String, Int)] = []
        var bareCount: [String: Int] = [:]
        for n in nodes { bareCount[program.nodes[n.index].name, default: 0] += 1 }
        for n in nodes {
            let node = program.nodes[n.index]
            if node.sop == sop { pairs.append((node.name, n.index)) }
        }
        for n in nodes {
            let node = program.nodes[n.index]
            if node.sop != sop {
                pairs.append((program.sops[node.sop.index].name + "." + node.name, n.index))
            }
        }
        for n in nodes {
            let node = program.nodes[n.index]
            if node.sop != sop && bareCount[node.name] == 1 { pairs.append((node.name, n.index)) }
        }
        nodeTable = ByteTable(pairs)
        pathNames = pairs.map { (name: $0.0, node: NodeID($0.1)) }
    }

    // MARK: - Names

    /// The name a sample uses for `outcome`.
    public func name(of outcome: OutcomeID) -> String { program.name(of: outcome, from: sop) }

    /// The name reports use for `node`: bare in the SOP itself, `sopid.node` in a called SOP.
    public func name(of node: NodeID) -> String { program.pathName(of: node, from: sop) }

    /// The outcome a sample's label names, if the SOP can see it.
    public func outcome(named name: String) -> OutcomeID? { outcomeTable.lookup(name).map(OutcomeID.init) }

    /// The node a sample's path names, if it is in scope.
    public func node(named name: String) -> NodeID? { nodeTable.lookup(name).map(NodeID.init) }

    /// A branch as written: its `when` expression, `input == value` for a switch case, or `else`.
    public func describe(node: NodeID, branch: Int) -> String {
        let n = program.nodes[node.index]
        guard n.branches.indices.contains(branch) else { return "?" }
        switch n.branches[branch].kind {
        case .when(let source): return source
        case .else: return "else"
        case .case(let literal):
            if case .switch(let input) = n.form {
                return program.name(of: input, from: n.sop) + " == " + literal.description
            }
            return literal.description
        }
    }

    // MARK: - Reachability

    /// Whether `outcome` is reachable through branch `branch` of `node`.
    @inline(__always)
    public func reaches(node: NodeID, branch: Int, outcome: OutcomeID) -> Bool {
        let i = (branchBase[node.index] + branch) * words + (outcome.index >> 6)
        return reach[i] & (1 << UInt64(outcome.index & 63)) != 0
    }

    /// Global index of a branch, for per-branch tallies.
    @inline(__always)
    func branchIndex(node: NodeID, branch: Int) -> Int { branchBase[node.index] + branch }
}

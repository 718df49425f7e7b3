import SOPCore

/// The route one case takes through the checked graph.
public struct Walk: Hashable, Sendable {
    /// One decision: the node and the index of the branch taken there.
    public struct Step: Hashable, Sendable {
        public var node: NodeID
        public var branch: Int
        public init(node: NodeID, branch: Int) {
            self.node = node
            self.branch = branch
        }
    }

    /// How the walk ended.
    public enum End: Hashable, Sendable {
        case outcome(OutcomeID)
        /// No branch of the node applies and it has no `else`.
        case noBranch(NodeID)
        /// The decision at the node needs an input the case does not set.
        case missingInput(NodeID, [InputID])
        /// The SOP has no start (a library), or the graph is malformed (unresolved target, cycle).
        case malformed
    }

    public var steps: [Step]
    public var end: End

    public init(steps: [Step], end: End) {
        self.steps = steps
        self.end = end
    }

    public var outcome: OutcomeID? {
        if case .outcome(let o) = end { return o }
        return nil
    }
}

extension Program {
    /// The branch a case takes at a node: the first branch in source order whose condition holds (for an
    /// exclusive node the analyses guarantee there is at most one), else the `else` branch.
    /// Returns `.failure` with the inputs the decision needs when the case leaves one of them unset.
    public func decide(_ node: Node, for c: Case) -> Result<Int?, MissingInputs> {
        var unknown = false
        for (i, branch) in node.branches.enumerated() where !branch.isElse {
            switch branch.condition.evaluate(c) {
            case true?:
                if node.match == .first && unknown { return .failure(MissingInputs(node: node)) }
                return .success(i)
            case nil:
                unknown = true
            case false?:
                break
            }
        }
        if unknown { return .failure(MissingInputs(node: node)) }
        if let last = node.branches.indices.last, node.branches[last].isElse { return .success(last) }
        return .success(nil)
    }

    /// Walks a case from `sop`'s start to an outcome.
    public func walk(_ c: Case, from sop: SOPID) -> Walk {
        guard let start = sops[sop.index].start else { return Walk(steps: [], end: .malformed) }
        return walk(c, fromNode: start)
    }

    /// Walks a case from `start` (any node, as if the walk had reached it) to an outcome.
    public func walk(_ c: Case, fromNode start: NodeID) -> Walk {
        var current = start
        var steps: [Walk.Step] = []
        while steps.count <= nodes.count {
            let node = nodes[current.index]
            switch decide(node, for: c) {
            case .failure(let missing):
                return Walk(steps: steps, end: .missingInput(current, missing.inputs(in: c)))
            case .success(nil):
                return Walk(steps: steps, end: .noBranch(current))
            case .success(let index?):
                steps.append(Walk.Step(node: current, branch: index))
                switch node.branches[index].target {
                case .outcome(let o)?:
                    return Walk(steps: steps, end: .outcome(o))
                case .node(let n)?:
                    current = n
                case .call(let s)?:
                    guard let start = sops[s.index].start else { return Walk(steps: steps, end: .malformed) }
                    current = start
                case nil:
                    return Walk(steps: steps, end: .malformed)
                }
            }
        }
        return Walk(steps: steps, end: .malformed)
    }
}

/// The inputs a decision reads that a case leaves unset.
public struct MissingInputs: Error, Hashable, Sendable {
    public let node: NodeID
    private let reads: [InputID]

    init(node: Node) {
        self.node = node.id
        var reads: [InputID] = []
        for b in node.branches {
            for i in b.condition.inputs where !reads.contains(i) { reads.append(i) }
        }
        self.reads = reads
    }

    public func inputs(in c: Case) -> [InputID] {
        reads.filter { c[$0] == nil }
    }
}

import SOPCore
import SOPGraph

/// Where a label parts from the SOP's decision, and how that was determined.
public enum Divergence: Hashable, Sendable {
    /// The disagreement is attributed to this node; `branch` is the branch the SOP took there.
    case node(NodeID, branch: Int)
    /// No node on the SOP's path can lead to the label: the label cannot come from this SOP on this case.
    case labelUnreachable

    /// The node, if any.
    public var node: NodeID? {
        if case .node(let n, _) = self { return n }
        return nil
    }
}

extension ReplayGraph {
    /// The node where a label parts from the SOP's walk.
    ///
    /// With the specialist's own `path`, it is the last node both paths share: where the specialist left
    /// the SOP's route (the start if they differ from the first node, the last node when the paths are the
    /// same but the outcomes differ). Without a path, it is the last node of the walk from which `label`
    /// is still reachable through a branch other than the one the SOP took.
    public func divergence(of walk: Walk, label: OutcomeID, specialistPath: [NodeID]?) -> Divergence {
        let steps = walk.steps
        guard !steps.isEmpty else { return .labelUnreachable }
        if let path = specialistPath, !path.isEmpty {
            var k = 0
            while k < steps.count && k < path.count && steps[k].node == path[k] { k += 1 }
            let step = steps[max(0, k - 1)]
            return .node(step.node, branch: step.branch)
        }
        var i = steps.count - 1
        while i >= 0 {
            let step = steps[i]
            let count = program.nodes[step.node.index].branches.count
            for b in 0..<count where b != step.branch && reaches(node: step.node, branch: b, outcome: label) {
                return .node(step.node, branch: step.branch)
            }
            i -= 1
        }
        return .labelUnreachable
    }
}

extension Divergence {
    /// The JSON fields that describe where a label leaves the SOP, the same in every report that lists
    /// disagreements: `divergence` and `sop_branch`, or a null `divergence` with `reason`.
    func jsonFields(_ graph: ReplayGraph) -> [(String, JSONValue)] {
        switch self {
        case .node(let n, let b):
            return [("divergence", .string(graph.name(of: n))), ("sop_branch", .string(graph.describe(node: n, branch: b)))]
        case .labelUnreachable:
            return [("divergence", .null), ("reason", .string("label-unreachable"))]
        }
    }
}

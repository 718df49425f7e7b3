import SOPCore

/// What the analyses consider possible, as opposed to what `walk` does.
///
/// `walk` (and so `sopc run`, `replay` and `test`) takes, at every node, the first branch in source
/// order whose condition holds (`decide`). The analyses reason about every branch whose *effective*
/// guard holds (`effectiveGuards`): under `match: first` and for `else` that is the same single branch,
/// but at an `exclusive` node where two guards hold (an `ambiguous-branches` error) both are possible:
/// the author declared the order irrelevant, so findings below such a node hold whichever branch a
/// future fix keeps. A witness path is a path in this sense; each step says whether it is also the one
/// `walk` takes.
extension Program {
    /// The branches a case may take at a node in the analyses' sense: every branch whose effective guard
    /// holds, in branch order.
    public func possibleBranches(_ node: Node, for c: Case) -> [Int] {
        let effective = effectiveGuards(of: node)
        return effective.indices.filter { effective[$0].evaluate(c) == true }
    }

    /// A path `c` can take from `sop`'s start to `target`, taking a possible branch at every node, with
    /// the fewest steps that are not the first matching branch (none when `walk` reaches `target`);
    /// nil when there is none. Ties go to earlier branches, so the result is deterministic.
    public func possiblePath(of c: Case, from sop: SOPID, to target: NodeID) -> [Walk.Step]? {
        guard let start = sops[sop.index].start else { return nil }
        // 0-1 breadth-first search: a step costs 1 when it is not the branch `decide` takes.
        var cost: [Int: Int] = [start.index: 0]
        var parent: [Int: Walk.Step] = [:]
        var settled: Set<Int> = []
        var front: [NodeID] = [start], back: [NodeID] = []
        var frontIndex = 0
        while true {
            let current: NodeID
            if frontIndex < front.count {
                current = front[frontIndex]
                frontIndex += 1
            } else if !back.isEmpty {
                front = back
                back = []
                frontIndex = 0
                continue
            } else {
                return nil
            }
            guard settled.insert(current.index).inserted else { continue }
            if current == target { break }
            let node = nodes[current.index]
            let here = cost[current.index] ?? 0
            let first = try? decide(node, for: c).get()
            for i in possibleBranches(node, for: c) {
                guard let t = node.branches[i].target, let next = entryNode(of: t), next.index >= 0, next.index < nodes.count,
                      !settled.contains(next.index) else { continue }
                let step = first == i ? 0 : 1
                if let known = cost[next.index], known <= here + step { continue }
                cost[next.index] = here + step
                parent[next.index] = Walk.Step(node: current, branch: i)
                if step == 0 { front.append(next) } else { back.append(next) }
            }
        }
        var steps: [Walk.Step] = []
        var n = target.index
        while let step = parent[n], steps.count <= nodes.count {
            steps.append(step)
            n = step.node.index
        }
        return steps.reversed()
    }
}

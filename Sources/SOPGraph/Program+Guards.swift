/// What each branch means once its node's matching rule is applied.
extension Program {
    /// The effective guard of every branch of a node, in branch order: the condition under which a case
    /// that reaches the node takes that branch.
    ///
    /// - `first`: a branch's guard and the negation of every earlier guard.
    /// - `exclusive` (and switches): the branch's own guard.
    /// - `else`: the negation of every other guard, in both modes.
    public func effectiveGuards(of node: Node) -> [Guard] {
        var earlier: [Guard] = []
        var result: [Guard] = []
        for branch in node.branches {
            if branch.isElse {
                result.append(earlier.isEmpty ? .true : .not(.or(earlier)))
                continue
            }
            if node.match == .first && !earlier.isEmpty {
                result.append(.and([branch.condition, .not(.or(earlier))]))
            } else {
                result.append(branch.condition)
            }
            earlier.append(branch.condition)
        }
        return result
    }
}

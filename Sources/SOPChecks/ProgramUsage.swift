import SOPGraph

/// Which inputs some guard or switch of the program reads, and which outcomes some branch ends in: one
/// pass over every node, made once per run and shared by the checks of every SOP (each SOP's own pass
/// over the whole program made a library's check grow with the square of its size).
package struct ProgramUsage: Sendable {
    /// Per input, whether a guard or a switch anywhere reads it.
    package private(set) var inputsRead: [Bool]
    /// Per outcome, whether a branch anywhere ends in it.
    package private(set) var outcomesTargeted: [Bool]

    package init(_ program: Program) {
        inputsRead = Array(repeating: false, count: program.inputs.count)
        outcomesTargeted = Array(repeating: false, count: program.outcomes.count)
        for node in program.nodes {
            if case .switch(let input) = node.form { inputsRead[input.index] = true }
            for branch in node.branches {
                markRead(branch.condition)
                if case .outcome(let o)? = branch.target { outcomesTargeted[o.index] = true }
            }
        }
    }

    private mutating func markRead(_ g: Guard) {
        // Iterative: a condition may be long (an `and` of thousands of terms) though never deep.
        var stack = [g]
        while let g = stack.popLast() {
            switch g {
            case .constant: break
            case .not(let inner): stack.append(inner)
            case .and(let parts), .or(let parts): stack.append(contentsOf: parts)
            case .compare(let id, _, _), .oneOf(let id, _), .contains(let id, _): inputsRead[id.index] = true
            }
        }
    }
}

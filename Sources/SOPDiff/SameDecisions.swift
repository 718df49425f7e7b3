import SOPCore
import SOPGraph
import SOPSolver

/// Whether two versions of a SOP make the same decisions by construction: the same tree up to node names
/// and the order of branches that cannot both apply. When they do, every case walks the same branches in
/// both and ends in the same outcome, so the versions are equivalent without asking the solver anything;
/// this is what a pure refactor looks like, and it is decided in time linear in the tree.
///
/// Each node of the merged program gets a canonical number bottom-up: two nodes get the same number exactly
/// when they have the same form, the same match mode and, branch by branch, the same guard and targets with
/// the same number (outcomes compare as `same` says). Branches are put in a canonical order where their
/// order cannot matter: the cases of a switch (distinct values of one input), and the `when` branches of an
/// `exclusive` node whose guards are proven pairwise disjoint. An `else` stays last. Equal numbers are a
/// proof; different numbers prove nothing (the caller then runs the full comparison).
struct SameDecisions {
    private struct BranchKey: Hashable {
        var condition: Guard
        var isElse: Bool
        /// `>= 0`: a node's canonical number; `< 0`: an outcome's key; `Int.min`: no target.
        var target: Int
    }

    private struct NodeKey: Hashable {
        var form: Int
        var match: MatchMode
        var branches: [BranchKey]
    }

    private let program: Program
    private let outcomeKey: [OutcomeID: Int]
    private let solver: Solver
    private var numbers: [Int?]
    private var interned: [NodeKey: Int] = [:]

    /// `same` maps an outcome of the old version to the new outcome it is the same as (by name).
    init(program: Program, same: [OutcomeID: OutcomeID]) {
        self.program = program
        // Outcomes compare by what they are the same as: an old outcome takes its new twin's key.
        var keys: [OutcomeID: Int] = [:]
        for o in program.outcomes { keys[o.id] = -1 - o.id.index }
        for (old, new) in same { keys[old] = -1 - new.index }
        outcomeKey = keys
        solver = Solver(program: program)
        numbers = Array(repeating: nil, count: program.nodes.count)
    }

    /// Whether `old` and `new` (SOPs of the merged program) decide every case alike, by construction.
    mutating func equivalent(_ old: SOPID, _ new: SOPID) -> Bool {
        guard let a = program[old].start, let b = program[new].start else { return false }
        return number(a) == number(b)
    }

    /// The canonical number of every node reachable from either version's start (nil elsewhere): two nodes
    /// with the same number end every case alike, so a comparison can stop at them.
    mutating func numbers(_ old: SOPID, _ new: SOPID) -> [Int?] {
        for s in [old, new] { if let start = program[s].start { _ = number(start) } }
        return numbers
    }

    /// The canonical number of `root`, numbering its descendants first (an explicit stack: a SOP may be
    /// thousands of nodes deep).
    private mutating func number(_ root: NodeID) -> Int {
        if let n = numbers[root.index] { return n }
        var stack: [NodeID] = [root]
        while let node = stack.last {
            if numbers[node.index] != nil {
                stack.removeLast()
                continue
            }
            let pending = program[node].branches.compactMap { $0.target.flatMap(program.entryNode(of:)) }.filter { numbers[$0.index] == nil }
            if !pending.isEmpty {
                stack += pending
                continue
            }
            stack.removeLast()
            numbers[node.index] = intern(program[node])
        }
        return numbers[root.index]!
    }

    private mutating func intern(_ node: Node) -> Int {
        var own: [BranchKey] = []
        var rest: [BranchKey] = []
        for b in node.branches {
            let target: Int
            switch b.target {
            case .outcome(let o)?: target = outcomeKey[o] ?? Int.min
            case let t?: target = program.entryNode(of: t).flatMap { numbers[$0.index] } ?? Int.min
            case nil: target = Int.min
            }
            let key = BranchKey(condition: b.condition, isElse: b.isElse, target: target)
            if b.isElse { rest.append(key) } else { own.append(key) }
        }
        let form: Int
        switch node.form {
        case .switch(let input):
            form = input.index
            own.sort { String(describing: $0.condition) < String(describing: $1.condition) }
        case .branches:
            form = -1
            if node.match == .exclusive && own.count > 1 && disjoint(own.map(\.condition), node.sop) {
                own.sort { (String(describing: $0.condition), $0.target) < (String(describing: $1.condition), $1.target) }
            }
        }
        let key = NodeKey(form: form, match: node.match, branches: own + rest)
        if let n = interned[key] { return n }
        let n = interned.count
        interned[key] = n
        return n
    }

    /// Whether no case satisfies two of `guards` (a small query each; nothing is claimed past the bound).
    private func disjoint(_ guards: [Guard], _ sop: SOPID) -> Bool {
        for i in guards.indices {
            for j in guards.indices where j > i {
                guard solver.solve(.and([guards[i], guards[j]]), in: sop) == .unsatisfiable else { return false }
            }
        }
        return true
    }
}

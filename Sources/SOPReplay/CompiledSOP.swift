import SOPCore
import SOPGraph

/// A SOP's decision graph flattened into integer tables: the walk replay runs once per sample.
///
/// `Program.walk` evaluates `Guard` trees over `Value`s; at a million samples a second its string
/// compares, array copies and reference counting (contended between worker threads) dominate. Here every
/// input value is encoded as integers (bool 0/1, enum value index, int as is, string as the index of the
/// guard literal it equals or -1, set as bitmask words) and every guard as nodes of a flat array, so a walk
/// touches no reference-counted memory. The decision rule and three-valued logic are exactly
/// `Program.decide` and `Guard.evaluate`; a test checks the two walks agree on generated cases.
final class CompiledSOP: Sendable {
    /// One guard operation. Children of `and`/`or` are `children[a..<a+b]`; `oneOf` literals are
    /// `literals[b..<b+c]`.
    struct Op: Sendable {
        enum Kind: UInt8, Sendable { case constant, not, and, or, compareInt, equal, notEqual, oneOf, contains, known }
        var kind: Kind
        /// Input id (for value ops) or first child.
        var a: Int32
        var b: Int32
        var c: Int
        /// `compareInt`: the operator; `known`: the constant it yields once the input is set.
        var op: ComparisonOperator = .equal
    }

    struct CompiledBranch: Sendable {
        var guardRoot: Int32
        var isElse: Bool
        /// >= 0: node index; < 0: `-(outcome index) - 1`; `Int32.min` for an unresolved target.
        var target: Int32
    }

    struct CompiledNode: Sendable {
        var firstBranch: Int32
        var branchCount: Int32
        var first: Bool
        var readsStart: Int32
        var readsCount: Int32
    }

    let ops: [Op]
    let children: [Int32]
    let literals: [Int]
    let branches: [CompiledBranch]
    let nodes: [CompiledNode]
    /// Inputs each node's branches read, for `missingInput`.
    let reads: [Int32]
    /// Per input (by `InputID` index): where its encoded value starts in a row's value array.
    let offset: [Int32]
    /// Values a row holds.
    let width: Int
    let start: Int32
    let nodeLimit: Int
    /// `ReplayGraph`'s reachable-outcome bitsets, copied so each worker reads its own.
    let reach: [UInt64]
    let words: Int

    init(graph: ReplayGraph, strings: [Int: [String: Int]]) {
        let program = graph.program
        reach = graph.reach.map { $0 }
        words = graph.words
        var offset = [Int32](repeating: -1, count: program.inputs.count)
        var w = 0
        for input in program.inputs {
            offset[input.id.index] = Int32(w)
            if case .set(let values) = input.type { w += max(1, (values.count + 63) / 64) } else { w += 1 }
        }
        self.offset = offset
        width = w

        var ops: [Op] = []
        var children: [Int32] = []
        var literals: [Int] = []
        /// The literal's code for an input (text by `CanonicalText`'s rule, through `String` equality), or
        /// nil when the types differ.
        func code(_ l: Literal, _ input: InputID) -> Int? {
            switch (program.inputs[input.index].type, l) {
            case (.bool, .bool(let b)): return b ? 1 : 0
            case (.int, .int(let i)): return i
            case (.enumeration(let values), .string(let s)): return values.firstIndex(of: s) ?? -2
            case (.string, .string(let s)): return strings[input.index]?[s] ?? -2
            default: return nil
            }
        }
        func compile(_ g: Guard) -> Int32 {
            let index = Int32(ops.count)
            switch g {
            case .constant(let b):
                ops.append(Op(kind: .constant, a: 0, b: 0, c: b ? 1 : 0))
            case .not(let inner):
                ops.append(Op(kind: .not, a: 0, b: 0, c: 0))
                let child = compile(inner)
                ops[Int(index)].a = child
            case .and(let parts), .or(let parts):
                ops.append(Op(kind: g.isAnd ? .and : .or, a: 0, b: Int32(parts.count), c: 0))
                let compiled = parts.map(compile)
                ops[Int(index)].a = Int32(children.count)
                children += compiled
            case .compare(let id, let op, let literal):
                let isInt: Bool
                if case .int = program.inputs[id.index].type { isInt = true } else { isInt = false }
                // `Comparison`'s rule, decided here as far as it does not depend on the row.
                if let c = code(literal, id) {
                    if isInt {
                        ops.append(Op(kind: .compareInt, a: Int32(id.index), b: 0, c: c, op: op))
                    } else if Comparison.holds(equal: true, op) != Comparison.holds(equal: false, op) {
                        ops.append(Op(kind: Comparison.holds(equal: true, op) ? .equal : .notEqual, a: Int32(id.index), b: 0, c: c))
                    } else {
                        ops.append(Op(kind: .known, a: Int32(id.index), b: 0, c: Comparison.holds(equal: true, op) ? 1 : 0))
                    }
                } else {
                    ops.append(Op(kind: .known, a: Int32(id.index), b: 0, c: Comparison.holdsAcrossTypes(op) ? 1 : 0))
                }
            case .oneOf(let id, let list):
                let start = literals.count
                for l in list { literals.append(code(l, id) ?? Int.min) }
                ops.append(Op(kind: .oneOf, a: Int32(id.index), b: Int32(start), c: list.count))
            case .contains(let id, let member):
                var c = -1
                if case .set(let values) = program.inputs[id.index].type, let i = values.firstIndex(of: member) { c = i }
                ops.append(Op(kind: .contains, a: Int32(id.index), b: 0, c: c))
            }
            return index
        }

        var branches: [CompiledBranch] = []
        var nodes: [CompiledNode] = []
        var reads: [Int32] = []
        for node in program.nodes {
            let first = Int32(branches.count)
            var nodeReads: [Int32] = []
            for b in node.branches {
                for i in b.condition.inputs where !nodeReads.contains(Int32(i.index)) { nodeReads.append(Int32(i.index)) }
                let target: Int32
                switch b.target {
                case .outcome(let o)?: target = -Int32(o.index) - 1
                case let t?: target = program.entryNode(of: t).map { Int32($0.index) } ?? Int32.min
                case nil: target = Int32.min
                }
                branches.append(CompiledBranch(guardRoot: compile(b.condition), isElse: b.isElse, target: target))
            }
            nodes.append(CompiledNode(firstBranch: first, branchCount: Int32(node.branches.count), first: node.match == .first,
                                      readsStart: Int32(reads.count), readsCount: Int32(nodeReads.count)))
            reads += nodeReads
        }
        self.ops = ops
        self.children = children
        self.literals = literals
        self.branches = branches
        self.nodes = nodes
        self.reads = reads
        start = program.sops[graph.sop.index].start.map { Int32($0.index) } ?? -1
        nodeLimit = program.nodes.count
    }

    /// How a walk ended.
    enum End: Equatable {
        case outcome(Int)
        case missingInput(Int)
        case noBranch(Int)
        case malformed
    }

    // MARK: - Walking

    /// Walks an encoded row, appending `(node, branch)` to `steps`.
    func walk(_ row: borrowing EncodedRow, steps: inout [Walk.Step]) -> End {
        steps.removeAll(keepingCapacity: true)
        guard start >= 0 else { return .malformed }
        var current = Int(start)
        while steps.count <= nodeLimit {
            let node = nodes[current]
            var unknown = false
            var chosen = -1
            var k = Int(node.firstBranch)
            let end = k + Int(node.branchCount)
            var elseIndex = -1
            while k < end {
                let b = branches[k]
                if b.isElse {
                    elseIndex = k
                } else {
                    switch evaluate(Int(b.guardRoot), row) {
                    case 1:
                        if node.first && unknown { return .missingInput(current) }
                        chosen = k
                    case 2: unknown = true
                    default: break
                    }
                    if chosen >= 0 { break }
                }
                k += 1
            }
            if chosen < 0 {
                if unknown { return .missingInput(current) }
                // Only a last-position `else` counts, as in `Program.decide`.
                guard elseIndex == end - 1 else { return .noBranch(current) }
                chosen = elseIndex
            }
            steps.append(Walk.Step(node: NodeID(current), branch: chosen - Int(node.firstBranch)))
            let t = branches[chosen].target
            if t == Int32.min { return .malformed }
            if t < 0 { return .outcome(Int(-t - 1)) }
            current = Int(t)
        }
        return .malformed
    }

    /// Kleene logic: 0 false, 1 true, 2 unknown. Atoms follow `Comparison`: ints through it, the other
    /// types as the equality of codes it was compiled to.
    func evaluate(_ i: Int, _ row: borrowing EncodedRow) -> UInt8 {
        let op = ops[i]
        switch op.kind {
        case .constant:
            return op.c != 0 ? 1 : 0
        case .not:
            let v = evaluate(Int(op.a), row)
            return v == 2 ? 2 : 1 - v
        case .and:
            var unknown = false
            for k in Int(op.a)..<Int(op.a + op.b) {
                switch evaluate(Int(children[k]), row) {
                case 0: return 0
                case 2: unknown = true
                default: break
                }
            }
            return unknown ? 2 : 1
        case .or:
            var unknown = false
            for k in Int(op.a)..<Int(op.a + op.b) {
                switch evaluate(Int(children[k]), row) {
                case 1: return 1
                case 2: unknown = true
                default: break
                }
            }
            return unknown ? 2 : 0
        case .compareInt:
            guard row.isSet(Int(op.a)) else { return 2 }
            let v = row.values[Int(offset[Int(op.a)])]
            return Comparison.holds(v, op.op, op.c) ? 1 : 0
        case .equal, .notEqual:
            guard row.isSet(Int(op.a)) else { return 2 }
            let same = row.values[Int(offset[Int(op.a)])] == op.c
            return (same == (op.kind == .equal)) ? 1 : 0
        case .oneOf:
            guard row.isSet(Int(op.a)) else { return 2 }
            let v = row.values[Int(offset[Int(op.a)])]
            for k in Int(op.b)..<Int(op.b) + op.c where literals[k] == v { return 1 }
            return 0
        case .contains:
            guard row.isSet(Int(op.a)) else { return 2 }
            guard op.c >= 0 else { return 0 }
            let word = row.values[Int(offset[Int(op.a)]) + op.c >> 6]
            return UInt(bitPattern: word) & (1 << UInt(op.c & 63)) != 0 ? 1 : 0
        case .known:
            guard row.isSet(Int(op.a)) else { return 2 }
            return op.c != 0 ? 1 : 0
        }
    }

    /// `ReplayGraph.divergence(of:label:specialistPath:)` over this table's copy of the bitsets.
    func divergence(_ steps: [Walk.Step], label: Int, path: [NodeID]?) -> Divergence {
        guard !steps.isEmpty else { return .labelUnreachable }
        if let path, !path.isEmpty {
            var k = 0
            while k < steps.count && k < path.count && steps[k].node == path[k] { k += 1 }
            let step = steps[max(0, k - 1)]
            return .node(step.node, branch: step.branch)
        }
        let word = label >> 6, bit = UInt64(1) << UInt64(label & 63)
        var i = steps.count - 1
        while i >= 0 {
            let step = steps[i]
            let node = nodes[step.node.index]
            for b in 0..<Int(node.branchCount) where b != step.branch {
                if reach[(Int(node.firstBranch) + b) * words + word] & bit != 0 { return .node(step.node, branch: step.branch) }
            }
            i -= 1
        }
        return .labelUnreachable
    }

    /// The inputs a node reads that the row leaves unset.
    func missing(at node: Int, _ row: borrowing EncodedRow) -> [InputID] {
        let n = nodes[node]
        return reads[Int(n.readsStart)..<Int(n.readsStart + n.readsCount)].filter { !row.isSet(Int($0)) }.map { InputID(Int($0)) }
    }
}

extension Guard {
    fileprivate var isAnd: Bool {
        if case .and = self { return true }
        return false
    }
}


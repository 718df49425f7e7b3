import SOPCore
import SOPGraph

/// Test helpers on the shared seeded generator.
extension SplitMix64 {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Builds small random programs straight as `Program` values: a main SOP with a DAG of nodes, sometimes
/// calling a second SOP it imports.
struct RandomProgramBuilder {
    var rng: SplitMix64
    var program = Program()
    static let range = SourceRange.fileStart

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    mutating func build() -> Program {
        let withCallee = rng.chance(0.25)
        let main = addSOP("main")
        var callee: SOPID?
        if withCallee {
            let c = addSOP("sub")
            callee = c
            program.sops[main.index].imports = [c]
            addInputs(to: c, count: rng.int(1...2))
            addOutcomes(to: c, count: 2)
        }
        addInputs(to: main, count: rng.int(1...(withCallee ? 3 : 4)))
        addOutcomes(to: main, count: rng.int(2...3))
        if let c = callee { addNodes(to: c, count: rng.int(1...4), callee: nil) }
        addNodes(to: main, count: rng.int(2...12), callee: callee)
        return program
    }

    private mutating func addSOP(_ name: String) -> SOPID {
        let id = SOPID(program.sops.count)
        program.sops.append(SOP(id: id, name: name, title: name, file: "\(name).sop.yaml", range: Self.range))
        return id
    }

    private mutating func addInputs(to sop: SOPID, count: Int) {
        for k in 0..<count {
            let type: InputType
            switch rng.int(0...5) {
            case 0: type = .bool
            case 1: type = .enumeration(Array(["a", "b", "c"].prefix(rng.int(2...3))))
            case 2, 3: type = .int(lower: 0, upper: 5)
            case 4: type = .set(["x", "y"])
            default: type = .string
            }
            let id = InputID(program.inputs.count)
            let name = "\(program[sop].name == "main" ? "i" : "s")\(k)"
            program.inputs.append(Input(id: id, name: name, qualifiedName: "\(program[sop].name).\(name)", sop: sop, type: type, question: nil, range: Self.range))
            program.sops[sop.index].inputs.append(id)
        }
    }

    private mutating func addOutcomes(to sop: SOPID, count: Int) {
        for k in 0..<count {
            let id = OutcomeID(program.outcomes.count)
            let name = "o\(k)"
            program.outcomes.append(Outcome(id: id, name: name, qualifiedName: "\(program[sop].name).\(name)", sop: sop, title: name, severity: nil, range: Self.range))
            program.sops[sop.index].outcomes.append(id)
        }
    }

    private mutating func addNodes(to sop: SOPID, count: Int, callee: SOPID?) {
        let first = program.nodes.count
        let inputs = program.visibleInputs(of: sop)
        for k in 0..<count {
            let id = NodeID(first + k)
            var later: [Target] = ((k + 1)..<count).map { .node(NodeID(first + $0)) }
            if let callee { later.append(.call(callee)) }
            func target(_ rng: inout SplitMix64) -> Target {
                if !later.isEmpty && rng.chance(0.6) { return rng.pick(later) }
                return .outcome(rng.pick(program[sop].outcomes))
            }
            var form = Node.Form.branches
            var branches: [Branch] = []
            var match = MatchMode.exclusive
            let switchable = inputs.filter { if case .set = program[$0].type { return false }; if case .string = program[$0].type { return false }; return true }
            if !switchable.isEmpty && rng.chance(0.3) {
                let on = rng.pick(switchable)
                form = .switch(on)
                for v in literals(of: on) where rng.chance(0.7) {
                    branches.append(Branch(kind: .case(v), condition: .compare(on, .equal, v), target: target(&rng), range: Self.range, targetRange: Self.range, allow: []))
                }
            } else {
                match = rng.chance(0.5) ? .first : .exclusive
                for _ in 0..<rng.int(1...4) {
                    let g = guardExpression(inputs, depth: 2)
                    branches.append(Branch(kind: .when(source: "\(g)"), condition: g, target: target(&rng), range: Self.range, targetRange: Self.range, allow: []))
                }
            }
            if branches.isEmpty || rng.chance(0.4) {
                branches.append(Branch(kind: .else, condition: .true, target: target(&rng), range: Self.range, targetRange: Self.range, allow: []))
            }
            program.nodes.append(Node(id: id, name: "n\(k)", sop: sop, question: "?", guidance: nil, form: form, match: match, branches: branches, allow: [], range: Self.range))
            program.sops[sop.index].nodes.append(id)
        }
        program.sops[sop.index].start = NodeID(first)
    }

    private func literals(of input: InputID) -> [Literal] {
        switch program[input].type {
        case .bool: return [.bool(false), .bool(true)]
        case .enumeration(let values): return values.map(Literal.string)
        case .int(let lo, let hi): return (lo...hi).map(Literal.int)
        default: return []
        }
    }

    /// A random guard over the first SOP's inputs of `program`.
    mutating func randomGuard(over program: Program, depth: Int = 3) -> Guard {
        self.program = program
        return guardExpression(program.sops[0].inputs, depth: depth)
    }

    private mutating func guardExpression(_ inputs: [InputID], depth: Int) -> Guard {
        if depth > 0 && rng.chance(0.35) {
            switch rng.int(0...2) {
            case 0: return .not(guardExpression(inputs, depth: depth - 1))
            case 1: return .and((0..<rng.int(2...3)).map { _ in guardExpression(inputs, depth: depth - 1) })
            default: return .or((0..<rng.int(2...3)).map { _ in guardExpression(inputs, depth: depth - 1) })
            }
        }
        if rng.chance(0.03) { return .constant(rng.chance(0.5)) }
        let input = rng.pick(inputs)
        switch program[input].type {
        case .bool:
            return .compare(input, rng.chance(0.5) ? .equal : .notEqual, .bool(rng.chance(0.5)))
        case .enumeration(let values):
            if rng.chance(0.3) { return .oneOf(input, values.filter { _ in rng.chance(0.5) }.map(Literal.string).ifEmpty(.string(values[0]))) }
            return .compare(input, rng.chance(0.7) ? .equal : .notEqual, .string(rng.pick(values)))
        case .int:
            if rng.chance(0.2) { return .oneOf(input, [.int(rng.int(-1...6)), .int(rng.int(0...5))]) }
            return .compare(input, rng.pick(ComparisonOperator.allCases), .int(rng.int(-1...6)))
        case .set(let members):
            return .contains(input, rng.pick(members))
        case .string:
            if rng.chance(0.3) { return .oneOf(input, [.string("p"), .string("q")]) }
            return .compare(input, rng.chance(0.6) ? .equal : .notEqual, .string(rng.pick(["p", "q"])))
        }
    }
}

extension Array {
    fileprivate func ifEmpty(_ fallback: Element) -> [Element] { isEmpty ? [fallback] : self }
}

// MARK: - Brute force

/// The exhaustive oracle: every assignment of every visible input, and the nodes each reaches when every
/// branch whose effective guard holds is followed (the semantics path conditions describe).
struct BruteForce {
    let program: Program
    let sop: SOPID
    let inputs: [InputID]
    let cases: [Case]
    /// Per case, the set of nodes it reaches.
    let reached: [Set<NodeID>]
    let effective: [NodeID: [Guard]]
    let graphReachable: Set<NodeID>

    init(program: Program, sop: SOPID) {
        self.program = program
        self.sop = sop
        inputs = program.visibleInputs(of: sop)
        var cases = [Case(inputCount: program.inputs.count)]
        for id in inputs {
            let values: [Value]
            switch program[id].type {
            case .bool: values = [.bool(false), .bool(true)]
            case .enumeration(let v): values = v.map(Value.string)
            case .int(let lo, let hi): values = (lo...hi).map(Value.int)
            case .set(let members):
                values = (0..<(1 << members.count)).map { mask in .set(members.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)) }
            case .string: values = [.string("p"), .string("q"), .string("zz")]
            }
            cases = cases.flatMap { c in values.map { v in var d = c; d[id] = v; return d } }
        }
        self.cases = cases
        var effective: [NodeID: [Guard]] = [:]
        for node in program.nodes { effective[node.id] = program.effectiveGuards(of: node) }
        self.effective = effective
        var graph: Set<NodeID> = []
        if let start = program[sop].start {
            var stack = [start]
            graph.insert(start)
            while let n = stack.popLast() {
                for b in program[n].branches {
                    if let t = b.target, let m = program.entryNode(of: t), graph.insert(m).inserted { stack.append(m) }
                }
            }
        }
        graphReachable = graph
        reached = cases.map { Self.reached(by: $0, program, sop, effective) }
    }

    /// The nodes `c` reaches from `sop`'s start, following every branch whose effective guard holds.
    static func reached(by c: Case, _ program: Program, _ sop: SOPID, _ effective: [NodeID: [Guard]]) -> Set<NodeID> {
        var seen: Set<NodeID> = []
        guard let start = program[sop].start else { return seen }
        var stack = [start]
        seen.insert(start)
        while let n = stack.popLast() {
            for (i, b) in program[n].branches.enumerated() where effective[n]![i].evaluate(c) == true {
                if let t = b.target, let m = program.entryNode(of: t), seen.insert(m).inserted { stack.append(m) }
            }
        }
        return seen
    }

    func cases(reaching n: NodeID) -> [Case] {
        zip(cases, reached).filter { $0.1.contains(n) }.map(\.0)
    }
}

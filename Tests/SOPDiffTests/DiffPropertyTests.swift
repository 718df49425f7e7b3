import SOPCore
import SOPDiff
import SOPGraph
import Testing

/// `SOPDiff` against brute force: random SOPs, realistic edits, every case of the small domains walked
/// through both versions.
@Suite struct DiffPropertyTests {
    static let range = SourceRange.fileStart

    struct Gen {
        var rng: SplitMix64
        mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    }

    /// A valid SOP: `first` nodes with an `else` and switches covering every value, in a DAG.
    static func program(_ g: inout Gen) -> Program {
        var p = Program()
        p.sops.append(SOP(id: SOPID(0), name: "main", title: "main", file: "main.sop.yaml", range: range))
        let types: [InputType] = [.bool, .enumeration(["a", "b", "c"]), .int(lower: 0, upper: 6), .set(["x", "y"]), .string]
        for (k, t) in types.enumerated() {
            p.inputs.append(Input(id: InputID(k), name: "i\(k)", qualifiedName: "main.i\(k)", sop: SOPID(0), type: t, question: nil, range: range))
            p.sops[0].inputs.append(InputID(k))
        }
        for (k, s) in ["low", "medium", "high", "critical"].enumerated() {
            p.outcomes.append(Outcome(id: OutcomeID(k), name: "o\(k)", qualifiedName: "main.o\(k)", sop: SOPID(0), title: "o\(k)", severity: s, range: range))
            p.sops[0].outcomes.append(OutcomeID(k))
        }
        let count = g.int(2...7)
        for k in 0..<count {
            func target(_ g: inout Gen) -> Target {
                if k + 1 < count && g.chance(0.6) { return .node(NodeID(g.int((k + 1)...(count - 1)))) }
                return .outcome(OutcomeID(g.int(0...3)))
            }
            var branches: [Branch] = []
            var form = Node.Form.branches
            if g.chance(0.3) {
                let on = InputID(g.pick([0, 1]))
                form = .switch(on)
                let values: [Literal] = on.index == 0 ? [.bool(false), .bool(true)] : [.string("a"), .string("b"), .string("c")]
                for v in values where g.chance(0.8) {
                    branches.append(Branch(kind: .case(v), condition: .compare(on, .equal, v), target: target(&g), range: range, targetRange: range, allow: []))
                }
            } else {
                for _ in 0..<g.int(1...3) {
                    let c = atom(&g)
                    branches.append(Branch(kind: .when(source: "\(c)"), condition: c, target: target(&g), range: range, targetRange: range, allow: []))
                }
            }
            branches.append(Branch(kind: .else, condition: .true, target: target(&g), range: range, targetRange: range, allow: []))
            p.nodes.append(Node(id: NodeID(k), name: "n\(k)", sop: SOPID(0), question: "q\(k)?", guidance: nil, form: form,
                                match: .first, branches: branches, allow: [], range: range))
            p.sops[0].nodes.append(NodeID(k))
        }
        p.sops[0].start = NodeID(0)
        return p
    }

    static func atom(_ g: inout Gen) -> Guard {
        switch g.int(0...5) {
        case 0: return .compare(InputID(0), .equal, .bool(g.chance(0.5)))
        case 1: return g.chance(0.5) ? .compare(InputID(1), .equal, .string(g.pick(["a", "b", "c"]))) : .oneOf(InputID(1), [.string("a"), .string(g.pick(["b", "c"]))])
        case 2, 3: return .compare(InputID(2), g.pick([.less, .lessOrEqual, .greater, .greaterOrEqual]), .int(g.int(0...6)))
        case 4: return .contains(InputID(3), g.pick(["x", "y"]))
        default: return .and([.compare(InputID(4), .equal, .string("p")), .compare(InputID(2), .greater, .int(g.int(0...5)))])
        }
    }

    enum Edit: CaseIterable { case threshold, swap, enumValue, insertNode, equivalentRewrite, rename }

    /// The program after one realistic edit.
    static func edit(_ p: Program, _ e: Edit, _ g: inout Gen) -> Program {
        var q = p
        switch e {
        case .threshold:
            for n in q.nodes.indices.shuffled(using: &g.rng) {
                for b in q.nodes[n].branches.indices {
                    if case .compare(let i, let op, .int(let c)) = q.nodes[n].branches[b].condition {
                        q.nodes[n].branches[b].condition = .compare(i, op, .int(c + g.pick([-2, -1, 1, 2])))
                        return q
                    }
                }
            }
        case .swap:
            for n in q.nodes.indices.shuffled(using: &g.rng) where q.nodes[n].branches.count >= 3 {
                q.nodes[n].branches.swapAt(0, 1)
                return q
            }
        case .enumValue:
            q.inputs[1].type = .enumeration(["a", "b", "c", "d"])
            if g.chance(0.5), let n = q.nodes.indices.first(where: { q.nodes[$0].form == .branches }) {
                q.nodes[n].branches.insert(Branch(kind: .when(source: "i1 == 'd'"), condition: .compare(InputID(1), .equal, .string("d")),
                                                  target: .outcome(OutcomeID(g.int(0...3))), range: range, targetRange: range, allow: []), at: 0)
            }
        case .insertNode:
            // A new question in front of a branch's target: one way keeps the old target, the other may not.
            let n = g.int(0...(q.nodes.count - 1))
            let b = g.int(0...(q.nodes[n].branches.count - 1))
            guard let old = q.nodes[n].branches[b].target else { return q }
            let id = NodeID(q.nodes.count)
            let other: Target = g.chance(0.4) ? old : .outcome(OutcomeID(g.int(0...3)))
            q.nodes.append(Node(id: id, name: "inserted", sop: SOPID(0), question: "inserted?", guidance: nil, form: .branches, match: .first,
                                branches: [Branch(kind: .when(source: "x"), condition: atom(&g), target: other, range: range, targetRange: range, allow: []),
                                           Branch(kind: .else, condition: .true, target: old, range: range, targetRange: range, allow: [])],
                                allow: [], range: range))
            q.sops[0].nodes.append(id)
            q.nodes[n].branches[b].target = .node(id)
        case .equivalentRewrite:
            // `when g -> A; else -> B` becomes `when not g -> B; else -> A`, on every two-way node.
            for n in q.nodes.indices where q.nodes[n].branches.count == 2 && q.nodes[n].form == .branches {
                let first = q.nodes[n].branches[0], last = q.nodes[n].branches[1]
                q.nodes[n].branches[0] = Branch(kind: .when(source: "not"), condition: .not(first.condition), target: last.target, range: range, targetRange: range, allow: [])
                q.nodes[n].branches[1] = Branch(kind: .else, condition: .true, target: first.target, range: range, targetRange: range, allow: [])
            }
        case .rename:
            for n in q.nodes.indices { q.nodes[n].name = "renamed_\(q.nodes[n].name)" }
        }
        return q
    }

    /// Every case of the union domain, walked through both versions: the transitions by (region, from, to).
    static func bruteForce(_ old: Program, _ new: Program) -> Set<String> {
        var result: Set<String> = []
        for (c, inOld) in cases(old, new) {
            let to = new.walk(c, from: SOPID(0)).outcome.map { new[$0].name }
            if inOld {
                let from = old.walk(c, from: SOPID(0)).outcome.map { old[$0].name }
                if from != to { result.insert("both \(from ?? "-") \(to ?? "-")") }
            } else {
                result.insert("only-new - \(to ?? "-")")
            }
        }
        return result
    }

    /// Every case of the union domain, and whether the old version can express it.
    static func cases(_ old: Program, _ new: Program) -> [(Case, inOld: Bool)] {
        var result: [(Case, inOld: Bool)] = []
        for b in [false, true] {
            for e in new.inputs[1].type.values ?? [] {
                for i in 0...6 {
                    for s in [[], ["x"], ["y"], ["x", "y"]] {
                        for str in ["p", "q"] {
                            result.append((Case(values: [.bool(b), .string(e), .int(i), .set(s), .string(str)]), old.inputs[1].type.admits(.string(e))))
                        }
                    }
                }
            }
        }
        return result
    }

    @Test func transitionsEqualBruteForceForRealisticEdits() {
        var g = Gen(rng: SplitMix64(seed: 20261129))
        var seen: [Edit: Int] = [:]
        var changedPairs = 0
        var byStructure: [Edit: Int] = [:]
        for round in 0..<600 {
            let old = Self.program(&g)
            let kind = Edit.allCases[round % Edit.allCases.count]
            let new = Self.edit(old, kind, &g)
            let diff = SOPDiff(old: old, new: new)
            #expect(diff.sops.count == 1)
            guard let s = diff.sops.first else { continue }
            let found = Set(s.transitions.map { "\($0.region.rawValue) \($0.from ?? "-") \($0.to ?? "-")" })
            let expected = Self.bruteForce(old, new)
            #expect(found == expected, "round \(round), edit \(kind)")
            #expect(s.transitions.count == found.count)
            for t in s.transitions {
                // The witness walks to `from` in OLD and `to` in NEW.
                #expect(t.verified)
                if let c = t.oldCase { #expect(old.walk(c, from: SOPID(0)).outcome.map { old[$0].name } == t.from) }
                if let c = t.newCase { #expect(new.walk(c, from: SOPID(0)).outcome.map { new[$0].name } == t.to) }
                #expect(!t.routes.isEmpty)
            }
            if kind == .equivalentRewrite || kind == .rename { #expect(s.verdict == .equivalent, "round \(round)") }
            // A rename is the same tree: proven by structure, with nothing to solve. A structural proof is
            // only ever given where brute force finds no change.
            if kind == .rename { #expect(s.sameStructure, "round \(round)") }
            if s.sameStructure {
                #expect(expected.isEmpty, "round \(round): proven equivalent by structure, but cases change")
                byStructure[kind, default: 0] += 1
            }
            #expect((s.verdict == .equivalent) == expected.isEmpty)
            if !expected.isEmpty { changedPairs += 1 }
            seen[kind, default: 0] += expected.isEmpty ? 0 : 1
        }
        // The edits that change behaviour did so in many rounds, so the comparison above was not vacuous.
        #expect(changedPairs > 150)
        // Swapped branches of an exclusive node whose guards are disjoint are also the same tree.
        #expect(byStructure[.rename, default: 0] == 100 && byStructure[.swap, default: 0] > 0, "\(byStructure)")
        for kind in [Edit.threshold, .swap, .enumValue, .insertNode] { #expect(seen[kind, default: 0] > 10, "\(kind)") }
    }
}

import SOPCore
import SOPGraph
import SOPSolver
import Testing
@testable import SOPReplay

/// Every evaluator of guard atoms applies `Comparison`'s one rule set: `Guard.evaluate` (checks, tests,
/// `sopc run`), the solver (checks' verdicts and witnesses) and replay's compiled walk must give the same
/// answer for every operator, type and literal, on every value of small domains, including text that is
/// the same under NFC but spelled with different code points.
@Suite struct ComparisonAgreementTests {
    static let cafeNFC = "caf\u{E9}"
    static let cafeNFD = "cafe\u{301}"

    /// Each input type with every value tried (enum and set members also in their decomposed spelling).
    static let kinds: [(InputType, [Value])] = [
        (.bool, [.bool(false), .bool(true)]),
        (.int(lower: -2, upper: 2), (-2...2).map { .int($0) }),
        (.enumeration(["a", cafeNFC, "b"]), [.string("a"), .string(cafeNFC), .string(cafeNFD), .string("b")]),
        (.string, [.string("a"), .string(cafeNFC), .string(cafeNFD), .string("zz"), .string("")]),
        (.set(["m", cafeNFC]), [.set([]), .set(["m"]), .set([cafeNFD]), .set(["m", cafeNFC])]),
    ]

    /// Ints below, at and inside the bounds of `-2...2`; text in and out of the domains.
    static let literals: [Literal] = [.bool(false), .bool(true)] + [-3, -2, 0, 2, 3].map { .int($0) }
        + ["a", cafeNFC, cafeNFD, "zz"].map { .string($0) }

    static func atoms(_ x: InputID) -> [Guard] {
        var result: [Guard] = []
        for op in ComparisonOperator.allCases {
            for l in literals { result.append(.compare(x, op, l)) }
        }
        for (i, l) in literals.enumerated() {
            result.append(.oneOf(x, [l]))
            result.append(.oneOf(x, [l, literals[(i + 3) % literals.count]]))
        }
        for m in ["m", cafeNFC, cafeNFD, "q"] { result.append(.contains(x, m)) }
        return result
    }

    @Test func everyEvaluatorAgreesOnEveryOperatorAndType() throws {
        var compared = 0
        var answers: Set<Bool?> = []
        for (type, values) in Self.kinds {
            // One node with every atom as a branch: one compiled table holds them all.
            var b = TreeBuilder()
            let s = b.sop("s")
            let x = b.input("x", type, in: s)
            let yes = b.outcome("yes", in: s)
            let no = b.outcome("no", in: s)
            let n = b.declare("n", in: s)
            let atoms = Self.atoms(x)
            b.branches(n, match: .first, atoms.map { (.when(source: "atom"), $0, .outcome(yes)) } + [(.else, .true, .outcome(no))])
            let program = b.program
            let schema = SampleSchema(graph: ReplayGraph(program: program, sop: s), fields: FieldNames(), requireLabel: false)
            let slot = try #require(schema.names.firstIndex(of: "x"))
            let solver = Solver(program: program)
            var row = SampleRow(schema: schema)

            for (k, atom) in atoms.enumerated() {
                let root = Int(schema.compiled.branches[k].guardRoot)
                for value in [nil] + values.map(Optional.some) {
                    var c = Case(inputCount: 1)
                    c[x] = value
                    let expected = atom.evaluate(c)
                    answers.insert(expected)

                    row.reset()
                    if let value { #expect(assign(value, slot: slot, schema: schema, row: &row) == nil) }
                    let compiled = schema.compiled.evaluate(root, row.encoded)
                    #expect(compiled == (expected == nil ? 2 : expected! ? 1 : 0), "compiled walk: \(atom) on \(String(describing: value)) of \(type)")

                    if let value {
                        let pin = Self.pin(x, value, type)
                        #expect(solver.solve(.and([atom, pin]), over: [x]).isSatisfiable == (expected == true), "solver: \(atom) on \(value) of \(type)")
                        #expect(solver.solve(.and([.not(atom), pin]), over: [x]).isSatisfiable == (expected == false), "solver: not \(atom) on \(value) of \(type)")
                    }
                    compared += 1
                }
                // Over the whole domain: the solver finds a case exactly when brute force does, and its
                // witness makes the atom hold.
                let holds = values.filter { v in var c = Case(inputCount: 1); c[x] = v; return atom.evaluate(c) == true }
                switch solver.solve(atom, over: [x]) {
                case .satisfiable(let w): #expect(atom.evaluate(w) == true, "witness of \(atom) in \(type)")
                default: #expect(holds.isEmpty, "solver misses a case of \(atom) in \(type)")
                }
            }
        }
        #expect(compared > 2000)
        #expect(answers == [true, false, nil])
    }

    /// A guard that holds exactly for `value`.
    static func pin(_ x: InputID, _ value: Value, _ type: InputType) -> Guard {
        switch value {
        case .bool(let b): return .compare(x, .equal, .bool(b))
        case .int(let i): return .compare(x, .equal, .int(i))
        case .string(let s): return .compare(x, .equal, .string(s))
        case .set(let members):
            let all = type.values ?? []
            return .and(all.map { m in members.contains(m) ? .contains(x, m) : .not(.contains(x, m)) })
        }
    }

    func assign(_ value: Value, slot: Int, schema: SampleSchema, row: inout SampleRow) -> RowError? {
        switch value {
        case .bool(let b): return schema.assignBool(b, slot: slot, row: &row)
        case .int(let i): return schema.assignInt(i, slot: slot, row: &row)
        case .string(let t): return Array(t.utf8).withUnsafeBufferPointer { schema.assignText($0, slot: slot, csv: false, row: &row) }
        case .set(let members):
            let text = Array(("[" + members.joined(separator: ", ") + "]").utf8)
            return text.withUnsafeBufferPointer { schema.assignText($0, slot: slot, csv: true, row: &row) }
        }
    }

    @Test func theRuleItself() {
        #expect(Comparison.holds(.string(Self.cafeNFC), .equal, .string(Self.cafeNFD)))
        #expect(!Comparison.holds(.string(Self.cafeNFC), .notEqual, .string(Self.cafeNFD)))
        #expect(!Comparison.holds(.string("a"), .less, .string("b")))
        #expect(Comparison.holds(.int(1), .less, .int(2)))
        #expect(!Comparison.holds(.bool(true), .equal, .int(1)))
        #expect(Comparison.holds(.bool(true), .notEqual, .int(1)))
        #expect(Comparison.contains([Self.cafeNFD], Self.cafeNFC))
        // No compatibility mapping, no case folding.
        #expect(!Comparison.holds(.string("\u{FB01}"), .equal, .string("fi")))
        #expect(!Comparison.holds(.string("A"), .equal, .string("a")))
    }
}

extension SolveResult {
    var isSatisfiable: Bool {
        if case .satisfiable = self { return true }
        return false
    }
}

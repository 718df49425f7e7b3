import SOPCore
import SOPGraph
import SOPSolver
import Testing

/// A program with one SOP declaring the given inputs, for solver queries.
private func program(_ types: [(String, InputType)]) -> Program {
    var p = Program()
    p.sops.append(SOP(id: SOPID(0), name: "t", title: "t", file: "t.sop.yaml", range: .fileStart))
    for (i, (name, type)) in types.enumerated() {
        p.inputs.append(Input(id: InputID(i), name: name, qualifiedName: "t.\(name)", sop: SOPID(0), type: type, question: nil, range: .fileStart))
        p.sops[0].inputs.append(InputID(i))
    }
    return p
}

private let x = InputID(0)
private let y = InputID(1)

private func solve(_ p: Program, _ g: Guard) -> SolveResult {
    Solver(program: p).solve(g, in: SOPID(0))
}

/// The witness, checked to satisfy the formula and to be complete and within the domains.
private func witness(_ p: Program, _ g: Guard, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Case? {
    guard case .satisfiable(let c) = solve(p, g) else {
        Issue.record("expected satisfiable", sourceLocation: sourceLocation)
        return nil
    }
    #expect(g.evaluate(c) == true, sourceLocation: sourceLocation)
    for input in p.inputs {
        #expect(c[input.id].map(input.type.admits) == true, sourceLocation: sourceLocation)
    }
    return c
}

@Suite struct SolverTests {
    @Test func boolsAndContradictions() {
        let p = program([("a", .bool), ("b", .bool)])
        let a = Guard.compare(x, .equal, .bool(true))
        #expect(witness(p, a)?[x] == .bool(true))
        #expect(witness(p, .not(a))?[x] == .bool(false))
        #expect(solve(p, .and([a, .not(a)])) == .unsatisfiable)
        #expect(solve(p, .false) == .unsatisfiable)
        // The first value of each input is preferred: false.
        #expect(witness(p, .true) == Case(values: [.bool(false), .bool(false)]))
        #expect(Solver(program: p).isTautology(.or([a, .not(a)])) == true)
        #expect(Solver(program: p).isTautology(a) == false)
    }

    @Test func enums() {
        let p = program([("region", .enumeration(["EU", "US", "APAC"]))])
        let notEU = Guard.compare(x, .notEqual, .string("EU"))
        #expect(witness(p, notEU)?[x] == .string("US"))
        let g = Guard.and([notEU, .compare(x, .notEqual, .string("US"))])
        #expect(witness(p, g)?[x] == .string("APAC"))
        #expect(solve(p, .and([g, .compare(x, .notEqual, .string("APAC"))])) == .unsatisfiable)
        #expect(solve(p, .oneOf(x, [.string("MARS")])) == .unsatisfiable)
        #expect(Solver(program: p).isTautology(.oneOf(x, [.string("EU"), .string("US"), .string("APAC")])) == true)
    }

    @Test func intBoundariesInDeclaredRange() {
        let p = program([("age", .int(lower: 0, upper: 120))])
        #expect(witness(p, .compare(x, .greaterOrEqual, .int(21)))?[x] == .int(21))
        #expect(witness(p, .compare(x, .less, .int(18)))?[x] == .int(0))
        #expect(solve(p, .compare(x, .less, .int(0))) == .unsatisfiable)
        #expect(solve(p, .compare(x, .greater, .int(120))) == .unsatisfiable)
        #expect(witness(p, .compare(x, .equal, .int(120)))?[x] == .int(120))
        let between = Guard.and([.compare(x, .greater, .int(17)), .compare(x, .less, .int(19))])
        #expect(witness(p, between)?[x] == .int(18))
        #expect(solve(p, .and([between, .compare(x, .notEqual, .int(18))])) == .unsatisfiable)
        #expect(solve(p, .and([.compare(x, .less, .int(18)), .compare(x, .greaterOrEqual, .int(21))])) == .unsatisfiable)
    }

    @Test func intExtremes() {
        let p = program([("n", .int(lower: .min, upper: .max))])
        #expect(solve(p, .compare(x, .less, .int(.min))) == .unsatisfiable)
        #expect(solve(p, .compare(x, .greater, .int(.max))) == .unsatisfiable)
        #expect(witness(p, .compare(x, .lessOrEqual, .int(.min)))?[x] == .int(.min))
        #expect(witness(p, .compare(x, .greaterOrEqual, .int(.max)))?[x] == .int(.max))
        #expect(witness(p, .compare(x, .notEqual, .int(.max)))?[x] == .int(0))
        #expect(witness(p, .compare(x, .notEqual, .int(0)))?[x] == .int(1))
        #expect(witness(p, .compare(x, .less, .int(-5)))?[x] == .int(-6))
        #expect(Solver(program: p).isTautology(.or([.compare(x, .less, .int(.max)), .compare(x, .equal, .int(.max))])) == true)
        #expect(Solver(program: p).isTautology(.or([.compare(x, .greater, .int(.min)), .compare(x, .equal, .int(.max))])) == false)
        let g = Guard.and([.compare(x, .greater, .int(.max - 1)), .compare(x, .less, .int(.min + 1))])
        #expect(solve(p, g) == .unsatisfiable)
    }

    @Test func setsAreIndependentMembers() {
        let p = program([("changes", .set(["2fa", "email", "phone"]))])
        let twoFA = Guard.contains(x, "2fa"), email = Guard.contains(x, "email")
        #expect(witness(p, .and([twoFA, email]))?[x] == .set(["2fa", "email"]))
        #expect(witness(p, .and([.not(twoFA), .not(email)]))?[x] == .set([]))
        #expect(solve(p, .and([twoFA, .not(twoFA)])) == .unsatisfiable)
        #expect(solve(p, .contains(x, "undeclared")) == .unsatisfiable)
    }

    @Test func stringsHaveOneFreshValue() {
        let p = program([("reason", .string)])
        let spam = Guard.compare(x, .equal, .string("spam"))
        let fraud = Guard.compare(x, .equal, .string("fraud"))
        #expect(witness(p, spam)?[x] == .string("spam"))
        let other = witness(p, .and([.not(spam), .not(fraud)]))?[x]
        #expect(other != nil && other != .string("spam") && other != .string("fraud"))
        #expect(solve(p, .and([spam, fraud])) == .unsatisfiable)
        #expect(solve(p, .and([.oneOf(x, [.string("a"), .string("b")]), .compare(x, .notEqual, .string("a")), .compare(x, .notEqual, .string("b"))])) == .unsatisfiable)
        // A literal named like the fresh value must not collide with it.
        let empty = Guard.compare(x, .equal, .string(""))
        let fresh = witness(p, .and([.not(empty), .not(spam)]))?[x]
        #expect(fresh != .string("") && fresh != .string("spam"))
    }

    @Test func mixedFormulaAndLimit() {
        let p = program([("a", .int(lower: 0, upper: 100)), ("b", .enumeration(["x", "y"]))])
        let g = Guard.or([
            .and([.compare(x, .less, .int(10)), .compare(y, .equal, .string("y"))]),
            .and([.compare(x, .greater, .int(90)), .compare(y, .equal, .string("x"))]),
        ])
        #expect(witness(p, g) == Case(values: [.int(0), .string("y")]))
        #expect(solve(p, .and([g, .compare(x, .greaterOrEqual, .int(10)), .compare(x, .lessOrEqual, .int(90))])) == .unsatisfiable)
        // A bound too small to build the formula reports the limit instead of an answer.
        #expect(Solver(program: p).solve(g, in: SOPID(0), limit: 1) == .limitReached)
    }

    @Test func witnessesAgreeWithBruteForceOnRandomFormulas() {
        let p = program([("a", .int(lower: 0, upper: 5)), ("b", .enumeration(["u", "v", "w"])), ("c", .bool), ("d", .set(["x", "y"]))])
        var builder = RandomProgramBuilder(seed: 7)
        let oracle = BruteForce(program: p, sop: SOPID(0))
        var satisfiable = 0
        for _ in 0..<500 {
            let g = builder.randomGuard(over: p)
            let truth = oracle.cases.contains { g.evaluate($0) == true }
            switch solve(p, g) {
            case .satisfiable(let c):
                satisfiable += 1
                #expect(truth && g.evaluate(c) == true, "\(g)")
            case .unsatisfiable:
                #expect(!truth, "\(g)")
            case .limitReached:
                Issue.record("limit on a small formula")
            }
        }
        #expect(satisfiable > 100 && satisfiable < 500)
    }

    @Test func simplifierMergesBoundsAndValues() {
        let p = program([("age", .int(lower: .min, upper: .max)), ("region", .enumeration(["EU", "US", "APAC"]))])
        let s = Solver(program: p)
        let g = Guard.and([.compare(x, .greaterOrEqual, .int(18)), .compare(x, .lessOrEqual, .int(64)), .compare(x, .greater, .int(10))])
        #expect(s.simplify(g, from: SOPID(0)) == "18 <= age <= 64")
        #expect(s.simplify(.not(.compare(y, .equal, .string("APAC"))), from: SOPID(0)) == "region != 'APAC'")
        #expect(s.simplify(.or([.compare(y, .equal, .string("EU")), .compare(y, .equal, .string("US"))]), from: SOPID(0)) == "region != 'APAC'")
        #expect(s.simplify(.or([.compare(x, .less, .int(0)), .compare(x, .greaterOrEqual, .int(0))]), from: SOPID(0)) == "true")
        #expect(s.simplify(.and([.compare(x, .less, .int(0)), .compare(x, .greater, .int(0))]), from: SOPID(0)) == "false")
        let either = Guard.or([.compare(x, .less, .int(18)), .compare(y, .equal, .string("EU"))])
        #expect(s.simplify(either, from: SOPID(0)) == "age <= 17 or region == 'EU'")
        #expect(s.simplify(.compare(x, .notEqual, .int(5)), from: SOPID(0)) == "age != 5")
    }
}

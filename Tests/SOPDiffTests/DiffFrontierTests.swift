import SOPCompiler
import SOPCore
@testable import SOPDiff
import SOPGraph
import SOPSolver
import Testing

/// The comparison from the changed decisions first met (`ChangeImpact+Frontier.swift`) against brute
/// force and against the comparison from the start: the same transitions, exactly, whether the path
/// conditions of the changed nodes are kept exact or only asked about (`frontierExactSize: 0`).
@Suite struct DiffFrontierTests {
    /// Every case over the inputs of `old` (bools and small int ranges), walked through both versions:
    /// `from to` for each case whose outcome changes.
    static func bruteForce(_ old: Program, _ new: Program) -> Set<String> {
        var result: Set<String> = []
        for c in cases(old) {
            let from = old.walk(c, from: SOPID(0)).outcome.map { old[$0].name } ?? "-"
            let to = new.walk(c, from: SOPID(0)).outcome.map { new[$0].name } ?? "-"
            if from != to { result.insert("\(from) \(to)") }
        }
        return result
    }

    /// Every case over the inputs of `program` (bools and small int ranges).
    static func cases(_ program: Program) -> [Case] {
        var cases = [Case(values: [])]
        for input in program.inputs {
            let values: [Value]
            switch input.type {
            case .bool: values = [.bool(false), .bool(true)]
            case .int(let lo, let hi): values = (lo...hi).map { .int($0) }
            default: values = []
            }
            cases = cases.flatMap { c in values.map { Case(values: c.values + [$0]) } }
        }
        return cases
    }

    static func compile(_ s: String) -> Program {
        let result = Compiler.compile(source: s, path: "t.sop.yaml")
        #expect(!result.diagnostics.contains { $0.severity == .error }, "\(result.diagnostics)")
        return result.program
    }

    static let header = """
        sop: m
        title: M
        inputs:
          f0: bool
          f1: bool
          f2: bool
          f3: bool
          f4: bool
          x: { type: int, range: [0, 9] }
        outcomes:
          o0: { title: O0, severity: low }
          o1: { title: O1, severity: high }
          o2: { title: O2, severity: medium }

        """

    /// A chain of `depth` diamonds named `prefix` (each `dK` asks a bool and both ways merge again at the
    /// next), ending in `end`; each side may end the walk early.
    static func chain(_ prefix: String, depth: Int, end: String) -> String {
        var out = ""
        for i in 0..<depth {
            let next = i + 1 < depth ? "\(prefix)d\(i + 1)" : end
            out += """
                  \(prefix)d\(i):
                    question: "D\(i)?"
                    branches:
                      - when: "f\(i % 5)"
                        then: \(prefix)a\(i)
                      - else: \(prefix)b\(i)
                  \(prefix)a\(i):
                    question: "A\(i)?"
                    match: first
                    branches:
                      - when: "x > \(i % 3)"
                        then: \(next)
                      - when: "f\((i + 1) % 5)"
                        then: \(prefix)b\(i)
                      - else: o0
                  \(prefix)b\(i):
                    question: "B\(i)?"
                    match: first
                    branches:
                      - when: "x < \(9 - i % 3) or f\((i + 2) % 5)"
                        then: \(next)
                      - else: o2

                """
        }
        return out
    }

    /// A node asking `x < threshold` first.
    static func decision(_ name: String, threshold: Int, then: String = "o1", otherwise: String = "o0") -> String {
        """
          \(name):
            question: "\(name)?"
            match: first
            branches:
              - when: "x < \(threshold)"
                then: \(then)
              - when: "f1"
                then: o2
              - else: \(otherwise)

        """
    }

    /// Compares `old` and `new` by every method and checks each against brute force; returns whether the
    /// automatic comparison went from the frontier (with exact and with asked-about path conditions).
    static func check(_ old: Program, _ new: Program, _ label: String) -> (exact: Bool, asked: Bool, transitions: Int) {
        let expected = bruteForce(old, new)
        let pairs = SOPDiff(old: old, new: new, method: .pairs)
        let automatic = SOPDiff(old: old, new: new, method: .automatic)
        let asked = SOPDiff(old: old, new: new, method: .automatic, frontierExactSize: 0)
        for (name, diff) in [("pairs", pairs), ("automatic", automatic), ("asked", asked)] {
            guard let s = diff.sops.first else {
                Issue.record("\(label) \(name): no SOP compared")
                continue
            }
            #expect(s.verdict != .unknown, "\(label) \(name)")
            let found = Set(s.transitions.map { "\($0.from ?? "-") \($0.to ?? "-")" })
            #expect(found == expected, "\(label) \(name)")
            #expect(s.transitions.count == found.count, "\(label) \(name)")
            for t in s.transitions {
                #expect(t.verified, "\(label) \(name): witness does not reproduce \(t.from ?? "-") → \(t.to ?? "-")")
                if let c = t.oldCase { #expect(old.walk(c, from: SOPID(0)).outcome.map { old[$0].name } == t.from) }
                if let c = t.newCase { #expect(new.walk(c, from: SOPID(0)).outcome.map { new[$0].name } == t.to) }
                #expect(!t.routes.isEmpty, "\(label) \(name)")
            }
            #expect((s.verdict == .equivalent) == expected.isEmpty, "\(label) \(name)")
        }
        #expect(pairs.sops.first?.fromFrontier == false)
        return (automatic.sops.first?.fromFrontier ?? false, asked.sops.first?.fromFrontier ?? false, expected.count)
    }

    @Test func oneChangedNodeDeepInATreeWithMerges() throws {
        let old = Self.compile(Self.header + "start: d0\nnodes:\n" + Self.chain("", depth: 6, end: "t") + Self.decision("t", threshold: 4))
        let new = Self.compile(Self.header + "start: d0\nnodes:\n" + Self.chain("", depth: 6, end: "t") + Self.decision("t", threshold: 5))
        let (exact, asked, transitions) = Self.check(old, new, "deep")
        #expect(exact && asked)
        #expect(transitions > 0)
        // Asked about, not kept exact: the condition says which node the cases reach, and each route is
        // walked from there.
        let s = try #require(SOPDiff(old: old, new: new, method: .automatic, frontierExactSize: 0).sops.first)
        for t in s.transitions {
            #expect(t.common.first == "reaches `t`", "\(t.common)")
            for r in t.routes { #expect(r.old?.hasPrefix(DecisionPath.elision + DecisionPath.separator + "t") == true, "\(r)") }
        }
        // Routes whose taking was not decided are said to be, in text and JSON.
        var diff = SOPDiff(old: old, new: new, method: .automatic, frontierExactSize: 0)
        diff.sops[0].transitions[0].condition = nil
        diff.sops[0].transitions[0].moreRoutes = false
        diff.sops[0].transitions[0].hiddenRoutesExact = false
        #expect(SOPDiff.details(diff.sops[0].transitions[0]).contains("  … whether other routes are taken was not decided within the work bound"))
        let json = diff.json().rendered(indent: 2)
        #expect(json.contains("\"more_routes\": null") && json.contains("\"more_routes\": false"), "\(json)")
        let text = s.transitions.flatMap { SOPDiff.details($0) }
        #expect(text.contains("when: reaches `t` and not f1 and x == 4") && text.contains("when: reaches `t` and f1 and x == 4"),
                "\(text.joined(separator: "\n"))")
    }

    @Test func twoChangedNodesNeitherBelowTheOther() {
        func program(_ left: Int, _ right: Int) -> Program {
            Self.compile(Self.header + """
                start: root
                nodes:
                  root:
                    question: "Root?"
                    branches:
                      - when: "f4"
                        then: ld0
                      - else: rd0

                """ + Self.chain("l", depth: 4, end: "lt") + Self.chain("r", depth: 4, end: "rt")
                + Self.decision("lt", threshold: left) + Self.decision("rt", threshold: right, then: "o2", otherwise: "o1"))
        }
        let (exact, asked, transitions) = Self.check(program(4, 6), program(3, 7), "two")
        #expect(exact && asked)
        #expect(transitions > 1)
    }

    @Test func aChangedNodeAboveAnotherIsComparedFromTheStart() {
        /// `top` (asking `x < upper`) above a chain ending in `t` (asking `x < lower`); with `entry`, a start
        /// above `top` that may also enter the chain without it.
        func program(_ upper: Int, _ lower: Int, entry: Bool) -> Program {
            var nodes = """
                  top:
                    question: "Top?"
                    match: first
                    branches:
                      - when: "x < \(upper)"
                        then: d0
                      - when: "f4"
                        then: d0
                      - else: o2

                """
            if entry {
                nodes += """
                      entry:
                        question: "Entry?"
                        branches:
                          - when: "f3"
                            then: top
                          - else: d0

                    """
            }
            return Self.compile(Self.header + "start: \(entry ? "entry" : "top")\nnodes:\n" + nodes + Self.chain("", depth: 3, end: "t")
                                + Self.decision("t", threshold: lower))
        }
        // The start itself changed: nothing to gain from the frontier.
        let (startExact, startAsked, _) = Self.check(program(5, 4, entry: false), program(6, 4, entry: false), "start")
        #expect(!startExact && !startAsked)
        // Below an unchanged start, two changed nodes, one reached both through the other and not: compared
        // from the start.
        let (exact, asked, transitions) = Self.check(program(5, 4, entry: true), program(6, 5, entry: true), "ancestor")
        #expect(!exact && !asked)
        #expect(transitions > 0)
        // The same SOP with only the lower node changed goes from the frontier.
        let (lowerExact, lowerAsked, _) = Self.check(program(5, 4, entry: true), program(5, 5, entry: true), "lower only")
        #expect(lowerExact && lowerAsked)
    }

    /// The random pairs of the property test, compared by every method.
    @Test func randomEditsAgreeWithBruteForceByEveryMethod() {
        var g = DiffPropertyTests.Gen(rng: SplitMix64(seed: 20261130))
        var frontier = (exact: 0, asked: 0)
        var changedByFrontier = 0
        var byMoves = 0
        var firstDifferences = (reached: 0, none: 0)
        for round in 0..<400 {
            let old = DiffPropertyTests.program(&g)
            let kind = DiffPropertyTests.Edit.allCases[round % DiffPropertyTests.Edit.allCases.count]
            let new = DiffPropertyTests.edit(old, kind, &g)
            let expected = DiffPropertyTests.bruteForce(old, new)
            for (method, size) in [(ChangeImpact.Method.pairs, ChangeImpact.frontierExactSize), (.automatic, ChangeImpact.frontierExactSize), (.automatic, 0),
                                   (.movesOnly, ChangeImpact.frontierExactSize)] {
                let diff = SOPDiff(old: old, new: new, method: method, frontierExactSize: size)
                guard let s = diff.sops.first else { continue }
                if method == .movesOnly && s.verdict == .unknown {
                    // Not decided by the moves: what it says of them must hold.
                    let c = DiffUndecidedTests.checkFirstDifferences(s, old, new, expected: expected, "round \(round), edit \(kind)")
                    firstDifferences.reached += c.reached
                    firstDifferences.none += c.none
                    continue
                }
                let found = Set(s.transitions.map { "\($0.region.rawValue) \($0.from ?? "-") \($0.to ?? "-")" })
                #expect(found == expected, "round \(round), edit \(kind), \(method) \(size)")
                for t in s.transitions { #expect(t.verified, "round \(round), edit \(kind), \(method) \(size)") }
                if s.byMoves {
                    // Only classes of cases one version alone can express remain (compared apart).
                    #expect(method == .movesOnly && !expected.contains { $0.hasPrefix("both ") }, "round \(round)")
                    byMoves += 1
                }
                if s.fromFrontier && method == .automatic {
                    if size == 0 { frontier.asked += 1 } else { frontier.exact += 1 }
                    if size == 0 && !expected.isEmpty { changedByFrontier += 1 }
                }
            }
        }
        // The frontier was taken often, also where the outcome changes, so the comparison was not vacuous.
        #expect(frontier.exact > 50 && frontier.asked > 50, "\(frontier)")
        #expect(changedByFrontier > 20, "\(changedByFrontier)")
        // The moves alone decided often enough (no case reaching the frontier takes different ways there).
        #expect(byMoves > 40, "\(byMoves)")
        // Undecided, moves were found made, and some proven unmade (every decision by the moves above is
        // such a proof for all of them, checked against brute force).
        #expect(firstDifferences.reached > 30 && firstDifferences.none > 0, "\(firstDifferences)")
    }
}

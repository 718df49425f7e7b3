import SOPCompiler
import SOPCore
@testable import SOPDiff
import SOPGraph
import SOPSolver
import Testing

/// A comparison that runs past its work bound claims no transition, but says where the versions first
/// differ and what changes there: checked against every case walked one step from that node.
@Suite struct DiffUndecidedTests {
    static let old = DiffFrontierTests.header + """
        start: a
        nodes:
          a:
            question: A?
            match: first
            branches:
              - when: f0
                then: b
              - when: f1
                then: t
              - else: o2
          b:
            question: B?
            match: first
            branches:
              - when: "x > 6"
                then: o1
              - else: t
          t:
            question: T?
            match: first
            branches:
              - when: "x < 5"
                then: o0
              - when: f2
                then: u
              - else: o1
          u:
            question: U?
            match: first
            branches:
              - when: f3
                then: o0
              - else: o2

        """

    static let new = old.replacingOccurrences(of: "\"x < 5\"", with: "\"x < 6\"")

    /// Where a case placed at `node` goes in one step: the next node's name, or the outcome's.
    static func next(_ program: Program, _ node: String, _ c: Case) -> String {
        let n = program.nodes.indices.first { program.pathName(of: NodeID($0), from: SOPID(0)) == node }!
        return after(program, node, program.walk(c, fromNode: NodeID(n)))!
    }

    /// Where a walk goes right after the node named `node`, or nil when it does not pass there.
    static func after(_ program: Program, _ node: String, _ walk: Walk) -> String? {
        guard let k = walk.steps.firstIndex(where: { program.pathName(of: $0.node, from: SOPID(0)) == node }) else { return nil }
        if k + 1 < walk.steps.count { return program.pathName(of: walk.steps[k + 1].node, from: SOPID(0)) }
        return walk.outcome.map { program[$0].name } ?? "-"
    }

    /// Checks what an undecided comparison by the moves says against every case of the property tests'
    /// domain: a case said to reach a node and make a move does, and ends where it is said to (a change
    /// it proves is one brute force finds); a move no case reaching the node is said to make, none does.
    /// Returns how many moves were found made and how many proven unmade.
    static func checkFirstDifferences(_ s: SOPDiff.SOPChange, _ old: Program, _ new: Program, expected: Set<String>,
                                      _ note: Comment) -> (reached: Int, none: Int) {
        var count = (reached: 0, none: 0)
        let cases = DiffPropertyTests.cases(old, new).filter(\.inOld).map(\.0)
        for d in s.firstDifferences {
            for m in d.moves ?? [] {
                switch m.reach {
                case .reached(_, let from, let to, _, _, _, let oldCase, let newCase):
                    count.reached += 1
                    let oldWalk = old.walk(oldCase, from: SOPID(0)), newWalk = new.walk(newCase, from: SOPID(0))
                    #expect(after(old, d.node, oldWalk) == m.old && after(new, d.node, newWalk) == m.new, note)
                    #expect(oldWalk.outcome.map { old[$0].name } == from && newWalk.outcome.map { new[$0].name } == to, note)
                    if from != to { #expect(expected.contains("both \(from ?? "-") \(to ?? "-")"), note) }
                case .none:
                    count.none += 1
                    for c in cases {
                        let a = after(old, d.node, old.walk(c, from: SOPID(0))), b = after(new, d.node, new.walk(c, from: SOPID(0)))
                        #expect(a == nil || a != m.old || b != m.new, note)
                    }
                case .notAsked, .undecided: break
                }
            }
        }
        return count
    }

    @Test func anUndecidedComparisonSaysWhereTheVersionsFirstDiffer() throws {
        let old = DiffFrontierTests.compile(Self.old), new = DiffFrontierTests.compile(Self.new)
        // Decided with the whole bound: x == 5 at `t` changes outcome.
        let decided = SOPDiff(old: old, new: new)
        #expect(decided.sops[0].verdict != .unknown)
        #expect(decided.sops[0].differingNodes == 0 && decided.sops[0].firstDifferences.isEmpty)

        // Undecided within a bound of a few steps.
        let diff = SOPDiff(old: old, new: new, stepLimit: 20)
        let s = diff.sops[0]
        #expect(s.verdict == .unknown)
        #expect(s.transitions.isEmpty)
        #expect(s.differingNodes == 1)
        let d = try #require(s.firstDifferences.first)
        #expect(d.node == "t")
        let moves = try #require(d.moves)

        // Brute force: every case, placed at `t`, where it goes in each version; the pairs that differ.
        var expected: Set<String> = []
        for c in DiffFrontierTests.cases(old) {
            let a = Self.next(old, "t", c), b = Self.next(new, "t", c)
            if a != b { expected.insert("\(a) \(b)") }
        }
        #expect(Set(moves.map { "\($0.old) \($0.new)" }) == expected)
        #expect(expected == ["u o0", "o1 o0"])
        for m in moves {
            #expect(Self.next(old, "t", m.atNode) == m.old)
            #expect(Self.next(new, "t", m.atNode) == m.new)
        }
        #expect(moves.map(\.condition) == ["f2 and x == 5", "not f2 and x == 5"])

        let text = diff.text()
        #expect(text.contains("the versions first differ at 1 node; which cases that reach it end differently was not decided:"))
        #expect(text.contains("old → `u`, new → `o0` when f2 and x == 5"))
        #expect(diff.markdown().contains("old → `o1`, new → `o0` when not f2 and x == 5"))
        let json = diff.json().rendered(indent: 0)
        #expect(json.contains(#""first_differences":{"nodes":1,"listed":[{"node":"t","moves":[{"old":"u","new":"o0","condition":"f2 and x == 5","reached":null}"#))
        #expect(decided.json().rendered(indent: 0).contains(#""first_differences":null"#))
    }

    /// Asked of the path analysis, each move says whether a case reaching the node makes it: the case
    /// found is walked through both versions, and a change it shows is a transition proven.
    @Test func movesAskedOfThePathAnalysisProveTransitions() throws {
        let old = DiffFrontierTests.compile(Self.old), new = DiffFrontierTests.compile(Self.new)
        let diff = SOPDiff(old: old, new: new, method: .movesOnly)
        let s = diff.sops[0]
        #expect(s.verdict == .unknown)
        let moves = try #require(s.firstDifferences.first?.moves)
        #expect(moves.count == 2)
        for m in moves {
            guard case .reached(_, let from, let to, _, _, _, let oldCase, let newCase) = m.reach else {
                Issue.record("\(m.old) → \(m.new): \(m.reach)")
                continue
            }
            #expect(Self.after(old, "t", old.walk(oldCase, from: SOPID(0))) == m.old)
            #expect(Self.after(new, "t", new.walk(newCase, from: SOPID(0))) == m.new)
            #expect(old.walk(oldCase, from: SOPID(0)).outcome.map { old[$0].name } == from)
            #expect(new.walk(newCase, from: SOPID(0)).outcome.map { new[$0].name } == to)
        }
        let text = diff.text()
        #expect(text.contains("a case that reaches `t` does, and ends `o1` → `o0` (more lenient): "), "\(text)")
        #expect(SOPDiff.summary(s) == "m: not decided (the comparison ran past its work bound); 2 transitions proven, not all; examples: 0 pass")
    }
}

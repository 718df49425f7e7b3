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
        let walk = program.walk(c, fromNode: NodeID(n))
        if walk.steps.count > 1 { return program.pathName(of: walk.steps[1].node, from: SOPID(0)) }
        return walk.outcome.map { program[$0].name } ?? "-"
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
            #expect(Self.next(old, "t", m.witness) == m.old)
            #expect(Self.next(new, "t", m.witness) == m.new)
        }
        #expect(moves.map(\.condition) == ["f2 and x == 5", "not f2 and x == 5"])

        let text = diff.text()
        #expect(text.contains("the versions first differ at 1 node; whether a case that reaches it ends differently was not decided:"))
        #expect(text.contains("old → `u`, new → `o0` when f2 and x == 5"))
        #expect(diff.markdown().contains("old → `o1`, new → `o0` when not f2 and x == 5"))
        let json = diff.json().rendered(indent: 0)
        #expect(json.contains(#""first_differences":{"nodes":1,"listed":[{"node":"t","moves":[{"old":"u","new":"o0","condition":"f2 and x == 5"}"#))
        #expect(decided.json().rendered(indent: 0).contains(#""first_differences":null"#))
    }
}

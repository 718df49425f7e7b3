import SOPCompiler
import SOPCore
import SOPDiff
import SOPGraph
import Testing

/// The structural side of `sopc diff`: renames, fall-through warnings, and routes shown within their class.
@Suite struct StructuralChangeTests {
    static func compile(_ source: String) throws -> Program {
        let c = Compiler.compile(source: source, path: "t.sop.yaml")
        #expect(!c.hasErrors, "\(c.diagnostics.map(\.message))")
        return c.program
    }

    static func sop(methods: String, firstQuestion: String = "Which method?", pass: String = "pass") -> String {
        """
        sop: verify
        title: Verify
        inputs:
          method: { type: enum, values: [\(methods)] }
          trusted: bool
        outcomes:
          \(pass): { title: Pass }
          fail: { title: Fail }
          review: { title: Review }
        start: pick
        nodes:
          pick:
            question: \(firstQuestion)
            match: first
            branches:
              - when: "method != 'email'"
                then: strict
              - else: loose
          strict:
            question: Strict?
            match: first
            branches:
              - when: "method == 'sms' and trusted"
                then: \(pass)
              - else: review
          loose:
            question: Loose?
            match: first
            branches:
              - when: "not (method in ['email']) or trusted"
                then: \(pass)
              - else: fail
        """
    }

    @Test func aNewValueFallingIntoANegatedBranchIsAWarning() throws {
        let old = try Self.compile(Self.sop(methods: "sms, email"))
        let new = try Self.compile(Self.sop(methods: "sms, email, passkey"))
        let s = try #require(SOPDiff(old: old, new: new).sops.first)
        let warnings = s.structural.filter { $0.kind == "fall-through" }.map(\.message)
        #expect(warnings == [
            "new value `passkey` of `method` has no branch of its own at node `pick`: it falls into the branch `when: method != 'email'`",
            "new value `passkey` of `method` has no branch of its own at node `strict`: it falls into its `else`",
            "new value `passkey` of `method` has no branch of its own at node `loose`: it falls into the branch `when: not (method in ['email']) or trusted`",
        ])
    }

    @Test func renamesAreFoundByQuestionAndTitle() throws {
        let old = try Self.compile(Self.sop(methods: "sms, email"))
        let new = try Self.compile(Self.sop(methods: "sms, email", pass: "accept").replacingOccurrences(of: "pick", with: "choose"))
        let s = try #require(SOPDiff(old: old, new: new).sops.first)
        #expect(s.structural.map(\.kind).sorted() == ["node-renamed", "outcome-renamed"])
        #expect(s.structural.map(\.message).contains("node `pick` renamed to `choose`"))
        #expect(s.structural.map(\.message).contains("outcome `pass` renamed to `accept`"))
    }

    @Test func routesLeaveOutWhatTheClassAlreadySays() throws {
        let old = try ShippedTreeDiffTests.compile("trees/account-takeover.sop.yaml")
        let new = try ShippedTreeDiffTests.compile("docs/examples/account-takeover-v2.sop.yaml")
        let s = try #require(SOPDiff(old: old, new: new).sops.first)
        let routed = s.transitions.filter { $0.condition == nil && !$0.common.isEmpty }
        #expect(!routed.isEmpty)
        for t in routed {
            for r in t.routes {
                // The route's own condition repeats the class's common conjuncts; the short form does not.
                for c in t.common {
                    #expect(r.condition.contains(c))
                    #expect(!r.withinClass.contains(c), "\(r.withinClass)")
                }
                #expect(r.withinClass.count < r.condition.count)
            }
        }
    }
}

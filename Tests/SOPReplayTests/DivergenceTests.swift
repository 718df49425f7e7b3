import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

@Suite struct DivergenceTests {
    let m = Moderation()

    func walk(_ values: [InputID: Value]) -> Walk {
        var c = Case(inputCount: m.graph.program.inputs.count)
        for (k, v) in values { c[k] = v }
        return m.graph.program.walk(c, from: m.graph.sop)
    }

    /// verified=false, age=30, no 2fa: start > check_age > check_changes > allow.
    var adultWalk: Walk { walk([m.verified: .bool(false), m.age: .int(30), m.changes: .set([])]) }

    @Test func withoutPathPicksTheLastNodeWhereAnotherBranchReachesTheLabel() {
        let w = adultWalk
        #expect(w.outcome == m.allow)
        // review: check_changes' own other branch.
        #expect(m.graph.divergence(of: w, label: m.review, specialistPath: nil) == .node(m.checkChanges, branch: 1))
        // ban: not from check_changes, but from check_age's `age < 18`.
        #expect(m.graph.divergence(of: w, label: m.ban, specialistPath: nil) == .node(m.checkAge, branch: 1))
        // escalate: only through start's `true` branch.
        #expect(m.graph.divergence(of: w, label: m.escalate, specialistPath: nil) == .node(m.start, branch: 1))
    }

    @Test func labelNoBranchCanReachIsUnreachable() {
        #expect(m.graph.divergence(of: adultWalk, label: m.archive, specialistPath: nil) == .labelUnreachable)
    }

    @Test func withPathPicksTheLastSharedNode() {
        let w = adultWalk
        // The specialist stopped at check_age (labeled there): they left the SOP's route at check_age.
        #expect(m.graph.divergence(of: w, label: m.ban, specialistPath: [m.start, m.checkAge]) == .node(m.checkAge, branch: 1))
        // Went to check_region from start: diverged at start.
        #expect(m.graph.divergence(of: w, label: m.escalate, specialistPath: [m.start, m.checkRegion]) == .node(m.start, branch: 1))
        // Same route, different outcome: the last node.
        #expect(m.graph.divergence(of: w, label: m.review, specialistPath: [m.start, m.checkAge, m.checkChanges]) == .node(m.checkChanges, branch: 1))
        // The path overrides the reachability rule: review would be check_changes without it.
        #expect(m.graph.divergence(of: w, label: m.review, specialistPath: [m.start, m.checkAge]) == .node(m.checkAge, branch: 1))
        // A path that differs from the first node: the start.
        #expect(m.graph.divergence(of: w, label: m.ban, specialistPath: [m.checkAge]) == .node(m.start, branch: 1))
    }

    @Test func replayAppliesTheRuleAndReportsUnreachableLabels() throws {
        let text = """
        {"id":"a","verified":false,"age":30,"changes":[],"label":"ban"}
        {"id":"b","verified":false,"age":30,"changes":[],"label":"review","path":["start","check_age"]}
        {"id":"c","verified":false,"age":30,"changes":[],"label":"archive"}
        {"id":"d","verified":false,"age":30,"changes":[],"label":"review","path":"start > check_age > review"}
        """
        let r = try m.replay(text)
        #expect(r.samples == 4 && r.replayed == 4 && r.rejected == 0)
        #expect(r.disagreements.map(\.id) == ["a", "b", "c", "d"])
        #expect(r.disagreements.map(\.divergence.node) == [m.checkAge, m.checkAge, nil, m.checkAge])
        // A path as sopc prints it, ending in the outcome, reads like the list without it.
        #expect(r.disagreements[3].specialistPath == r.disagreements[1].specialistPath)
        #expect(r.labelUnreachable == 1)
        #expect(r.disagreements[1].specialistPath == [m.start, m.checkAge])
        #expect(r.disagreements[0].path == [m.start, m.checkAge, m.checkChanges])
        let json = r.json(target: 0.95).rendered()
        #expect(json.contains(#""reason": "label-unreachable""#))
    }
}

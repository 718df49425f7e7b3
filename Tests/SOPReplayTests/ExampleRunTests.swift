import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

@Suite struct ExampleRunTests {
    @Test func examplesPassFailAndCoverBranches() {
        let m = Moderation()
        var program = m.graph.program
        func example(_ name: String, _ given: [InputID: Value], _ expect: OutcomeID) -> Example {
            Example(name: name, given: given, expect: expect, range: .fileStart, expectRange: .fileStart)
        }
        program.sops[0].examples = [
            example("eu escalates", [m.verified: .bool(true), m.region: .string("EU")], m.escalate),
            example("minor is banned", [m.verified: .bool(false), m.age: .int(12)], m.ban),
            example("wrong expectation", [m.verified: .bool(false), m.age: .int(40), m.changes: .set(["2fa"])], m.allow),
            example("missing age", [m.verified: .bool(false)], m.ban),
        ]
        let run = ExampleRun(program: program, sops: [SOPID(0)])
        #expect(run.results.map(\.passed) == [true, true, false, false])
        #expect(run.failures == 2)
        #expect(run.results[2].failure == "expected `allow`, got `review`")
        #expect(run.results[3].failure == "stops at `check_age`: `given` needs `age`")
        #expect(run.pathText(run.results[2]) == "start > check_age > check_changes > review")
        // A walk that stops names the node it stopped at, as the `example-mismatch` note does: both come
        // from the one runner, `Program.run`.
        #expect(run.pathText(run.results[3]) == "start > check_age")
        for (r, e) in zip(run.results, program.sops[0].examples) {
            #expect(program.run(e, from: SOPID(0)).pathText == r.pathText)
            #expect(program.run(e, from: SOPID(0)).walk == r.walk)
        }
        // Taken: start true/false, check_region EU, check_age <18 and else, check_changes 2fa: 6 of 8.
        let untaken = run.coverage[0].branches.filter { !$0.taken }.map { m.graph.describe(node: $0.node, branch: $0.branch) }
        #expect(untaken == ["else", "else"])
        #expect(run.coveragePercent == 75)
    }
}

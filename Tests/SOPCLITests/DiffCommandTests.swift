import Foundation
import Testing

/// `sopc diff` end to end: exit statuses, formats, a version that does not compile.
extension CLITests {
    @Test func diffReportsTheWorkedExampleAndGates() throws {
        let r = try sopc("diff", "trees/account-takeover.sop.yaml", "docs/examples/account-takeover-v2.sop.yaml", in: Self.repository)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("account-takeover: 6 transitions (5 more lenient, 1 changed); 6 classes of cases only NEW can express; 1 value added; 1 fall-through warning; examples: 7 pass\n"))
        let gate = try sopc("diff", "trees/account-takeover.sop.yaml", "docs/examples/account-takeover-v2.sop.yaml", "--exit-code", in: Self.repository)
        #expect(gate.status == 1)
        #expect(try sopc("diff", "trees/account-takeover.sop.yaml", "docs/examples/account-takeover-v2.sop.yaml", "--fail-on", "stricter", in: Self.repository).status == 0)
        #expect(try sopc("diff", "trees/account-takeover.sop.yaml", "docs/examples/account-takeover-v2.sop.yaml", "--fail-on", "more-lenient", in: Self.repository).status == 1)
        #expect(try sopc("diff", "trees/", "trees/", "--exit-code", in: Self.repository).status == 0)
        #expect(try sopc("diff", "trees/account-takeover.sop.yaml", "--fail-on", "x", in: Self.repository).status == 2)
    }

    @Test func diffJSONCarriesTransitionsAndSamples() throws {
        let r = try sopc("diff", "trees/account-takeover.sop.yaml", "docs/examples/account-takeover-v2.sop.yaml", "--format", "json",
                         "--samples", "trees/samples/account-takeover.jsonl", in: Self.repository)
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let sops = try #require(json["sops"] as? [[String: Any]])
        #expect(sops.first?["verdict"] as? String == "changed")
        let transitions = try #require(sops.first?["transitions"] as? [[String: Any]])
        #expect(transitions.count == 12)
        #expect(transitions.allSatisfy { $0["verified"] as? Bool == true && $0["witness"] is [String: Any] })
        let samples = try #require(json["samples"] as? [String: Any])
        let flipped = try #require(samples["flipped"] as? [[String: Any]])
        #expect(flipped.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 13)
        #expect(samples["introduced"] as? Int == 11 && samples["fixed"] as? Int == 1)
    }

    @Test func diffRefusesAVersionThatDoesNotCompile() throws {
        let r = try sopc("diff", "trees/account-takeover.sop.yaml", "Tests/SOPCLITests/Trees/broken.sop.yaml", in: Self.repository)
        #expect(r.status == 2)
        #expect(r.stderr.contains("does not compile"))
        #expect(r.stderr.contains("error"))
    }
}

import Foundation
import Testing

/// `sopc check --write-baseline` / `--baseline`: old findings accepted by fingerprint (not line), new
/// ones fail, fixed ones reported as stale.
@Suite("baselines")
struct BaselineCommandTests {
    static let tree = """
        sop: based
        title: Old findings
        inputs:
          score: { type: int, range: [0, 10] }
        outcomes:
          low: {title: Low}
          high: {title: High}
          spare: {title: Spare}
        start: ask
        nodes:
          ask:
            question: Score?
            match: first
            branches:
              - when: "score > 5"
                then: high
              - when: "score > 20"
                then: high
              - else: low

        """

    func scratch(_ text: String = tree) throws -> String {
        try scratchFolder("sopc-baseline", ["a.sop.yaml": text])
    }

    func write(_ text: String, _ dir: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/a.sop.yaml"))
    }

    @Test func oldFindingsPassNewOnesFailFixedOnesAreStale() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cli = CLITests()
        #expect(try cli.sopc("check", "--strict", "--no-config", "a.sop.yaml", in: dir).status == 1)
        let written = try cli.sopc("check", "--no-config", "--write-baseline", "base.json", "a.sop.yaml", in: dir)
        #expect(written.status == 0)
        #expect(written.stderr.contains("wrote 2 findings to base.json"))
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/base.json"))) as? [String: Any])
        let findings = try #require(file["findings"] as? [[String: Any]])
        #expect(findings.map { $0["code"] as? String } == ["dead-branch", "unused-outcome"])
        #expect(findings.allSatisfy { $0["file"] as? String == "a.sop.yaml" && ($0["fingerprint"] as? String)?.count == 16 })

        let accepted = try cli.sopc("check", "--strict", "--no-config", "--color", "never", "--baseline", "base.json", "a.sop.yaml", in: dir)
        #expect(accepted.status == 0)
        #expect(accepted.stdout == "no problems in 1 file (2 allowed)\n")

        // Lines moved: still matched (fingerprints ignore lines).
        try write(Self.tree.replacingOccurrences(of: "title: Old findings\n", with: "title: Old findings\ndescription: |\n  moved\n  down\n"), dir)
        #expect(try cli.sopc("check", "--strict", "--no-config", "--baseline", "base.json", "a.sop.yaml", in: dir).status == 0)

        // A new finding fails, and is the only one shown; the old ones show as in the baseline on request.
        try write(Self.tree.replacingOccurrences(of: "  spare: {title: Spare}\n", with: "  spare: {title: Spare}\n  extra: {title: Extra}\n"), dir)
        let new = try cli.sopc("check", "--strict", "--no-config", "--color", "never", "--baseline", "base.json", "a.sop.yaml", in: dir)
        #expect(new.status == 1)
        #expect(new.stdout.contains("outcome `extra` is never used"))
        #expect(!new.stdout.contains("outcome `spare`"))
        #expect(new.stdout.hasSuffix("1 warning, 2 allowed in 1 file\n"))
        let shown = try cli.sopc("check", "--no-config", "--color", "never", "--show-allowed", "--baseline", "base.json", "a.sop.yaml", in: dir)
        #expect(shown.stdout.contains("warning[unused-outcome] (in the baseline): outcome `spare` is never used"))
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(cli.sopc("check", "--no-config", "--format", "sarif", "--show-allowed", "--baseline", "base.json", "a.sop.yaml", in: dir).stdout.utf8)) as? [String: Any])
        let results = try #require((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let kinds = results.compactMap { ($0["suppressions"] as? [[String: Any]])?.first?["kind"] as? String }
        #expect(kinds == ["external", "external"])

        // The spare outcome is used now: its entry is stale.
        let using = Self.tree.replacingOccurrences(of: "      - else: low", with: "      - when: \"score == 0\"\n        then: spare\n      - else: low")
        #expect(using != Self.tree)
        try write(using, dir)
        let fixed = try cli.sopc("check", "--no-config", "--baseline", "base.json", "a.sop.yaml", in: dir)
        #expect(fixed.status == 0)
        #expect(fixed.stderr.contains("1 baseline entry in base.json no longer reported (fixed)"))
        #expect(fixed.stderr.contains("a.sop.yaml: unused-outcome: outcome `spare` is never used"))
    }

    @Test func aBaselineThatIsNotOneIsAUsageError() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("[1, 2]".utf8).write(to: URL(fileURLWithPath: dir + "/bad.json"))
        let r = try CLITests().sopc("check", "--no-config", "--baseline", "bad.json", "a.sop.yaml", in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("`bad.json` is not a sopc baseline"))
        #expect(try CLITests().sopc("check", "--no-config", "--baseline", "missing.json", "a.sop.yaml", in: dir).status == 2)
        // The baseline may not overwrite a SOP file.
        #expect(try CLITests().sopc("check", "--no-config", "--write-baseline", "a.sop.yaml", "a.sop.yaml", in: dir).status == 2)
    }
}

import Foundation
import Testing

/// Findings accepted with `allow:` are counted apart, marked in every format and suppressed in SARIF;
/// `sopc check --format github` writes a step summary.
@Suite("allowed findings")
struct AllowedFindingsTests {
    static let tree = """
        sop: allowed
        title: An accepted dead branch
        version: "1"
        owner: qa
        policy: p
        inputs:
          score:
            type: int
            range: [0, 10]
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
                allow: [dead-branch]
              - else: low

        """

    func scratch() throws -> String {
        try scratchFolder("sopc-allow", ["a.sop.yaml": Self.tree])
    }

    @Test func countedApartAndMarked() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = try CLITests().sopc("check", "--color", "never", "a.sop.yaml", in: dir)
        #expect(text.stdout.hasSuffix("1 warning, 1 allowed in 1 file\n"))
        #expect(!text.stdout.contains("dead-branch"))
        // --strict --show-allowed: the allowed finding is shown, marked, and does not fail the run.
        let shown = try CLITests().sopc("check", "--color", "never", "--show-allowed", "--strict", "a.sop.yaml", in: dir)
        #expect(shown.status == 1, "the unused outcome still fails --strict")
        #expect(shown.stdout.contains("warning[dead-branch] (allowed): branch `score > 20` is never taken"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(CLITests().sopc("check", "--format", "json", "--show-allowed", "a.sop.yaml", in: dir).stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.map { $0["allowed"] as? Bool } == [false, true])
        #expect((json["summary"] as? [String: Int]) == ["files": 1, "errors": 0, "warnings": 1, "allowed": 1])
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(CLITests().sopc("check", "--format", "sarif", "--show-allowed", "a.sop.yaml", in: dir).stdout.utf8)) as? [String: Any])
        let results = try #require((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.map { $0["ruleId"] as? String } == ["dead-branch"])
        #expect(((suppressed.first?["suppressions"] as? [[String: Any]])?.first?["kind"] as? String) == "inSource")
    }

    @Test func githubFormatWritesTheStepSummary() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CLITests.binary())
        process.arguments = ["check", "--format", "github", "--show-allowed", "a.sop.yaml"]
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        process.environment = ["GITHUB_STEP_SUMMARY": dir + "/summary.md"]
        process.standardOutput = Pipe()
        try process.run()
        process.waitUntilExit()
        let summary = try String(contentsOfFile: dir + "/summary.md", encoding: .utf8)
        #expect(summary.hasPrefix("### sopc check\n\n⚠️ 1 warning, 1 allowed in 1 file\n"))
        #expect(summary.contains("| warning | `a.sop.yaml:13:3` | `unused-outcome` | outcome `spare` is never used |"))
        #expect(summary.contains("| allowed | `a.sop.yaml:"))
    }
}

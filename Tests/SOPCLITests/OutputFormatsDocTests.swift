import Foundation
import Testing

/// The examples in `docs/output-formats.md` are what `sopc check` prints today for
/// `docs/examples/account-takeover-draft.sop.yaml`: the text, JSON and GitHub blocks word for word, the
/// abridged SARIF result as a part of the real one (`"...": "..."` stands for what was left out).
@Suite("docs/output-formats.md")
struct OutputFormatsDocTests {
    static let example = "docs/examples/account-takeover-draft.sop.yaml"

    /// The fenced blocks of the section `## heading`, in order.
    static func blocks(under heading: String) throws -> [String] {
        let doc = try String(contentsOfFile: CLITests.repository + "/docs/output-formats.md", encoding: .utf8)
        let start = try #require(doc.range(of: "\n## \(heading)\n"))
        let rest = doc[start.upperBound...]
        let section = rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
        var result: [String] = []
        var current: [Substring]?
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let lines = current { result.append(lines.map { $0 + "\n" }.joined()); current = nil } else { current = [] }
            } else if current != nil {
                current?.append(line)
            }
        }
        return result
    }

    /// `sopc check` on the example from the repository root, without a GitHub step summary.
    func check(_ arguments: String...) throws -> String {
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "GITHUB_STEP_SUMMARY" && $0.key != "NO_COLOR" }
        let result = try CLITests().sopc(["check"] + arguments + [Self.example], in: CLITests.repository, environment: environment)
        #expect(result.status == 1)
        return result.stdout
    }

    @Test func theTextExampleIsWhatSopcPrints() throws {
        #expect(try Self.blocks(under: "text").first == check())
    }

    @Test func theJSONExampleIsWhatSopcPrints() throws {
        #expect(try Self.blocks(under: "json").first == check("--format", "json"))
    }

    @Test func theGitHubExampleIsWhatSopcPrints() throws {
        #expect(try Self.blocks(under: "github").first == check("--format", "github"))
    }

    @Test func theSARIFResultIsPartOfWhatSopcPrints() throws {
        let documented = try JSONSerialization.jsonObject(with: Data(try #require(Self.blocks(under: "sarif").dropFirst().first).utf8))
        let log = try #require(try JSONSerialization.jsonObject(with: Data(check("--format", "sarif").utf8)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first?["results"]) as? [Any])
        let ruleID = (documented as? [String: Any])?["ruleId"] as? String
        let real = try #require(results.first { ($0 as? [String: Any])?["ruleId"] as? String == ruleID })
        #expect(Self.isPart(documented, of: real), "the documented SARIF result differs from sopc's")
        // The wildcard is needed: without it the abridged parts would not match.
        #expect(!Self.isPart(["codeFlows": [["x": 1]]], of: real))
    }

    /// Whether `part` equals `whole`, except that an object may leave keys out and an object holding
    /// `"...": "..."` stands for any object.
    static func isPart(_ part: Any, of whole: Any) -> Bool {
        switch (part, whole) {
        case (let p as [String: Any], let w as [String: Any]):
            if p["..."] as? String == "..." { return true }
            return p.allSatisfy { key, value in w[key].map { isPart(value, of: $0) } ?? false }
        case (let p as [Any], let w as [Any]):
            return p.count == w.count && zip(p, w).allSatisfy { isPart($0, of: $1) }
        case (let p as NSNumber, let w as NSNumber):
            return p == w
        case (let p as String, let w as String):
            return p == w
        case (is NSNull, is NSNull):
            return true
        default:
            return false
        }
    }
}

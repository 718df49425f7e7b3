import Foundation
import Testing

/// `sopc why FILE OUTCOME`: the routes that end a case in an outcome, in words and as JSON.
@Suite("why an outcome")
struct WhyCommandTests {
    let cli = CLITests()
    let tree = "trees/account-takeover.sop.yaml"

    @Test func anOutcomeIsAnsweredWithItsRoutes() throws {
        let text = try cli.sopc("why", tree, "restore_via_self_serve", in: CLITests.repository)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("outcome `restore_via_self_serve`: Send the self-serve password reset link"))
        #expect(text.stdout.split(separator: "\n").count > 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cli.sopc("why", "--format", "json", tree, "restore_via_self_serve", in: CLITests.repository).stdout.utf8)) as? [String: Any])
        #expect(json["outcome"] as? String == "restore_via_self_serve")
        let routes = try #require(json["routes"] as? [[[String: Any]]])
        #expect(!routes.isEmpty && routes.allSatisfy { !$0.isEmpty })
    }

    /// `k` independent two-way choices in a row: 2^k routes reach `done`, 2^i reach `d{i}`.
    static func choices(_ k: Int) -> String {
        var out = "sop: c\ntitle: C\ninputs:\n" + (0..<k).map { "  f\($0): bool\n" }.joined()
        out += "outcomes:\n  done: { title: Done }\nstart: d0\nnodes:\n"
        for i in 0..<k {
            let next = i + 1 < k ? "d\(i + 1)" : "done"
            out += "  d\(i):\n    question: \"D\(i)?\"\n    branches:\n      - when: \"f\(i)\"\n        then: a\(i)\n      - else: b\(i)\n"
            for side in ["a", "b"] { out += "  \(side)\(i):\n    question: \"\(side.uppercased())\(i)?\"\n    branches:\n      - else: \(next)\n" }
        }
        return out
    }

    @Test("a cut list of routes says how many it hides")
    func cutRouteListsCountTheRest() throws {
        let dir = try scratchFolder("sopc-why", ["t.sop.yaml": Self.choices(7)])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outcome = try cli.sopc("why", "t.sop.yaml", "done", in: dir)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // 128 routes, 50 listed.
        #expect(outcome.stdout.contains("the first 50 routes that lead here:"))
        #expect(outcome.stdout.hasSuffix("… 78 more routes not shown\n"), "\(outcome.stdout.suffix(200))")
        let node = try cli.sopc("why", "t.sop.yaml", "d6", in: dir)
        #expect(node.stdout.hasSuffix("… 14 more routes not shown; `--format json` gives the full condition\n"), "\(node.stdout.suffix(200))")
        let whole = try cli.sopc("why", "t.sop.yaml", "d5", in: dir)
        #expect(whole.stdout.contains("32 routes lead here:") && !whole.stdout.contains("not shown"))
    }

    @Test func aMisspelledNameSuggestsNodesAndOutcomes() throws {
        let r = try cli.sopc("why", tree, "restore_acount", in: CLITests.repository)
        #expect(r.status == 2)
        #expect(r.stderr.contains("no node or outcome `restore_acount` in `account-takeover`; did you mean `restore_account`?"))
    }
}

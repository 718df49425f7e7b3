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

    @Test func aMisspelledNameSuggestsNodesAndOutcomes() throws {
        let r = try cli.sopc("why", tree, "restore_acount", in: CLITests.repository)
        #expect(r.status == 2)
        #expect(r.stderr.contains("no node or outcome `restore_acount` in `account-takeover`; did you mean `restore_account`?"))
    }
}

import Foundation
import Testing

/// `sopc run` end to end: exit statuses, messages, output files.
extension CLITests {
    @Test func runTracesOneCase() throws {
        let r = try sopc("run", "trees/account-takeover.sop.yaml", "--given", "recovery_email_domain=temp-mail.org",
                         "--given", "verification_passed=none", in: Self.repository)
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("path: intake > disposable_contact > fraud_review\n"))
        #expect(r.stdout.contains("1. intake: "))
    }

    @Test func runNamesMissingInputsAndBadValues() throws {
        let missing = try sopc("run", "trees/account-takeover.sop.yaml", "--given", "recovery_email_domain=outlook.com", in: Self.repository)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("sopc: error: the case needs `claimant_controls_login_email` at node `email_control`"))
        let bad = try sopc("run", "trees/account-takeover.sop.yaml", "--given", "verification_passed=nonee", "--given", "tier=x", in: Self.repository)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("did you mean `none`?"))
        #expect(bad.stderr.contains("no input `tier` in `account-takeover`"))
    }

    @Test func runWritesOneRowPerCaseToAFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-run-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try sopc("run", "trees/account-takeover.sop.yaml", "--cases", "trees/samples/account-takeover.csv", "--format", "csv", "-o", out, in: Self.repository)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "sopc: 2 of 152 cases rejected; see the `rejected` rows\n")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 153)
        #expect(text.hasPrefix("id,line,outcome,path,rejected,reason\nato-0001,2,"))
        let usage = try sopc("run", "trees/account-takeover.sop.yaml", "--cases", "trees/samples/account-takeover.csv", "--format", "xml", in: Self.repository)
        #expect(usage.status == 2)
        let same = try sopc("run", "trees/account-takeover.sop.yaml", "--cases", "trees/samples/account-takeover.csv", "-o", "trees/samples/account-takeover.csv", in: Self.repository)
        #expect(same.status == 2)
    }
}

import Foundation
import SOPCore
import Testing

/// User text printed to a terminal cannot act on it: escape sequences, carriage returns, bells and bidi
/// overrides from sample files and SOP files are shown as visible escapes (`TerminalText`).
extension CLITests {
    /// Whether `text` holds a character that could move the cursor or reorder the line (line breaks and
    /// tabs of the report's own layout aside).
    static func hazards(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0 != "\n" && $0 != "\t" && TerminalText.isHazard($0) }
    }

    @Test("hostile ids, labelers and labels in samples cannot move the cursor")
    func hostileSampleTextIsEscaped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: URL(fileURLWithPath: Self.repository).appendingPathComponent("trees/account-takeover.sop.yaml"),
                                         to: dir.appendingPathComponent("tree.sop.yaml"))
        let row = #"{"id":"ID","recovery_email_domain":"temp-mail.org","claimant_controls_login_email":true,"verification_passed":"prior_device_confirmation","days_since_change":63,"abusive_activity_since_change":true,"label":"LABEL","labeler":"WHO","ai":"fraud_review"}"#
        let lines = [
            row.replacingOccurrences(of: "ID", with: #"x\u001b[2J\u001b[H"#).replacingOccurrences(of: "LABEL", with: "restore_via_self_serve")
                .replacingOccurrences(of: "WHO", with: #"eve\r\u0007\u202Eevil"#),
            row.replacingOccurrences(of: "ID", with: "y").replacingOccurrences(of: "LABEL", with: #"ban\u001b]0;owned\u0007"#)
                .replacingOccurrences(of: "WHO", with: #"mallory\u2066"#),
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("s.jsonl"))

        let r = try sopc(["replay", "tree.sop.yaml", "s.jsonl"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.hazards(r.stdout).isEmpty, "\(Self.hazards(r.stdout))")
        #expect(Self.hazards(r.stderr).isEmpty)
        // Shown, not dropped: the reader sees what was in the file.
        #expect(r.stdout.contains(#"x\e[2J\e[H"#))
        #expect(r.stdout.contains(#"eve\r\u{7}\u{202E}evil"#))
        #expect(r.stdout.contains(#"ban\e]0;owned\u{7}"#))

        let test = try sopc(["test", "tree.sop.yaml", "--samples", "s.jsonl"], in: dir.path)
        #expect(Self.hazards(test.stdout).isEmpty)
        #expect(Self.hazards(test.stderr).isEmpty)
    }

    @Test("an escape sequence in a YAML key reaches check's text and GitHub output escaped")
    func hostileYAMLKeyIsEscaped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = "sop: t\ntitle: \"T\\e[31m\"\n\"\\e[2Jbogus\\u202E\": 1\ninputs:\n  a: bool\noutcomes:\n  x:\n    title: X\nstart: n\nnodes:\n  n:\n    question: \"Q\\a?\"\n    branches:\n      - when: a\n        then: x\n      - else: x\n"
        try Data(yaml.utf8).write(to: dir.appendingPathComponent("t.sop.yaml"))
        for format in ["text", "github"] {
            let r = try sopc(["check", "--format", format, "t.sop.yaml"], in: dir.path)
            #expect(r.status == 1, "\(r.stdout)")
            #expect(Self.hazards(r.stdout).isEmpty, "\(format): \(Self.hazards(r.stdout))")
            #expect(r.stdout.contains(#"\e[2Jbogus\u{202E}"#), "\(format)")
        }
    }
}

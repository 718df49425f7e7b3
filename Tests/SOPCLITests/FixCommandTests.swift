import Foundation
import Testing

/// `sopc check --fix`, `--diff` and `--unsafe-fixes` on real files.
@Suite("sopc check --fix")
struct FixCommandTests {
    /// A fresh folder holding a copy of `Trees/broken.sop.yaml` (a `dnoe` typo for `done`).
    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-fix-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLITests.trees + "/broken.sop.yaml", toPath: dir + "/broken.sop.yaml")
        return dir
    }

    @Test func diffPrintsTheFixAndWritesNothing() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = try String(contentsOfFile: dir + "/broken.sop.yaml", encoding: .utf8)
        let r = try CLITests().sopc("check", "--diff", "broken.sop.yaml", in: dir)
        #expect(r.status == 1)
        #expect(r.stdout == """
            --- a/broken.sop.yaml
            +++ b/broken.sop.yaml
            @@ -11,4 +11,4 @@
                 on: flag
                 cases:
                   true: done
            -      false: dnoe
            +      false: done

            """)
        #expect(try String(contentsOfFile: dir + "/broken.sop.yaml", encoding: .utf8) == before)
    }

    @Test func fixWritesTheFileAndReportsWhatIsLeft() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let before = try String(contentsOfFile: dir + "/broken.sop.yaml", encoding: .utf8)
        let r = try CLITests().sopc("check", "--fix", "broken.sop.yaml", in: dir)
        #expect(r.status == 0)
        #expect(r.stderr == "fixed 1 finding in 1 file\n")
        #expect(r.stdout == "no problems in 1 file\n")
        #expect(try String(contentsOfFile: dir + "/broken.sop.yaml", encoding: .utf8) == before.replacingOccurrences(of: "false: dnoe", with: "false: done"))
        // Nothing left to fix: the diff is empty and the status 0.
        let again = try CLITests().sopc("check", "--diff", "broken.sop.yaml", in: dir)
        #expect(again.status == 0)
        #expect(again.stdout == "")
    }

    @Test func unsafeFixesNeedFixOrDiff() throws {
        let r = try CLITests().sopc("check", "--unsafe-fixes", "broken.sop.yaml")
        #expect(r.status == 2)
        #expect(r.stderr.contains("--unsafe-fixes needs --fix or --diff"))
    }
}

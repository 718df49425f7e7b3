import Foundation
import Testing

/// The repository's own `.sopc.yaml`, `--exclude`, `--no-config` and `sopc config`.
@Suite("sopc configuration")
struct ConfigCommandTests {
    static let repository = URL(fileURLWithPath: CLITests.trees).appendingPathComponent("../../..").standardized.path

    @Test func repositoryRootChecksExactlyTheShippedTrees() throws {
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/trees").filter { $0.hasSuffix(".sop.yaml") }.count
        let r = try CLITests().sopc("check", "--format", "json", ".", in: Self.repository)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((json["summary"] as? [String: Int])?["files"] == shipped)
        #expect((json["diagnostics"] as? [Any])?.isEmpty == true)
        // Without the configuration the broken fixtures under Tests/ are found too.
        let all = try CLITests().sopc("check", "--no-config", "--format", "json", ".", in: Self.repository)
        #expect(all.status == 1)
    }

    @Test func excludeOnTheCommandLineAndShowConfig() throws {
        let r = try CLITests().sopc("check", "--no-config", "--exclude", "broken*", "--exclude", "warn*", ".")
        #expect(r.status == 0)
        #expect(r.stdout == "no problems in 1 file\n")
        let shown = try CLITests().sopc("config", in: Self.repository)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("exclude: [\"Tests\""))
        let check = try CLITests().sopc("check", "--show-config", "--exclude", "extra", in: Self.repository)
        #expect(check.stdout.contains("\"extra\"]"))
    }

    @Test func configuredDefaultsApplyAndTheCommandLineWins() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-cfg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLITests.trees + "/warning.sop.yaml", toPath: dir + "/warning.sop.yaml")
        try Data("check:\n  strict: true\n  format: json\n".utf8).write(to: URL(fileURLWithPath: dir + "/.sopc.yaml"))
        let strict = try CLITests().sopc("check", in: dir)
        #expect(strict.status == 1)
        #expect(strict.stdout.hasPrefix("{"))
        #expect(try CLITests().sopc("check", "--no-strict", in: dir).status == 0)
        #expect(try CLITests().sopc("check", "--format", "text", "--no-config", "warning.sop.yaml", in: dir).stdout.hasPrefix("warning.sop.yaml"))
        try Data("severity:\n  unused-outcome: error\n  unused-input: error\nchek: {}\n".utf8).write(to: URL(fileURLWithPath: dir + "/.sopc.yaml"))
        let bad = try CLITests().sopc("check", in: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("did you mean `check`?"))
    }
}

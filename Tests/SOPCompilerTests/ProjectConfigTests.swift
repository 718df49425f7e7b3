import Foundation
import SOPCore
import SOPDriver
import SOPSyntax
import Testing

/// `.sopc.yaml`: reading with positions and did-you-mean, globs, severities, file selection.
@Suite("Project configuration")
struct ProjectConfigTests {
    func parse(_ text: String) -> (ProjectConfig, [Diagnostic]) {
        ProjectConfig.parse(SourceText(path: ".sopc.yaml", bytes: Array(text.utf8)), directory: "/repo")
    }

    @Test func readsEverySection() {
        let (config, diagnostics) = parse("""
            include: [trees]
            exclude:
              - Tests
              - "**/draft-*.sop.yaml"
            severity:
              unused-outcome: error
              redundant-guard: off
            check:
              format: sarif
              strict: true
            replay:
              min-agreement: 90%
            """)
        #expect(diagnostics.isEmpty)
        #expect(config.include == ["trees"])
        #expect(config.exclude == ["Tests", "**/draft-*.sop.yaml"])
        #expect(config.severity == ["unused-outcome": .error, "redundant-guard": .off])
        #expect(config.value("check", "format") == .string("sarif"))
        #expect(config.value("check", "strict") == .bool(true))
        #expect(config.value("replay", "min-agreement")?.number == 0.9)
        #expect(config.value("replay", "min-agreement")?.written == "90%")
    }

    @Test func unknownKeysAreErrorsWithDidYouMeanAtTheirPlace() throws {
        let (_, diagnostics) = parse("""
            exclud: [x]
            severity:
              unused-outcom: off
            check:
              formt: json
              strict: yes
            """)
        let summary = diagnostics.map { "\($0.range.start) \($0.code.id) \($0.help ?? "-")" }
        #expect(summary == [
            "1:1 unknown-key did you mean `exclude`?",
            "3:3 unknown-key did you mean `unused-outcome`?",
            "5:3 unknown-key did you mean `format`?",
            "6:11 invalid-value -",
        ])
        // The renames are fix-its like those in SOP files.
        #expect(diagnostics[0].fixes.first?.edits.first?.text == "exclude")
    }

    @Test func globsMatchSegmentsAndEverythingBelow() {
        #expect(Glob.matches("Tests", "Tests/SOPCLITests/Trees/broken.sop.yaml"))
        #expect(Glob.matches("Tests", "a/Tests/b.sop.yaml"), "a pattern without `/` matches at any depth")
        #expect(!Glob.matches("Tests", "trees/Testsuite.sop.yaml"))
        #expect(Glob.matches("trees/*.sop.yaml", "trees/harassment.sop.yaml"))
        #expect(!Glob.matches("trees/*.sop.yaml", "other/trees/harassment.sop.yaml"))
        #expect(Glob.matches("**/draft-*.sop.yaml", "trees/x/draft-1.sop.yaml"))
        #expect(Glob.matches("**/draft-*.sop.yaml", "draft-1.sop.yaml"))
        #expect(Glob.matches("./.build-?", ".build-r/x.sop.yaml"))
        #expect(!Glob.matches("tre?s", "trees2/a.sop.yaml"))
    }

    @Test func severitiesOverrideAndOffRemoves() {
        var config = ProjectConfig(directory: "/repo")
        config.severity = ["unused-outcome": .error, "dead-branch": .off]
        let span = SourceSpan(file: "a", range: .fileStart)
        let out = config.applySeverity([
            Diagnostic(.unusedOutcome, at: span, "x"),
            Diagnostic(.deadBranch, at: span, "y"),
            Diagnostic(.unusedInput, at: span, "z"),
        ])
        #expect(out.map(\.code) == [.unusedOutcome, .unusedInput])
        #expect(out.map(\.severity) == [.error, .warning])
    }

    @Test func foundByWalkingUpAndSelectsFilesInFolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-config-\(UUID().uuidString)").standardizedFileURL.path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/a/deep", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/skip", withIntermediateDirectories: true)
        for f in ["a/one.sop.yaml", "a/deep/two.sop.yaml", "skip/three.sop.yaml"] {
            try Data("sop: x\n".utf8).write(to: URL(fileURLWithPath: root + "/" + f))
        }
        try Data("exclude: [skip]\n".utf8).write(to: URL(fileURLWithPath: root + "/.sopc.yaml"))
        let config = try ProjectConfig.load(explicit: nil, disabled: false, start: root + "/a/deep")
        #expect(config.path == root + "/.sopc.yaml")
        #expect(config.directory == root)
        #expect(try config.files([root]) == [root + "/a/deep/two.sop.yaml", root + "/a/one.sop.yaml"])
        // A file named explicitly is checked even when excluded.
        #expect(try config.files([root + "/skip/three.sop.yaml"]) == [root + "/skip/three.sop.yaml"])
        let none = try ProjectConfig.load(explicit: nil, disabled: true, start: root + "/a")
        #expect(none.path == nil)
        #expect(try none.files([root]).count == 3)
    }
}

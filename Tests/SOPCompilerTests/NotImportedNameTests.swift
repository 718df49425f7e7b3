import Foundation
import SOPCompiler
import SOPCore
import SOPDriver
import Testing

/// A name that a SOP the file does not import declares, when that SOP's file was not part of the run:
/// the files next to the referring file are looked at (boundedly), and the help names the file to
/// import, with a fix that adds the import and qualifies the name.
@Suite("Names from a SOP of the same folder that is not imported")
struct NotImportedNameTests {
    static let common = SlipMessageTests.library

    /// A file using `region` and `TARGET` without importing anything; `IMPORT` is replaced by an import line or nothing.
    static func main(target: String = "no_violation", region: String = "region", imports: String = "") -> String {
        """
        sop: main
        title: Main
        \(imports)outcomes:
          remove: {title: Remove}
        start: n
        nodes:
          n:
            question: Where?
            branches:
              - when: "\(region) == 'EU'"
                then: remove
              - else: \(target)

        """
    }

    func check(_ files: [String: String], named: String = "main.sop.yaml") throws -> [Diagnostic] {
        CheckRun.check(try Compiler.compile(files: [named], loader: MemoryLoader(files))).diagnostics
            .filter { $0.file == named && $0.code != .analysisSkipped }
    }

    @Test func aBareOutcomeAndInputOfAFileNextToItSayWhichFileToImport() throws {
        let found = try check(["main.sop.yaml": Self.main(), "common.sop.yaml": Self.common])
        #expect(found.map(\.code) == [.undefinedReference, .undefinedReference], "\(found)")
        #expect(found.map(\.help) == [
            "`region` is an input of SOP `common` in `common.sop.yaml`, which this file does not import: add `import: [common.sop.yaml]` and write `common.region`",
            "`no_violation` is an outcome of SOP `common` in `common.sop.yaml`, which this file does not import: add `import: [common.sop.yaml]` and write `common.no_violation`",
        ])
        #expect(found.allSatisfy { $0.fixes.count == 1 && $0.fixes[0].applicability == .unsafe })
        #expect(found[1].fixes[0].title == "import `common.sop.yaml` and write `common.no_violation`")
    }

    /// `--fix` leaves the unsafe fix alone; `--unsafe-fixes` adds the import (once) and qualifies both names,
    /// and the result is clean.
    @Test func theUnsafeFixAddsTheImportAndQualifiesTheName() throws {
        let loader = MemoryLoader(["main.sop.yaml": Self.main(), "common.sop.yaml": Self.common])
        #expect(try CheckFix.fix(files: ["main.sop.yaml"], loader: loader, unsafe: false).texts.isEmpty)
        let fixed = try CheckFix.fix(files: ["main.sop.yaml"], loader: loader, unsafe: true)
        #expect(fixed.texts["main.sop.yaml"] == Self.main(target: "common.no_violation", region: "common.region", imports: "import: [common.sop.yaml]\n"))
        #expect(fixed.run.diagnostics.filter { $0.severity == .error }.isEmpty, "\(fixed.run.diagnostics)")
    }

    @Test func aQualifiedNameOfASOPThatIsNotImportedNamesItsFile() throws {
        let found = try check(["main.sop.yaml": Self.main(target: "common.no_violation", region: "common.region"), "common.sop.yaml": Self.common])
        #expect(found.map(\.help) == [
            "SOP `common` is in `common.sop.yaml`, which this file does not import: add `import: [common.sop.yaml]`",
            "SOP `common` is in `common.sop.yaml`, which this file does not import: add `import: [common.sop.yaml]`",
        ])
        #expect(found[1].fixes.map(\.title) == ["import `common.sop.yaml`"])
        #expect(found[1].fixes[0].edits.count == 1)
    }

    @Test func aSubTreeCallToASOPThatIsNotImported() throws {
        let callee = "sop: self-harm\ntitle: Self-harm\noutcomes:\n  refer: {title: Refer}\nstart: a\nnodes:\n  a:\n    question: A?\n    branches:\n      - else: refer\n"
        let found = try check(["main.sop.yaml": Self.main(target: "self-harm", imports: "import: [common.sop.yaml]\n").replacingOccurrences(of: "\"region", with: "\"common.region"),
                               "common.sop.yaml": Self.common, "self-harm.sop.yaml": callee])
        #expect(found.map(\.help) == ["`self-harm` is the SOP in `self-harm.sop.yaml`, which this file does not import: add `self-harm.sop.yaml` to `import:`"])
        let fix = try #require(found.first?.fixes.first)
        #expect(fix.title == "import `self-harm.sop.yaml`")
        #expect(fix.edits.map(\.text) == [", self-harm.sop.yaml"])
    }

    /// Two files declare the name: both are named, and neither fix is applied on its own.
    @Test func aNameFoundInTwoFilesNamesBothAndFixesNothingByItself() throws {
        let other = Self.common.replacingOccurrences(of: "sop: common", with: "sop: base")
        let files = ["main.sop.yaml": Self.main(), "common.sop.yaml": Self.common, "base.sop.yaml": other]
        let found = try check(files)
        #expect(found.map(\.help) == [
            "`region` is declared by SOP `base` in `base.sop.yaml` and SOP `common` in `common.sop.yaml`, neither of which this file imports: import the one you mean and write its id before the name",
            "`no_violation` is declared by SOP `base` in `base.sop.yaml` and SOP `common` in `common.sop.yaml`, neither of which this file imports: import the one you mean and write its id before the name",
        ])
        #expect(found[1].fixes.map(\.title) == ["import `base.sop.yaml` and write `base.no_violation`", "import `common.sop.yaml` and write `common.no_violation`"])
        #expect(found[1].fixes.allSatisfy { $0.applicability == .display })
        #expect(try CheckFix.fix(files: ["main.sop.yaml"], loader: MemoryLoader(files), unsafe: true).texts.isEmpty)
    }

    /// A neighbour that does not parse (it even mentions the name) is skipped, and nothing of it is shown.
    @Test func aFileThatDoesNotParseIsSkipped() throws {
        let broken = "sop: broken\ntitle: [unclosed\noutcomes:\n  no_violation: {title: SECRET-TEXT\n\tregion: x\n"
        let found = try check(["main.sop.yaml": Self.main(), "a-broken.sop.yaml": broken, "common.sop.yaml": Self.common])
        #expect(found.count == 2)
        #expect(found[1].help?.contains("SOP `common` in `common.sop.yaml`") == true, "\(found)")
        #expect(!found.contains { ($0.help ?? "").contains("broken") || ($0.help ?? "").contains("SECRET") || $0.message.contains("SECRET") })
        // Alone, it gives no hint at all, and no finding of its own.
        let alone = try check(["main.sop.yaml": Self.main(), "a-broken.sop.yaml": broken])
        #expect(alone.map(\.help) == ["declare it under `inputs`", nil])
    }

    /// Only the first `NearbySOPs.maximumFiles` files of a folder (in name order) are looked at, and only
    /// files that mention a name looked for are parsed: a folder of thousands of files costs little.
    @Test func aFolderOfManyFilesIsReadOnlyUpToTheBound() throws {
        var files = ["main.sop.yaml": Self.main()]
        for i in 0..<1_500 {
            files[String(format: "f%04d.sop.yaml", i)] = "sop: f\(i)\ntitle: F\(i)\noutcomes:\n  done_\(i): {title: Done}\n"
        }
        // Inside the bound (`common` sorts before `f0000`): found.
        files["common.sop.yaml"] = Self.common
        #expect(try check(files)[1].help?.hasPrefix("`no_violation` is an outcome of SOP `common` in `common.sop.yaml`") == true)
        // Past the bound (`zz` sorts after 1,000 others): not read, so the hint is the generic one.
        files["common.sop.yaml"] = nil
        files["zz-common.sop.yaml"] = Self.common
        #expect(try check(files)[1].help == nil)
        // A name that only a file within the bound declares is found among them.
        #expect(try check(files.merging(["main.sop.yaml": Self.main(target: "done_999")]) { $1 })[1].help?
            .hasPrefix("`done_999` is an outcome of SOP `f999` in `f0999.sop.yaml`") == true)
    }

    /// Parsing stops after `NearbySOPs.maximumParses` files that mention a name without declaring it.
    @Test func parsingIsBounded() throws {
        var files = ["main.sop.yaml": Self.main(), "zz.sop.yaml": Self.common]
        for i in 0..<40 { files["m\(i).sop.yaml"] = "# mentions no_violation and region\nsop: m\(i)\ntitle: M\noutcomes:\n  x: {title: X}\n" }
        #expect(try check(files)[1].help == nil)
        for i in 0..<40 where i >= 20 { files["m\(i).sop.yaml"] = nil }
        #expect(try check(files)[1].help?.contains("`zz.sop.yaml`") == true)
    }

    /// The import path is written relative to the importing file's folder.
    @Test func theImportPathIsRelativeToTheImportingFile() throws {
        let loader = MemoryLoader(["a/main.sop.yaml": Self.main(), "lib/common.sop.yaml": Self.common])
        let found = CheckRun.check(try Compiler.compile(files: ["a/main.sop.yaml", "lib/common.sop.yaml"], loader: loader)).diagnostics
            .filter { $0.file == "a/main.sop.yaml" && $0.code == .undefinedReference }
        #expect(found.map(\.help) == [
            "`region` is an input of SOP `common` in `../lib/common.sop.yaml`, which this file does not import: add `import: [../lib/common.sop.yaml]` and write `common.region`",
            "`no_violation` is an outcome of SOP `common` in `../lib/common.sop.yaml`, which this file does not import: add `import: [../lib/common.sop.yaml]` and write `common.no_violation`",
        ])
        let fixed = try CheckFix.fix(files: ["a/main.sop.yaml", "lib/common.sop.yaml"], loader: loader, unsafe: true)
        #expect(fixed.run.diagnostics.filter { $0.severity == .error }.isEmpty, "\(fixed.run.diagnostics)")
    }

    /// Each layout of `import:` gets the new entry in its own style; other bytes are kept.
    @Test(arguments: [
        ("import: [other.sop.yaml]\n", "import: [other.sop.yaml, common.sop.yaml]\n"),
        ("import: []\n", "import: [common.sop.yaml]\n"),
        ("import:\n  - other.sop.yaml\n", "import:\n  - other.sop.yaml\n  - common.sop.yaml\n"),
        ("import: [ \"other.sop.yaml\" ]  # shared\n", "import: [ \"other.sop.yaml\", common.sop.yaml ]  # shared\n"),
    ])
    func theImportIsAddedInTheFilesLayout(_ layout: (String, String)) throws {
        let other = "sop: other\ntitle: Other\noutcomes:\n  o: {title: O}\n"
        let loader = MemoryLoader(["main.sop.yaml": Self.main(target: "no_violation", region: "common.region", imports: layout.0),
                                   "common.sop.yaml": Self.common, "other.sop.yaml": other])
        let fixed = try CheckFix.fix(files: ["main.sop.yaml"], loader: loader, unsafe: true)
        #expect(fixed.texts["main.sop.yaml"] == Self.main(target: "common.no_violation", region: "common.region", imports: layout.1))
    }

    @Test func lineEndingsAreKept() throws {
        let crlf = Self.main().replacingOccurrences(of: "\n", with: "\r\n")
        let fixed = try CheckFix.fix(files: ["main.sop.yaml"], loader: MemoryLoader(["main.sop.yaml": crlf, "common.sop.yaml": Self.common]), unsafe: true)
        let text = try #require(fixed.texts["main.sop.yaml"])
        #expect(text.hasPrefix("sop: main\r\ntitle: Main\r\nimport: [common.sop.yaml]\r\noutcomes:"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    /// On disk: a neighbour that is a link out of the project is not read, and a pipe does not block.
    @Test func onDiskNothingOutsideTheProjectIsReadAndAPipeDoesNotBlock() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-nearby-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base + "/project", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/outside", withIntermediateDirectories: true)
        try Self.common.write(toFile: base + "/outside/common.sop.yaml", atomically: true, encoding: .utf8)
        try Self.main().write(toFile: base + "/project/main.sop.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: base + "/project/common.sop.yaml", withDestinationPath: base + "/outside/common.sop.yaml")
        #expect(mkfifo(base + "/project/pipe.sop.yaml", 0o600) == 0)
        let found = CheckRun.check(try Compiler.compile(files: [base + "/project/main.sop.yaml"], projectRoot: base + "/project")).diagnostics
            .filter { $0.code == .undefinedReference }
        #expect(found.map(\.help) == ["declare it under `inputs`", nil])
        // Inside the project, the same file is found.
        try FileManager.default.removeItem(atPath: base + "/project/common.sop.yaml")
        try Self.common.write(toFile: base + "/project/common.sop.yaml", atomically: true, encoding: .utf8)
        let inside = CheckRun.check(try Compiler.compile(files: [base + "/project/main.sop.yaml"], projectRoot: base + "/project")).diagnostics
            .filter { $0.code == .undefinedReference }
        #expect(inside.map { $0.help?.hasPrefix("`") == true } == [true, true], "\(inside.map(\.help))")
    }
}

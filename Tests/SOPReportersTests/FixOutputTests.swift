import Foundation
import SOPCore
import SOPReporters
import Testing

/// Fix-its in the machine-readable outputs: JSON `fixes` and SARIF `fixes` with `artifactChanges`.
@Suite struct FixOutputTests {
    static func diagnostic() -> Diagnostic {
        let at = { (line: Int, a: Int, b: Int, offset: Int) in
            SourceSpan(file: "trees/x.sop.yaml", range: SourceRange(start: SourceLocation(line: line, column: a, offset: offset), end: SourceLocation(line: line, column: b, offset: offset + b - a)))
        }
        return Diagnostic(
            .undefinedReference, at: at(7, 15, 19, 100), "`dnoe` is not a node", help: "did you mean `done`?",
            fixes: [
                FixIt("replace `dnoe` with `done`", .safe, edits: [TextEdit(at(7, 15, 19, 100), "done")]),
                FixIt("remove the branch", .unsafe, edits: [TextEdit(at(7, 1, 1, 86), "- else: done\n")]),
            ])
    }

    static let report = CheckReport(diagnostics: [diagnostic()], fileCount: 1, toolVersion: "0.1.0")

    @Test func jsonCarriesEveryFix() throws {
        let text = JSONReporter().render(Self.report)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let d = try #require((document["diagnostics"] as? [[String: Any]])?.first)
        let fixes = try #require(d["fixes"] as? [[String: Any]])
        #expect(fixes.map { $0["applicability"] as? String } == ["safe", "unsafe"])
        #expect(fixes[0]["title"] as? String == "replace `dnoe` with `done`")
        let edit = try #require((fixes[0]["edits"] as? [[String: Any]])?.first)
        #expect(edit["text"] as? String == "done")
        #expect(edit["file"] as? String == "trees/x.sop.yaml")
        let range = try #require(edit["range"] as? [String: [String: Int]])
        #expect(range["start"] == ["line": 7, "column": 15, "offset": 100])
        #expect(range["end"] == ["line": 7, "column": 19, "offset": 104])
    }

    @Test func sarifCarriesFixesAsReplacements() throws {
        let text = SARIFReporter(currentDirectory: "/repo").render(Self.report)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let result = try #require(((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        let fixes = try #require(result["fixes"] as? [[String: Any]])
        #expect(fixes.count == 2)
        #expect((fixes[0]["description"] as? [String: String])?["text"] == "replace `dnoe` with `done`")
        let change = try #require((fixes[0]["artifactChanges"] as? [[String: Any]])?.first)
        #expect((change["artifactLocation"] as? [String: String]) == ["uri": "trees/x.sop.yaml", "uriBaseId": "%SRCROOT%"])
        let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
        #expect((replacement["deletedRegion"] as? [String: Int]) == ["startLine": 7, "startColumn": 15, "endLine": 7, "endColumn": 19])
        #expect((replacement["insertedContent"] as? [String: String]) == ["text": "done"])
        #expect((fixes[1]["properties"] as? [String: String]) == ["applicability": "unsafe"])
    }
}

import Foundation
import SOPCore
import SOPReporters
import Testing

/// The JSON document parses and carries every field with the documented meaning.
@Suite struct JSONReporterTests {
    static func parse(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func documentShapeAndSummary() throws {
        let output = JSONReporter().render(Fixture.report)
        #expect(output.hasSuffix("}\n"))
        #expect(output.hasPrefix("{\n  \"diagnostics\": ["))
        let document = try Self.parse(output)
        #expect(Set(document.keys) == ["diagnostics", "summary"])
        let summary = try #require(document["summary"] as? [String: Int])
        #expect(summary == ["files": 3, "errors": 4, "warnings": 2, "allowed": 0])
        let diagnostics = try #require(document["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == Fixture.diagnostics.count)
        let keys: Set = ["code", "severity", "file", "line", "column", "end_line", "end_column", "message", "node", "notes", "help", "witness", "witness_path", "fixes", "allowed"]
        for d in diagnostics { #expect(Set(d.keys) == keys) }
    }

    @Test func fieldsOfOneDiagnostic() throws {
        let diagnostics = try #require(try Self.parse(JSONReporter().render(Fixture.report))["diagnostics"] as? [[String: Any]])
        let ambiguous = try #require(diagnostics.first { $0["code"] as? String == "ambiguous-branches" })
        #expect(ambiguous["severity"] as? String == "error")
        #expect(ambiguous["file"] as? String == Fixture.takeoverFile)
        #expect(ambiguous["line"] as? Int == 20 && ambiguous["column"] as? Int == 15)
        #expect(ambiguous["end_line"] as? Int == 20 && ambiguous["end_column"] as? Int == 49)
        #expect(ambiguous["node"] as? String == "verified")
        #expect((ambiguous["help"] as? String)?.hasPrefix("make the guards disjoint") == true)
        let witness = try #require(ambiguous["witness"] as? [String: Any])
        #expect(witness["user_verified"] as? Bool == true && witness["region"] as? String == "EU")

        let notes = try #require(ambiguous["notes"] as? [[String: Any]])
        #expect(notes.count == 2)
        #expect(Set(notes[0].keys) == ["message", "file", "line", "column"])
        #expect(notes[0]["line"] as? Int == 22)
        #expect(Set(notes[1].keys) == ["message"])

        let unused = try #require(diagnostics.first { $0["code"] as? String == "unused-outcome" })
        #expect(unused["node"] is NSNull && unused["witness"] is NSNull)
        #expect((unused["notes"] as? [Any])?.isEmpty == true)
    }

    @Test func witnessKeepsDeclarationOrderAndValueTypes() {
        let d = Diagnostic(
            .incompleteNode, at: SourceSpan(file: "f", range: .fileStart), "no branch applies",
            witness: Witness([
                .init(input: "z_flag", value: .bool(false)),
                .init(input: "age", value: .int(-3)),
                .init(input: "changes", value: .set(["2fa", "email"])),
                .init(input: "name", value: .string("Zoë \"Z\"")),
            ]))
        let output = JSONReporter().render(CheckReport(diagnostics: [d], fileCount: 1, toolVersion: "0"))
        #expect(output.contains("""
                  "witness": {
                    "z_flag": false,
                    "age": -3,
                    "changes": [
                      "2fa",
                      "email"
                    ],
                    "name": "Zoë \\"Z\\""
                  }
            """))
    }

    @Test func emptyReport() {
        let output = JSONReporter().render(CheckReport(diagnostics: [], fileCount: 0, toolVersion: "0"))
        #expect(output == "{\n  \"diagnostics\": [],\n  \"summary\": {\n    \"files\": 0,\n    \"errors\": 0,\n    \"warnings\": 0,\n    \"allowed\": 0\n  }\n}\n")
    }

    /// When the semantic analysis left a question open, every format says how much was proven; when it
    /// proved everything, nothing is added.
    @Test func coverageIsStatedOnlyWhenSomethingIsOpen() throws {
        let partial = CheckReport(diagnostics: [], fileCount: 1, toolVersion: "0", coverage: AnalysisCoverage(provenNodes: 9990, openNodes: 10, provenBranches: 24500, openBranches: 31))
        #expect(JSONReporter().render(partial).contains("""
                "analysis": {
                  "nodes_proven": 9990,
                  "nodes_open": 10,
                  "branches_proven": 24500,
                  "branches_open": 31
                }
            """))
        #expect(TextReporter().render(partial) == "semantic analysis: 9990 nodes proven, 10 left open (24500 branches proven, 31 open)\nno problems in 1 file\n")
        let sarif = try #require(try JSONSerialization.jsonObject(with: Data(SARIFReporter(currentDirectory: "/").render(partial).utf8)) as? [String: Any])
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let analysis = (run["properties"] as? [String: Any])?["analysis"] as? [String: Int]
        #expect(analysis == ["nodes_proven": 9990, "nodes_open": 10, "branches_proven": 24500, "branches_open": 31])

        let complete = CheckReport(diagnostics: [], fileCount: 1, toolVersion: "0", coverage: AnalysisCoverage(provenNodes: 10, provenBranches: 20))
        #expect(!JSONReporter().render(complete).contains("analysis"))
        #expect(TextReporter().render(complete) == "no problems in 1 file\n")
        let completeSARIF = try #require(try JSONSerialization.jsonObject(with: Data(SARIFReporter(currentDirectory: "/").render(complete).utf8)) as? [String: Any])
        #expect((completeSARIF["runs"] as? [[String: Any]])?.first?["properties"] == nil)
    }
}

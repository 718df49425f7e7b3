import SOPCore
import SOPDriver
import SOPReporters
import Testing

@Suite("Fixtures")
struct FixtureTests {
    static let cases = FixtureHarness.cases()

    @Test("each fixture produces exactly the diagnostics its markers state", arguments: cases.map(\.name))
    func markers(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let run = try FixtureHarness.run(c)
        let expected = try c.files.flatMap(FixtureHarness.expectations)
        #expect(!expected.isEmpty, "a fixture must state at least one diagnostic")
        let marksNotes = expected.contains { $0.severity == "note" }
        var unmatched = FixtureHarness.actual(run).filter { marksNotes || $0.severity != "note" }
        for e in expected {
            if let i = unmatched.firstIndex(where: { $0.file == e.file && $0.line == e.line && $0.column == e.column && $0.code == e.code && $0.severity == e.severity && (e.message == nil || e.message == $0.message) }) {
                unmatched.remove(at: i)
            } else {
                Issue.record("expected but not reported: \(e)\nreported: \(FixtureHarness.actual(run).map(\.description).joined(separator: "\n"))")
            }
        }
        for extra in unmatched {
            Issue.record("reported but not expected: \(extra)")
        }
    }

    @Test("each fixture renders exactly as its golden text and JSON", arguments: cases.map(\.name))
    func goldens(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.name == name })
        let run = try FixtureHarness.run(c)
        let report = CheckReport(diagnostics: run.diagnostics, fileCount: run.fileCount, sources: run.compilation.sources, toolVersion: "test")
        if let difference = FixtureHarness.compareGolden(TextReporter(color: false).render(report), path: c.goldenStem + ".txt") {
            Issue.record(Comment(rawValue: difference))
        }
        if let difference = FixtureHarness.compareGolden(JSONReporter().render(report), path: c.goldenStem + ".json") {
            Issue.record(Comment(rawValue: difference))
        }
    }

    @Test("every diagnostic code of the front end and structural checks has a fixture")
    func everyCodeHasAFixture() throws {
        var seen: Set<String> = []
        for c in Self.cases {
            for file in c.files { try FixtureHarness.expectations(in: file).forEach { seen.insert($0.code) } }
        }
        let frontEnd = ["syntax-error", "unknown-key", "duplicate-key", "missing-key", "invalid-value", "duplicate-id",
                        "undefined-reference", "type-mismatch", "unknown-enum-value", "cycle", "unreachable-node",
                        "unused-outcome", "unused-input", "import-error", "duplicate-case", "missing-case"]
        for code in frontEnd {
            #expect(seen.contains(code), "no fixture produces `\(code)`")
        }
    }
}

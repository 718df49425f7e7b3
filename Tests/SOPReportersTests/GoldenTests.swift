import SOPCore
import SOPReporters
import Testing

/// Whole outputs of every format for the fixture report, compared with reviewed files under `Golden/`.
@Suite struct GoldenTests {
    @Test func text() throws {
        try Snapshot.assertMatches(TextReporter(color: false).render(Fixture.report), file: Snapshot.goldenURL("report.txt"))
    }

    @Test func textWithColor() throws {
        try Snapshot.assertMatches(TextReporter(color: true).render(Fixture.report), file: Snapshot.goldenURL("report.color.txt"))
    }

    @Test func json() throws {
        try Snapshot.assertMatches(JSONReporter().render(Fixture.report), file: Snapshot.goldenURL("report.json"))
    }

    @Test func sarif() throws {
        let output = SARIFReporter(currentDirectory: "/home/ci/repo").render(Fixture.report)
        try Snapshot.assertMatches(output, file: Snapshot.goldenURL("report.sarif"))
    }

    @Test func github() throws {
        let output = GitHubReporter(currentDirectory: "/home/ci/repo").render(Fixture.report)
        try Snapshot.assertMatches(output, file: Snapshot.goldenURL("report.github.txt"))
    }

    @Test func cleanRunText() throws {
        let report = CheckReport(diagnostics: [], fileCount: 2, sources: [:], toolVersion: "0.1.0")
        #expect(TextReporter(color: false).render(report) == "no problems in 2 files\n")
        #expect(GitHubReporter().render(report) == "")
    }
}

import Foundation
import SOPCore
import SOPReporters
import Testing

/// Each file shows at most `CheckReport.maxPerFile` diagnostics, then one `more-diagnostics` note; the
/// counts and every output format still account for all of them.
@Suite struct DiagnosticCapTests {
    /// `errors` errors and `warnings` warnings in `file`, one per line.
    private func diagnostics(_ file: String, errors: Int, warnings: Int) -> [Diagnostic] {
        (0..<(errors + warnings)).map { i in
            let at = SourceLocation(line: i + 1, column: 1, offset: i * 10)
            let code: DiagnosticCode = i < errors ? .unknownKey : .unusedOutcome
            return Diagnostic(code, at: SourceSpan(file: file, range: SourceRange(start: at, end: at)), "finding \(i)")
        }
    }

    @Test("a file past the bound shows its first diagnostics and one note counting the rest; the summary counts all")
    func capPerFile() {
        let all = diagnostics("a.sop.yaml", errors: 7, warnings: 5) + diagnostics("b.sop.yaml", errors: 2, warnings: 0)
        let report = CheckReport(diagnostics: all, fileCount: 2, toolVersion: "0", maxPerFile: 4)
        #expect(report.diagnostics.map(\.message) == [
            "finding 0", "finding 1", "finding 2", "finding 3",
            "… 8 more diagnostics not shown in this file (3 errors, 5 warnings)",
            "finding 0", "finding 1",
        ])
        let note = report.diagnostics[4]
        #expect(note.code == .moreDiagnostics && note.severity == .note && note.file == "a.sop.yaml")
        #expect(report.errorCount == 9 && report.warningCount == 5)
        #expect(report.summaryLine == "9 errors, 5 warnings in 2 files")
        // At or under the bound nothing changes.
        let exact = CheckReport(diagnostics: all, fileCount: 2, toolVersion: "0", maxPerFile: 12)
        #expect(exact.diagnostics == all)
    }

    @Test("text, JSON, SARIF and GitHub outputs all end a capped file with the note, and stay small")
    func everyFormat() throws {
        let all = diagnostics("a.sop.yaml", errors: 20_000, warnings: 0)
        let report = CheckReport(diagnostics: all, fileCount: 1, toolVersion: "0", maxPerFile: 10)
        let message = "… 19990 more diagnostics not shown in this file (19990 errors)"
        for id in Reporters.identifiers {
            let reporter = try #require(Reporters.named(id))
            let out = reporter.render(report)
            // Uncapped, 20,000 diagnostics take megabytes in every format.
            #expect(out.count < 200_000, "\(id): \(out.count) characters")
            #expect(out.contains(id == "github" ? "sopc more-diagnostics::" : "more-diagnostics"), "\(id)")
            #expect(out.contains(id == "github" ? message.replacingOccurrences(of: "%", with: "%25") : message), "\(id)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(JSONReporter().render(report).utf8)) as? [String: Any]
        #expect(((json?["summary"] as? [String: Any])?["errors"] as? Int) == 20_000)
        #expect((json?["diagnostics"] as? [Any])?.count == 11)
        let sarif = try JSONSerialization.jsonObject(with: Data(SARIFReporter().render(report).utf8)) as? [String: Any]
        let results = ((sarif?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == 11 && results.last?["level"] as? String == "note")
    }

    @Test("the one spelling of a cut list")
    func moreNotShown() {
        #expect(MoreNotShown.text(3) == "… 3 more not shown")
        #expect(MoreNotShown.line(2, "failures", indent: " ") == " … 2 more failures not shown\n")
        #expect(MoreNotShown.line(0) == "")
        #expect(MoreNotShown.text(4, "routes", atLeast: true) == "… at least 4 more routes not shown")
        // Counting stopped before it found any: no number rather than "at least 0".
        #expect(MoreNotShown.text(0, "routes", atLeast: true) == "… more routes not shown")
    }
}

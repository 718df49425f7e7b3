import Foundation
import SOPCore
import SOPReporters
import Testing

/// The diagnostic catalog's documentation: complete, unique, and the generated reference up to date.
@Suite struct CatalogTests {
    @Test func codesAreUniqueAndWellFormed() {
        let ids = DiagnosticCode.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate codes: \(ids.filter { id in ids.count { $0 == id } > 1 })")
        for id in ids {
            #expect(id.wholeMatch(of: /[a-z]+(-[a-z]+)*/) != nil, "`\(id)` is not kebab-case")
            #expect(DiagnosticCode.named(id)?.id == id)
        }
    }

    @Test(arguments: DiagnosticCode.all)
    func documentationIsWritten(_ code: DiagnosticCode) {
        for (field, text) in [("summary", code.summary), ("explanation", code.explanation), ("example", code.example), ("fixed", code.fixed)] {
            #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(code.id): empty \(field)")
            #expect(!text.contains("PLACEHOLDER"), "\(code.id): \(field) is a placeholder")
        }
        #expect(code.example != code.fixed, "\(code.id): the fixed fragment is the example unchanged")
        // Messages' style applies to summaries: lower-case start, no trailing period.
        #expect(code.summary.first?.isLowercase == true && !code.summary.hasSuffix("."), "\(code.id): summary style")
        #expect(code.explanation.count > 300, "\(code.id): explanation too short to say what, why and how to fix")
    }

    @Test func explainTextHasEverySection() throws {
        let code = try #require(DiagnosticCode.named("dead-branch"))
        let text = ExplainRenderer.text(code)
        #expect(text.hasPrefix("dead-branch (warning): a branch can never be taken by any case that reaches its node\n\n"))
        let example = try #require(text.range(of: "\nExample:\n\n"))
        let fixed = try #require(text.range(of: "\nFixed:\n\n"))
        #expect(example.upperBound < fixed.lowerBound)
        // Fragments are indented by four spaces so they stand apart from the prose.
        #expect(text.contains("\n    nodes:\n      check_risk:\n"))
        #expect(text.hasSuffix("      - else: close\n"))
    }

    @Test func explainMarkdownFencesFragments() throws {
        let code = try #require(DiagnosticCode.named("missing-case"))
        let markdown = ExplainRenderer.markdown(code)
        #expect(markdown.hasPrefix("## missing-case\n\nSeverity: **error**. Reports that a switch has no case for a value and no `else`.\n\n"))
        #expect(markdown.components(separatedBy: "```yaml\n").count == 3)
        #expect(markdown.hasSuffix("      APAC: escalate\n```\n"))
    }

    @Test func catalogMarkdownListsEveryCodeInOrder() {
        let markdown = ExplainRenderer.catalogMarkdown()
        var position = markdown.startIndex
        for code in DiagnosticCode.all {
            guard let found = markdown.range(of: "\n## \(code.id)\n", range: position..<markdown.endIndex) else {
                Issue.record("`\(code.id)` missing or out of catalog order")
                return
            }
            position = found.upperBound
            #expect(markdown.contains("| [`\(code.id)`](#\(code.id)) | \(code.defaultSeverity.rawValue) |"))
        }
    }

    /// `docs/diagnostics.md` is generated from the catalog; a stale copy fails here (re-record with `SOPC_RECORD=1`).
    @Test func diagnosticsReferenceIsUpToDate() throws {
        let root = try #require(Snapshot.packageRoot())
        let url = root.appendingPathComponent("docs").appendingPathComponent("diagnostics.md")
        try Snapshot.assertMatches(ExplainRenderer.catalogMarkdown(), file: url)
    }
}

import SOPCore
import SOPReporters
import Testing

/// Workflow-command lines and their escaping.
@Suite struct GitHubReporterTests {
    @Test func dataEscaping() {
        #expect(GitHubReporter.escapeData("50% off\r\nnext: a,b") == "50%25 off%0D%0Anext: a,b")
        #expect(GitHubReporter.escapeData("%0A") == "%250A")
    }

    @Test func propertyEscaping() {
        #expect(GitHubReporter.escapeProperty("a:b,c%d\ne\rf") == "a%3Ab%2Cc%25d%0Ae%0Df")
        #expect(GitHubReporter.escapeProperty("plain/path.sop.yaml") == "plain/path.sop.yaml")
    }

    @Test func oneLinePerDiagnosticWithEscapedFieldsAndExtras() {
        let span = SourceSpan(file: "/repo/trees/a,b: c.sop.yaml", range: SourceRange(
            start: SourceLocation(line: 3, column: 5, offset: 20), end: SourceLocation(line: 3, column: 9, offset: 24)))
        let d = Diagnostic(
            .deadBranch, at: span, "branch `x` is never taken: 100% shadowed",
            notes: [Note("earlier branch", at: span), Note("plain note")],
            help: "remove it",
            witness: Witness([.init(input: "tier", value: .string("a,b"))]))
        let output = GitHubReporter(currentDirectory: "/repo").render(CheckReport(diagnostics: [d], fileCount: 1, toolVersion: "0"))
        #expect(output == "::warning file=trees/a%2Cb%3A c.sop.yaml,line=3,col=5,endLine=3,endColumn=9,title=sopc dead-branch::"
            + "branch `x` is never taken: 100%25 shadowed%0Anote: earlier branch (trees/a,b: c.sop.yaml:3:5)%0Anote: plain note"
            + "%0Ahelp: remove it%0Awitness: tier=\"a,b\"\n")
        #expect(output.count { $0 == "\n" } == 1)
    }

    @Test func errorsUseTheErrorCommand() {
        let d = Diagnostic(.cycle, at: SourceSpan(file: "./x.sop.yaml", range: .fileStart), "loop")
        let output = GitHubReporter(currentDirectory: "/repo").render(CheckReport(diagnostics: [d, d], fileCount: 1, toolVersion: "0"))
        #expect(output == String(repeating: "::error file=x.sop.yaml,line=1,col=1,endLine=1,endColumn=1,title=sopc cycle::loop\n", count: 2))
    }
}

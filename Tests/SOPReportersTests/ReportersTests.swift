import SOPReporters
import Testing

/// The `--format` registry.
@Suite struct ReportersTests {
    @Test func everyIdentifierNamesItsReporter() {
        #expect(Reporters.identifiers == ["text", "json", "sarif", "github"])
        for identifier in Reporters.identifiers {
            let reporter = Reporters.named(identifier)
            #expect(reporter.map { type(of: $0).identifier } == identifier)
        }
        #expect(Reporters.named("xml") == nil)
        #expect(Reporters.named("TEXT") == nil)
    }

    @Test func colorReachesTheTextReporter() {
        #expect((Reporters.named("text", color: true) as? TextReporter)?.color == true)
        #expect((Reporters.named("text") as? TextReporter)?.color == false)
    }

    @Test func renderingIsDeterministic() {
        for identifier in Reporters.identifiers {
            guard let reporter = Reporters.named(identifier) else { continue }
            #expect(reporter.render(Fixture.report) == reporter.render(Fixture.report))
        }
    }
}

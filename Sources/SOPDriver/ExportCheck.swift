import SOPChecks
import SOPCompiler
import SOPCore
import SOPGraph

/// What an export checks before it writes anything, and refuses on.
///
/// An export needs a correct graph, not a proof about every case: it runs the front end and the structural
/// checks (syntax, types, references, cycles) and replays the worked examples (the handbook and the page
/// present them as the right answers), and refuses on any error these find. It does not run the semantic
/// analyses (dead and ambiguous branches, gaps, redundant guards): on a large SOP they cost several times
/// the export itself, and `sopc check` is where they are reported. The analysis an exporter shows (routes,
/// reaching conditions, scenario cases) it computes itself, for what it shows.
public enum ExportCheck {
    /// The errors that refuse an export of `compilation`, in source order; empty when it may be exported.
    public static func errors(_ compilation: Compilation) -> [Diagnostic] {
        let structural = CheckRun.check(compilation, semantic: false).diagnostics.filter { $0.severity == .error }
        guard structural.isEmpty else { return structural }
        var sink = DiagnosticSink()
        let examples = ExampleMismatchCheck()
        for sop in compilation.program.sops where !sop.examples.isEmpty {
            examples.run(CheckContext(program: compilation.program, sop: sop.id), into: &sink)
        }
        return sink.shown.filter { $0.severity == .error }.sorted(by: Diagnostic.sourceOrder)
    }
}

import SOPChecks
import SOPCompiler
import SOPCore
import SOPGraph

/// One run of the checker over a set of files: what `sopc check` prints and tests assert on.
public struct CheckRun: Sendable {
    public var compilation: Compilation
    /// Every finding to show, in source order.
    public var diagnostics: [Diagnostic]
    /// Findings accepted with `allow:`, in source order (shown with `--show-allowed`).
    public var allowed: [Diagnostic]
    /// How much of the semantic analysis was proven.
    public var coverage = AnalysisCoverage()
    /// Whether the semantic analyses were cancelled before they finished: the findings are then empty and
    /// stand for nothing.
    public var cancelled = false

    /// Compiles `files` (folders already expanded) and runs every check on them.
    public static func check(files: [String], loader: any SourceLoader = DiskLoader(), projectRoot: String? = nil, limits: AnalysisLimits = .default, semantic: Bool = true) throws(InputError) -> CheckRun {
        let compilation = try Compiler.compile(files: files, loader: loader, projectRoot: projectRoot)
        return check(compilation, limits: limits, semantic: semantic)
    }

    /// Runs every check on a compilation; `semantic: false` skips the solver-based analyses. When
    /// `cancellation` fires, the semantic analyses stop early and the run comes back `cancelled`, with
    /// findings that must not be shown.
    public static func check(_ compilation: Compilation, limits: AnalysisLimits = .default, semantic: Bool = true,
                             cancellation: Cancellation = .never) -> CheckRun {
        let sink = Checks.run(on: compilation.program, valid: compilation.validSOPs, limits: limits, semantic: semantic, cancellation: cancellation)
        if semantic && cancellation.isCancelled {
            return CheckRun(compilation: compilation, diagnostics: [], allowed: [], cancelled: true)
        }
        let found = DerivedFindings.drop(from: compilation.diagnostics + sink.shown, compilation.program)
        let diagnostics = StructuralFixes.attach(to: found.sorted(by: Diagnostic.sourceOrder), compilation)
        return CheckRun(compilation: compilation, diagnostics: diagnostics, allowed: sink.allowed.sorted(by: Diagnostic.sourceOrder), coverage: sink.coverage)
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    /// Every file compiled: those named and those they import.
    public var fileCount: Int { compilation.sources.count }
}

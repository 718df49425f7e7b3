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

    /// Compiles `files` (folders already expanded) and runs every check on them.
    public static func check(files: [String], loader: any SourceLoader = DiskLoader(), projectRoot: String? = nil, limits: AnalysisLimits = .default, semantic: Bool = true) throws(InputError) -> CheckRun {
        let compilation = try Compiler.compile(files: files, loader: loader, projectRoot: projectRoot)
        return check(compilation, limits: limits, semantic: semantic)
    }

    /// Runs every check on a compilation.
    /// Runs every check on a compilation; `semantic: false` skips the solver-based analyses.
    public static func check(_ compilation: Compilation, limits: AnalysisLimits = .default, semantic: Bool = true) -> CheckRun {
        let sink = Checks.run(on: compilation.program, valid: compilation.validSOPs, limits: limits, semantic: semantic)
        let found = DerivedFindings.drop(from: compilation.diagnostics + sink.shown, compilation.program)
        let diagnostics = StructuralFixes.attach(to: found.sorted(by: Diagnostic.sourceOrder), compilation)
        return CheckRun(compilation: compilation, diagnostics: diagnostics, allowed: sink.allowed.sorted(by: Diagnostic.sourceOrder), coverage: sink.coverage)
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    /// Every file compiled: those named and those they import.
    public var fileCount: Int { compilation.sources.count }
}

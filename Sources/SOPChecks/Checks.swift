import SOPCore
import SOPGraph

/// The registry: every analysis, in the order they run. Adding a check touches its file, this list, its
/// fixture and its documentation.
public enum Checks {
    public static let all: [any Check] = [
        DeadBranchCheck(),
        AmbiguousBranchesCheck(),
        IncompleteNodeCheck(),
        InfeasibleNodeCheck(),
        UnreachableOutcomeCheck(),
        RedundantGuardCheck(),
        ExampleMismatchCheck(),
        AnalysisLimitCheck(),
    ]

    /// Runs every check on every SOP whose file is in `files` (all SOPs when `files` is nil).
    /// Semantic checks run only when `programIsValid` (the compilation reported no errors).
    public static func run(on program: Program, files: Set<String>? = nil, programIsValid: Bool, limits: AnalysisLimits = .default) -> DiagnosticSink {
        var sink = DiagnosticSink()
        for sop in program.sops where files?.contains(sop.file) ?? true {
            let context = CheckContext(program: program, sop: sop.id, limits: limits)
            for check in all where programIsValid || !check.needsValidProgram {
                check.run(context, into: &sink)
            }
        }
        return sink
    }
}

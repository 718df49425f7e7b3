import SOPCore
import SOPGraph

/// The registry: every analysis, in the order they run. Adding a check touches its file, this list, its
/// fixture and its documentation.
public enum Checks {
    public static let all: [any Check] = [
        CycleCheck(),
        UnreachableNodeCheck(),
        UnusedInputCheck(),
        UnusedOutcomeCheck(),
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
    ///
    /// Structural checks run first, on everything. Checks that need a valid program then run only on the
    /// SOPs in `valid` (compiled without errors) that the structural checks also found no error in, nor in
    /// any SOP they import: a cycle, say, would make path conditions meaningless. With `semantic: false`
    /// they do not run at all.
    public static func run(on program: Program, valid: Set<SOPID>, files: Set<String>? = nil, limits: AnalysisLimits = .default, semantic: Bool = true) -> DiagnosticSink {
        var sink = DiagnosticSink()
        var broken: Set<String> = []
        let selected = program.sops.filter { files?.contains($0.file) ?? true }
        let structuralChecks = all.filter { !$0.needsValidProgram }
        for sop in program.sops {
            let context = CheckContext(program: program, sop: sop.id, limits: limits, compiledCleanly: valid.contains(sop.id))
            // Independent checks run side by side; their findings are joined in registry order.
            let sinks = Parallel.mapChunks(count: structuralChecks.count, minimumPerWorker: 1) { range -> DiagnosticSink in
                var sink = DiagnosticSink()
                for i in range { structuralChecks[i].run(context, into: &sink) }
                return sink
            }
            var structural = DiagnosticSink()
            for s in sinks { structural.append(s) }
            if structural.shown.contains(where: { $0.severity == .error }) { broken.insert(sop.file) }
            if files?.contains(sop.file) ?? true { sink.append(structural) }
        }
        for sop in selected where semantic && valid.contains(sop.id) && !importsAny(sop.id, of: broken, in: program) {
            let context = CheckContext(program: program, sop: sop.id, limits: limits)
            for check in all where check.needsValidProgram {
                check.run(context, into: &sink)
            }
        }
        return sink
    }

    private static func importsAny(_ sop: SOPID, of files: Set<String>, in program: Program) -> Bool {
        var stack = [sop], seen: Set<SOPID> = []
        while let s = stack.popLast() {
            guard seen.insert(s).inserted else { continue }
            if files.contains(program[s].file) { return true }
            stack += program[s].imports
        }
        return false
    }

    /// Runs every check, treating the whole program as valid or not.
    public static func run(on program: Program, files: Set<String>? = nil, programIsValid: Bool, limits: AnalysisLimits = .default) -> DiagnosticSink {
        run(on: program, valid: programIsValid ? Set(program.sops.map(\.id)) : [], files: files, limits: limits)
    }
}

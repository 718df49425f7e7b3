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
    /// they do not run at all. Once `cancellation` fires they stop early, and their findings are incomplete:
    /// the caller must check `cancellation` and drop the result.
    public static func run(on program: Program, valid: Set<SOPID>, files: Set<String>? = nil, limits: AnalysisLimits = .default, semantic: Bool = true,
                           cancellation: Cancellation = .never) -> DiagnosticSink {
        var sink = DiagnosticSink()
        var broken: Set<String> = []
        let selected = program.sops.filter { files?.contains($0.file) ?? true }
        let structuralChecks = all.filter { !$0.needsValidProgram }
        let usage = ProgramUsage(program)
        for sop in program.sops {
            let context = CheckContext(program: program, sop: sop.id, limits: limits, analysisSteps: nil, compiledCleanly: valid.contains(sop.id),
                                       cancellation: .never, usage: usage)
            // Independent checks run side by side, each taken by the next free worker (a few of them cost
            // most of the time); their findings are joined in registry order.
            let sinks = Parallel.map(count: structuralChecks.count) { i -> DiagnosticSink in
                var sink = DiagnosticSink()
                structuralChecks[i].run(context, into: &sink)
                return sink
            }
            var structural = DiagnosticSink()
            for s in sinks { structural.append(s) }
            if structural.shown.contains(where: { $0.severity == .error }) { broken.insert(sop.file) }
            if files?.contains(sop.file) ?? true { sink.append(structural) }
        }
        // Each SOP's analysis is independent of every other's (a caller never analyses its callees), so
        // SOPs run side by side; their findings are joined in SOP order.
        let tainted = importing(broken, in: program)
        let analysed = selected.filter { semantic && valid.contains($0.id) && !tainted.contains($0.id) }
        let semanticChecks = all.filter(\.needsValidProgram)
        // The run's analysis budget, in equal shares: the whole run stays within it whatever the input.
        let share = limits.stepsPerSOP(among: analysed.count)
        let sinks = Parallel.map(count: analysed.count) { k -> DiagnosticSink in
            let context = CheckContext(program: program, sop: analysed[k].id, limits: limits, analysisSteps: share, cancellation: cancellation)
            var sink = DiagnosticSink()
            for check in semanticChecks where !cancellation.isCancelled { check.run(context, into: &sink) }
            sink.coverage = context.semanticModel.coverage
            return sink
        }
        for s in sinks { sink.append(s) }
        // Say once per SOP when its semantic checks did not run, so fixing its errors brings no surprise.
        // (Also with `semantic: false`, so that a first, structural report already says it.)
        for sop in selected where !valid.contains(sop.id) || tainted.contains(sop.id) {
            let own = !valid.contains(sop.id) || broken.contains(sop.file)
            let reason = own ? "it has errors" : "a SOP it imports has errors"
            sink.emit(Diagnostic(
                .analysisSkipped, at: SourceSpan(file: sop.file, range: sop.range),
                "semantic checks of `\(sop.name)` skipped: \(reason)",
                notes: [Note("dead branches, ambiguous branches, gaps and other semantic findings are reported once the errors are fixed")]))
        }
        for sop in selected { sink.apply(fileAllow: sop.allow, to: sop.file) }
        // An entry is stale only where the check behind its code ran: the structural checks on a SOP that
        // compiled cleanly, the semantic ones on a SOP they analysed without hitting a limit.
        let analysedIDs = Set(analysed.map(\.id))
        let limited = Set((sink.shown + sink.allowed).filter { $0.code == .analysisLimit }.map(\.file))
        let structuralCodes = Set(structuralChecks.flatMap(\.codes).map(\.id) + [DiagnosticCode.analysisSkipped.id])
        let semanticCodes = Set(semanticChecks.flatMap(\.codes).map(\.id))
        for sop in selected where valid.contains(sop.id) {
            let judged = analysedIDs.contains(sop.id) && !limited.contains(sop.file) ? structuralCodes.union(semanticCodes) : structuralCodes
            for (list, place) in program.allowLists(of: sop.id) {
                for entry in list.entries where judged.contains(entry.code) && !sink.used.contains(AllowUse(file: sop.file, range: entry.range)) {
                    sink.emit(Diagnostic(
                        .unusedAllow, at: SourceSpan(file: sop.file, range: entry.range),
                        "`allow: [\(entry.code)]` on \(place) accepts no finding", help: "remove it"), allowedBy: [])
                }
            }
        }
        return sink
    }

    /// The SOPs whose file is in `files` or that import such a SOP, directly or not; each SOP is visited
    /// once, so this costs one pass over the import graph.
    private static func importing(_ files: Set<String>, in program: Program) -> Set<SOPID> {
        var state: [SOPID: Bool] = [:]
        for root in program.sops.map(\.id) where state[root] == nil {
            // Iterative post-order: a SOP is tainted once all its imports are decided.
            var stack: [(SOPID, Int)] = [(root, 0)]
            var onStack: Set<SOPID> = [root]
            while let (s, next) = stack.last {
                let imports = program[s].imports
                if next < imports.count {
                    stack[stack.count - 1].1 += 1
                    let i = imports[next]
                    if state[i] == nil && onStack.insert(i).inserted { stack.append((i, 0)) }
                    continue
                }
                stack.removeLast()
                onStack.remove(s)
                state[s] = files.contains(program[s].file) || imports.contains { state[$0] == true }
            }
        }
        return Set(state.filter(\.value).keys)
    }

    /// Runs every check, treating the whole program as valid or not.
    public static func run(on program: Program, files: Set<String>? = nil, programIsValid: Bool, limits: AnalysisLimits = .default) -> DiagnosticSink {
        run(on: program, valid: programIsValid ? Set(program.sops.map(\.id)) : [], files: files, limits: limits)
    }
}

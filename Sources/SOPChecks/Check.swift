import SOPCore
import SOPGraph
import SOPSolver

/// One analysis over the checked graph. Each lives in its own file and is listed once in `Checks.all`.
public protocol Check: Sendable {
    /// The codes this check can report.
    var codes: [DiagnosticCode] { get }
    /// Whether the check needs an error-free program (semantic analyses do; structural ones do not).
    var needsValidProgram: Bool { get }
    /// Reports findings about one SOP of the program.
    func run(_ context: CheckContext, into sink: inout DiagnosticSink)
}

extension Check {
    public var needsValidProgram: Bool { false }
}

/// What a check sees: the whole program and the SOP under check.
public struct CheckContext: Sendable {
    public let program: Program
    public let sop: SOPID
    /// Work bounds for analyses that could otherwise explode.
    public let limits: AnalysisLimits
    /// The most solver steps this SOP's semantic analysis may take in all (its share of the run's).
    public let analysisSteps: Int
    /// Whether the SOP compiled without errors. When it did not, some guards were dropped, so checks that
    /// reason about what guards read should stay quiet rather than report noise.
    public let compiledCleanly: Bool
    /// Expensive per-SOP results shared by the checks that run on this context.
    package let cache = AnalysisCache()
    /// Stops the semantic analyses early (their findings are then dropped by whoever cancelled).
    public let cancellation: Cancellation
    /// What the whole program reads and ends in, when the run made it once for every SOP's context.
    package let usage: ProgramUsage?

    /// `analysisSteps` defaults to the whole run's budget (one SOP analysed).
    public init(program: Program, sop: SOPID, limits: AnalysisLimits = .default, analysisSteps: Int? = nil, compiledCleanly: Bool = true,
                cancellation: Cancellation = .never) {
        self.init(program: program, sop: sop, limits: limits, analysisSteps: analysisSteps, compiledCleanly: compiledCleanly,
                  cancellation: cancellation, usage: nil)
    }

    package init(program: Program, sop: SOPID, limits: AnalysisLimits, analysisSteps: Int?, compiledCleanly: Bool, cancellation: Cancellation,
                 usage: ProgramUsage?) {
        self.program = program
        self.sop = sop
        self.limits = limits
        self.analysisSteps = analysisSteps ?? limits.runSteps
        self.compiledCleanly = compiledCleanly
        self.cancellation = cancellation
        self.usage = usage
    }

    /// What the whole program reads and ends in: the run's, or made now.
    package var programUsage: ProgramUsage { usage ?? ProgramUsage(program) }

    public var file: String { program[sop].file }

    /// A span in the SOP's file.
    public func span(_ range: SourceRange) -> SourceSpan {
        SourceSpan(file: program[sop].file, range: range)
    }
}

/// Bounds on analysis work; hitting one reports `analysis-limit` instead of running for minutes.
public struct AnalysisLimits: Hashable, Sendable {
    /// The most solver steps (case splits and domain refinements) one query may take.
    public var solverSteps: Int
    /// The most solver steps the semantic analysis of one run may take in all, shared equally by the SOPs
    /// it analyses: a global bound on top of each question's, so no input makes a check run for minutes.
    public var runSteps: Int
    /// Boxes of cases kept per node (`docs/analysis.md`, "Boxes of cases"); 0 leaves them out. They prove
    /// questions about deep nodes of very large SOPs that nothing else reaches, at about a third more
    /// analysis time on every SOP, so `sopc check` keeps them for `--deep`.
    public var boxes: Int
    public init(solverSteps: Int, runSteps: Int = AnalysisLimits.defaultRunSteps, boxes: Int = 0) {
        self.solverSteps = solverSteps
        self.runSteps = runSteps
        self.boxes = boxes
    }
    public static let defaultRunSteps = 20_000_000
    public static let `default` = AnalysisLimits(solverSteps: 200_000)
    /// `sopc check --deep`: the default bounds, with boxes of cases.
    public static let deep = AnalysisLimits(solverSteps: 200_000, boxes: SemanticModel.boxLimit)

    /// Each SOP's share of `runSteps` when `count` SOPs are analysed: equal shares, so what a SOP may
    /// spend never depends on the order or the threads the analyses run on.
    public func stepsPerSOP(among count: Int) -> Int {
        max(1, runSteps / max(1, count))
    }
}

/// An `allow:` entry, named by its file and the range of its code (the same entry whatever check used it).
public struct AllowUse: Hashable, Sendable {
    public var file: String
    public var range: SourceRange
    public init(file: String, range: SourceRange) {
        self.file = file
        self.range = range
    }
}

/// Collects a check's findings, setting aside those accepted with `allow:` on the input, outcome, node or
/// branch they are about (file-level `allow:` is applied once all checks ran, by `Checks.run`), and
/// remembering which entries accepted something (the others are `unused-allow`).
public struct DiagnosticSink: Sendable {
    public private(set) var shown: [Diagnostic] = []
    public private(set) var allowed: [Diagnostic] = []
    /// The `allow:` entries that accepted at least one finding.
    public private(set) var used: Set<AllowUse> = []
    /// How much of the semantic analysis of the SOPs checked was proven.
    public var coverage = AnalysisCoverage()

    public init() {}

    /// Files a finding; it is set aside when the branch at `branch` of `node`, `node` itself, `input` or
    /// `outcome` lists its code in `allow:` (the most specific list that does is the one used).
    public mutating func emit(_ diagnostic: Diagnostic, node: Node? = nil, branch: Int? = nil, input: Input? = nil, outcome: Outcome? = nil) {
        var lists: [AllowList] = []
        if let node, let branch, node.branches.indices.contains(branch) { lists.append(node.branches[branch].allow) }
        if let node { lists.append(node.allow) }
        if let input { lists.append(input.allow) }
        if let outcome { lists.append(outcome.allow) }
        emit(diagnostic, allowedBy: lists)
    }

    /// Files a finding, set aside when one of `lists` accepts its code.
    public mutating func emit(_ diagnostic: Diagnostic, allowedBy lists: [AllowList]) {
        for list in lists {
            if let entry = list.entry(for: diagnostic.code.id) {
                var d = diagnostic
                d.isAllowed = true
                allowed.append(d)
                used.insert(AllowUse(file: diagnostic.file, range: entry.range))
                return
            }
        }
        shown.append(diagnostic)
    }

    /// Sets aside the shown findings in `file` whose code `list` (the file's own `allow:`) accepts.
    public mutating func apply(fileAllow list: AllowList, to file: String) {
        guard !list.isEmpty else { return }
        var kept: [Diagnostic] = []
        for d in shown {
            if d.file == file, let entry = list.entry(for: d.code.id) {
                var a = d
                a.isAllowed = true
                allowed.append(a)
                used.insert(AllowUse(file: file, range: entry.range))
            } else {
                kept.append(d)
            }
        }
        shown = kept
    }

    public mutating func append(_ other: DiagnosticSink) {
        shown += other.shown
        allowed += other.allowed
        used.formUnion(other.used)
        coverage = coverage + other.coverage
    }
}

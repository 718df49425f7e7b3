import SOPCore
import SOPGraph

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
    /// Whether the SOP compiled without errors. When it did not, some guards were dropped, so checks that
    /// reason about what guards read should stay quiet rather than report noise.
    public let compiledCleanly: Bool
    /// Expensive per-SOP results shared by the checks that run on this context.
    package let cache = AnalysisCache()
    /// Stops the semantic analyses early (their findings are then dropped by whoever cancelled).
    public let cancellation: Cancellation

    public init(program: Program, sop: SOPID, limits: AnalysisLimits = .default, compiledCleanly: Bool = true, cancellation: Cancellation = .never) {
        self.program = program
        self.sop = sop
        self.limits = limits
        self.compiledCleanly = compiledCleanly
        self.cancellation = cancellation
    }

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
    public init(solverSteps: Int) {
        self.solverSteps = solverSteps
    }
    public static let `default` = AnalysisLimits(solverSteps: 200_000)
}

/// Collects a check's findings, setting aside those a node or branch accepts with `allow:`.
public struct DiagnosticSink: Sendable {
    public private(set) var shown: [Diagnostic] = []
    public private(set) var allowed: [Diagnostic] = []

    public init() {}

    /// Files a finding; it is set aside when `node` (or its branch at `branch`) lists the code in `allow:`.
    public mutating func emit(_ diagnostic: Diagnostic, node: Node? = nil, branch: Int? = nil) {
        let code = diagnostic.code.id
        var isAllowed = node?.allow.contains(code) ?? false
        if let node, let branch, node.branches.indices.contains(branch) {
            isAllowed = isAllowed || node.branches[branch].allow.contains(code)
        }
        if isAllowed {
            var d = diagnostic
            d.isAllowed = true
            allowed.append(d)
        } else {
            shown.append(diagnostic)
        }
    }

    public mutating func append(_ other: DiagnosticSink) {
        shown += other.shown
        allowed += other.allowed
    }
}

import SOPCore
import SOPGraph

/// The answer to a satisfiability query.
public enum SolveResult: Hashable, Sendable {
    /// A complete case: every input of the query's input list set, within its declared domain.
    case satisfiable(Case)
    case unsatisfiable
    /// The query needed more steps than its bound allowed.
    case limitReached
}

/// An exact decision procedure for guards over a program's inputs, within their declared domains.
///
/// Each query encodes the inputs as finite variables (see `docs/analysis.md`), builds the formula's reduced
/// decision diagram under a step bound and reads a witness off it, preferring the first value of each
/// domain (`false`, the first enum value, the int closest to zero).
public struct Solver: Sendable {
    public let program: Program

    /// The default bound on one query's steps.
    public static let defaultStepLimit = 200_000

    /// A solver for guards over `program`'s inputs.
    public init(program: Program) {
        self.program = program
    }

    /// Decides `formula` over `inputs` (every input the formula reads is also assigned), taking at most
    /// `limit` steps.
    public func solve(_ formula: Guard, over inputs: [InputID], limit: Int = Solver.defaultStepLimit) -> SolveResult {
        let encoding = Encoding(program: program, inputs: inputs, guards: [formula])
        let dd = DecisionDiagram(sizes: encoding.sizes)
        dd.budget(limit)
        var atoms: [Guard: DecisionDiagram.Ref] = [:]
        let f = encoding.build(formula, in: dd, atoms: &atoms)
        if dd.exhausted { return .limitReached }
        guard let assignment = dd.pick(f, preference: encoding.preference) else { return .unsatisfiable }
        return .satisfiable(encoding.decode(encoding.preferred(assignment, satisfying: f, in: dd)))
    }

    /// Decides `formula` over the inputs visible to `sop`.
    public func solve(_ formula: Guard, in sop: SOPID, limit: Int = Solver.defaultStepLimit) -> SolveResult {
        solve(formula, over: program.visibleInputs(of: sop), limit: limit)
    }

    /// Whether `formula` holds for every case (`nil` when the bound is reached).
    public func isTautology(_ formula: Guard, limit: Int = Solver.defaultStepLimit) -> Bool? {
        switch solve(.not(formula), over: [], limit: limit) {
        case .satisfiable: return false
        case .unsatisfiable: return true
        case .limitReached: return nil
        }
    }

    /// `formula` rewritten readably with input names as seen from `sop`: one conjunction per disjunct,
    /// bounds merged, tautologies dropped. `nil` when the bound is reached.
    public func simplify(_ formula: Guard, from sop: SOPID, limit: Int = Solver.defaultStepLimit) -> String? {
        let encoding = Encoding(program: program, inputs: program.visibleInputs(of: sop), guards: [formula])
        let dd = DecisionDiagram(sizes: encoding.sizes)
        dd.budget(limit)
        var atoms: [Guard: DecisionDiagram.Ref] = [:]
        let f = encoding.build(formula, in: dd, atoms: &atoms)
        if dd.exhausted { return nil }
        let text = Simplifier(encoding: encoding, program: program, sop: sop).render(f, in: dd)
        return dd.exhausted ? nil : text
    }
}

/// A place an `allow:` list can be written: at the top of the file, or on an input, outcome, node or branch.
public enum AllowPlace: String, Hashable, Sendable, CaseIterable {
    case file, input, outcome, node, branch

    /// As the language names it in messages: "the file", "an input", …
    public var described: String {
        switch self {
        case .file: return "the file"
        case .input: return "an input"
        case .outcome: return "an outcome"
        case .node: return "a node"
        case .branch: return "a branch"
        }
    }
}

extension DiagnosticCode {
    /// Where an `allow:` naming this code can accept one of its findings: the places the checks report it
    /// about, and the file (which covers every finding of the code in it). Findings about the text itself
    /// (syntax, keys, names, types) are never accepted: the file means something else than it says until
    /// they are fixed. An empty list means the code cannot be allowed anywhere.
    ///
    /// This is the one table `allow:` is validated against; `DiagnosticSink.emit` is where each check says
    /// which input, outcome, node or branch a finding is about.
    public var allowPlaces: [AllowPlace] {
        switch id {
        case DiagnosticCode.unusedInput.id: return [.file, .input]
        case DiagnosticCode.unusedOutcome.id: return [.file, .outcome]
        case DiagnosticCode.unreachableOutcome.id: return [.file, .outcome, .node, .branch]
        case DiagnosticCode.deadBranch.id, DiagnosticCode.redundantGuard.id, DiagnosticCode.cycle.id: return [.file, .node, .branch]
        case DiagnosticCode.unreachableNode.id, DiagnosticCode.ambiguousBranches.id, DiagnosticCode.incompleteNode.id,
             DiagnosticCode.analysisLimit.id: return [.file, .node]
        case DiagnosticCode.exampleMismatch.id, DiagnosticCode.analysisSkipped.id: return [.file]
        default: return []
        }
    }
}

import SOPCore
import SOPGraph
import SOPSolver

extension CheckContext {
    /// The SOP's path conditions and semantic facts, shared by every semantic check.
    package var semanticModel: SemanticModel { cache.semanticModel(self) }

    /// The witness of a finding at `node`: the inputs `c` sets (in declaration order, named as the SOP
    /// names them) and the path to the node, each step flagged where `walk` would take another branch.
    package func witness(_ c: Case, path: [Walk.Step], at node: NodeID) -> Witness {
        let entries = program.visibleInputs(of: sop).compactMap { id in
            c[id].map { Witness.Entry(input: program.name(of: id, from: sop), value: $0) }
        }
        let steps = path.map { step -> Witness.Step in
            let n = program[step.node]
            var firstMatch: String?
            if case .success(let first?) = program.decide(n, for: c), first != step.branch {
                firstMatch = label(of: n.branches[first], in: n)
            }
            return Witness.Step(
                node: program.pathName(of: step.node, from: sop), branch: step.branch,
                label: label(of: n.branches[step.branch], in: n), span: span(n.branches[step.branch].range, of: n),
                firstMatch: firstMatch)
        }
        let text = DecisionPath.join(path.map { program.pathName(of: $0.node, from: sop) } + [program.pathName(of: node, from: sop)])
        return Witness(entries, path: steps, pathText: text)
    }

    /// How a branch reads in messages: its `when` text, `input == value` for a case, `else`.
    package func label(of branch: Branch, in node: Node) -> String {
        switch branch.kind {
        case .when(let source): return source
        case .case(let literal):
            if case .switch(let input) = node.form { return "\(program.name(of: input, from: sop)) == \(literal)" }
            return literal.description
        case .else: return "else"
        }
    }

    /// A span in the file of the SOP that declares `node`.
    package func span(_ range: SourceRange, of node: Node) -> SourceSpan {
        SourceSpan(file: program[node.sop].file, range: range)
    }
}

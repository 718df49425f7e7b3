import SOPCore
import SOPGraph
import SOPSolver

extension CheckContext {
    /// The SOP's path conditions and semantic facts, shared by every semantic check.
    package var semanticModel: SemanticModel { cache.semanticModel(self) }

    /// A complete witness over the inputs visible to the SOP, named as the SOP names them.
    package func witness(_ c: Case) -> Witness {
        Witness(program.visibleInputs(of: sop).compactMap { id in
            c[id].map { Witness.Entry(input: program.name(of: id, from: sop), value: $0) }
        })
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

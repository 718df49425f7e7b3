import SOPCompiler
import SOPCore
import SOPGraph

/// One typo, one finding: when a reference is misspelled and the did-you-mean names an input or outcome,
/// that input or outcome is not also reported as unused (the reference it lacks is the misspelled one).
enum DerivedFindings {
    static func drop(from diagnostics: [Diagnostic], _ program: Program) -> [Diagnostic] {
        var meant: Set<String> = []
        for d in diagnostics where d.code == .undefinedReference {
            for fix in d.fixes where fix.applicability == .safe && fix.edits.count == 1 {
                meant.insert(d.file + "\u{0}" + fix.edits[0].text)
            }
        }
        guard !meant.isEmpty else { return diagnostics }
        return diagnostics.filter { d in
            switch d.code {
            case .unusedOutcome:
                guard let o = program.outcomes.first(where: { program[$0.sop].file == d.file && $0.range == d.range }) else { return true }
                return !meant.contains(d.file + "\u{0}" + o.name) && !meant.contains(d.file + "\u{0}" + o.qualifiedName)
            case .unusedInput:
                guard let i = program.inputs.first(where: { program[$0.sop].file == d.file && $0.range == d.range }) else { return true }
                return !meant.contains(d.file + "\u{0}" + i.name)
            default:
                return true
            }
        }
    }
}

import Foundation
import SOPCore
import SOPGraph
import SOPSyntax

/// The did-you-mean for a bare name that an imported SOP declares (`no_violation` for
/// `common.no_violation`): names from an import are written with its SOP id, and the help says which
/// file declares the name. Edit distance cannot find these (the prefix is the whole difference), so they
/// are looked up by their unqualified name first.
enum ImportedNames {
    /// `did you mean `common.no_violation`? `no_violation` is declared in `common.sop.yaml` (imported here as `common`)`
    static func help(_ word: String, qualified: String, file: String, from importer: String) -> String {
        let sop = qualified.split(separator: ".", maxSplits: 1).first.map(String.init) ?? qualified
        return "did you mean `\(qualified)`? `\(word)` is declared in `\(shown(file, from: importer))`, imported here as `\(sop)`"
    }

    /// The reported finding with that help and the rename fix.
    static func report(_ code: DiagnosticCode, _ span: SourceSpan, _ message: String, word: String, qualified: String, file: String, node: String?, into diagnostics: inout DiagnosticList) {
        diagnostics.add(code, span.range, message, node: node,
                        help: help(word, qualified: qualified, file: file, from: span.file),
                        fixes: FixIt.rename(span, from: word, to: qualified).map { [$0] } ?? [])
    }

    /// `file` as the importer would name it: its bare name when both are in one folder.
    static func shown(_ file: String, from importer: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent, importerFolder = (importer as NSString).deletingLastPathComponent
        return folder == importerFolder ? (file as NSString).lastPathComponent : file
    }

    /// The qualified names in `names` (`sop.name`), by their unqualified name; the first one wins.
    static func byBareName(_ names: some Sequence<String>) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            guard let dot = name.firstIndex(of: ".") else { continue }
            let bare = String(name[name.index(after: dot)...])
            if result[bare] == nil { result[bare] = name }
        }
        return result
    }
}

/// A bare name no declaration in scope matched, kept for the hint only the whole run can give: that a
/// SOP this file does not import declares it.
struct UnresolvedName: Sendable {
    enum Kind: Sendable { case input, target }
    var span: SourceSpan
    var word: String
    var kind: Kind
    var sop: SOPID
}

extension ImportedNames {
    /// `diagnostics` with the help of each unresolved bare name that another SOP of the run declares (and
    /// that no closer suggestion answered) saying which file declares it and that it is not imported.
    static func notImported(_ names: [UnresolvedName], program: Program, in diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !names.isEmpty else { return diagnostics }
        var result = diagnostics
        var index: [SourceSpan: Int] = [:]
        for (i, d) in diagnostics.enumerated() where d.code == .undefinedReference && d.fixes.isEmpty { index[d.span] = i }
        for name in names where !name.word.contains(".") {
            guard let i = index[name.span] else { continue }
            var visible: Set<SOPID> = []
            var stack = [name.sop]
            while let s = stack.popLast() { if visible.insert(s).inserted { stack += program[s].imports } }
            let declaring = program.sops.first { other in
                guard !visible.contains(other.id) else { return false }
                switch name.kind {
                case .input: return other.inputs.contains { program[$0].name == name.word }
                case .target: return other.outcomes.contains { program[$0].name == name.word }
                }
            }
            guard let other = declaring else { continue }
            let file = shown(other.file, from: name.span.file)
            result[i].help = "`\(name.word)` is declared in `\(file)` (SOP `\(other.name)`), which this file does not import: add `\(file)` to `import:` and write `\(other.name).\(name.word)`"
        }
        return result
    }
}

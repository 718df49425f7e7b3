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
    /// `diagnostics` with the help of each unresolved name (one that no closer suggestion answered) that
    /// a SOP the file does not import declares: another SOP of the run, or a SOP file in the same folder
    /// that the run did not read (`NearbySOPs`). The help names the file and what to write; the fix adds
    /// the import and qualifies the name, `unsafe` (it adds a dependency) when one SOP declares the name,
    /// `display` for each of several.
    static func notImported(_ names: [UnresolvedName], program: Program, sites: [String: ImportSite], sources: [String: String],
                            nearby: inout NearbySOPs, in diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !names.isEmpty else { return diagnostics }
        var result = diagnostics
        var index: [SourceSpan: Int] = [:]
        for (i, d) in diagnostics.enumerated() where d.code == .undefinedReference && d.fixes.isEmpty { index[d.span] = i }
        let names = names.filter { index[$0.span] != nil }
        guard !names.isEmpty else { return diagnostics }
        let inRun = Set(program.sops.map(\.name))
        // The folder's files are read once for every name looked up there.
        var wordsByFolder: [String: Set<String>] = [:]
        for name in names { wordsByFolder[Paths.directory(of: name.span.file), default: []].insert(lookedFor(name.word)) }
        var folderCandidates: [String: [ImportCandidate]] = [:]
        for (folder, words) in wordsByFolder.sorted(by: { $0.key < $1.key }) {
            folderCandidates[folder] = nearby.candidates(in: folder, mentioning: words).filter { !inRun.contains($0.sop) }
        }
        for name in names {
            guard let i = index[name.span] else { continue }
            var visible: Set<SOPID> = []
            var stack = [name.sop]
            while let s = stack.popLast() { if visible.insert(s).inserted { stack += program[s].imports } }
            let visibleNames = Set(visible.map { program[$0].name })
            let fromRun = program.sops.filter { !visible.contains($0.id) }.map { sop in
                ImportCandidate(sop: sop.name, file: sop.file, inputs: Set(sop.inputs.map { program[$0].name }),
                                outcomes: Set(sop.outcomes.map { program[$0].name }), callable: sop.start != nil)
            }
            let all = fromRun + folderCandidates[Paths.directory(of: name.span.file), default: []]
            let matches = all.filter { declares($0, name, visible: visibleNames) }
            guard !matches.isEmpty else { continue }
            result[i].help = help(name, matches, importer: name.span.file, site: sites[name.span.file])
            result[i].fixes = fixes(name, matches, site: sites[name.span.file], source: sources[name.span.file])
        }
        return result
    }

    /// The word a file must contain to declare what `word` names: the SOP id of a qualified name.
    private static func lookedFor(_ word: String) -> String {
        word.split(separator: ".", maxSplits: 1).first.map(String.init) ?? word
    }

    /// Whether importing `c` would resolve the name: `sop.name` where the SOP is `c`, or a bare name `c`
    /// declares (an input; for a target, an outcome or `c` itself when it can be called).
    private static func declares(_ c: ImportCandidate, _ name: UnresolvedName, visible: Set<String>) -> Bool {
        if let dot = name.word.firstIndex(of: ".") {
            let sop = String(name.word[..<dot]), bare = String(name.word[name.word.index(after: dot)...])
            guard c.sop == sop, !visible.contains(sop) else { return false }
            return name.kind == .input ? c.inputs.contains(bare) : c.outcomes.contains(bare)
        }
        guard !visible.contains(c.sop) else { return false }
        switch name.kind {
        case .input: return c.inputs.contains(name.word)
        case .target: return c.outcomes.contains(name.word) || (c.callable && c.sop == name.word)
        }
    }

    /// How the importer writes the import of `c`: relative to its own folder.
    private static func importPath(_ c: ImportCandidate, from importer: String) -> String {
        Paths.relative(c.file, from: Paths.directory(of: importer)) ?? c.file
    }

    /// What the name becomes once `c` is imported: `common.no_violation`; a call or a qualified name stays.
    private static func written(_ name: UnresolvedName, _ c: ImportCandidate) -> String {
        name.word.contains(".") || (name.kind == .target && c.sop == name.word && !c.outcomes.contains(name.word)) ? name.word : "\(c.sop).\(name.word)"
    }

    private static func help(_ name: UnresolvedName, _ matches: [ImportCandidate], importer: String, site: ImportSite?) -> String {
        let qualified = name.word.contains(".")
        let paths = matches.map { importPath($0, from: importer) }
        if matches.count == 1, let c = matches.first {
            let subject: String
            if qualified {
                subject = "SOP `\(c.sop)` is"
            } else if written(name, c) == name.word {
                subject = "`\(name.word)` is the SOP"
            } else {
                subject = "`\(name.word)` is " + (name.kind == .input ? "an input" : "an outcome") + " of SOP `\(c.sop)`"
            }
            let add = site?.hasKey == false ? "add `import: [\(paths[0])]`" : "add `\(paths[0])` to `import:`"
            let write = written(name, c) == name.word ? "" : " and write `\(written(name, c))`"
            return "\(subject) in `\(paths[0])`, which this file does not import: \(add)\(write)"
        }
        let places = zip(matches, paths).prefix(3).map { c, path in qualified ? "in `\(path)`" : "SOP `\(c.sop)` in `\(path)`" }
        var list = places.dropLast().joined(separator: ", ") + " and " + places[places.count - 1]
        if matches.count > 3 { list += " (and \(matches.count - 3) more)" }
        let which = matches.count == 2 ? "neither of which" : "none of which"
        let subject = qualified ? "SOP `\(matches[0].sop)` is" : "`\(name.word)` is declared by"
        return "\(subject) \(list), \(which) this file imports: import the one you mean" + (qualified ? "" : " and write its id before the name")
    }

    private static func fixes(_ name: UnresolvedName, _ matches: [ImportCandidate], site: ImportSite?, source: String?) -> [FixIt] {
        guard let site, let source else { return [] }
        let text = SourceText(path: name.span.file, bytes: Array(source.utf8))
        return matches.prefix(3).compactMap { c -> FixIt? in
            let path = importPath(c, from: name.span.file)
            guard let add = site.edit(adding: path, in: text) else { return nil }
            let new = written(name, c)
            var edits = [add]
            if new != name.word {
                guard let rename = FixIt.rename(name.span, from: name.word, to: new) else { return nil }
                edits += rename.edits
            }
            let title = "import `\(path)`" + (new == name.word ? "" : " and write `\(new)`")
            return FixIt(title, matches.count == 1 ? .unsafe : .display, edits: edits.sorted { $0.span.range.start.offset < $1.span.range.start.offset })
        }
    }
}

import Foundation
import LanguageServerProtocol
import SOPCore

/// sopc diagnostics as LSP diagnostics: same code, range and message as `sopc check`; notes, help and
/// the witness as related information; the code linked to its documentation.
enum DiagnosticConversion {
    static func lsp(_ d: Diagnostic, in analysis: Analysis, texts: inout [String: DocumentText], encoding: PositionEncoding, documentation: String?) -> JSONValue {
        func lookup(_ file: String) -> DocumentText? {
            if let cached = texts[file] { return cached }
            let made = analysis.text(of: file)
            texts[file] = made
            return made
        }
        let text = lookup(d.file)
        let range = text?.range(d.range, encoding: encoding) ?? Range(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0))
        let uri = FileURI.uri(d.file)
        var related: [JSONValue] = []
        func relate(_ message: String, _ span: SourceSpan?) {
            var location = Location(uri: uri, range: range)
            if let span, let other = lookup(span.file) {
                location = Location(uri: FileURI.uri(span.file), range: other.range(span.range, encoding: encoding))
            }
            related.append(.object([("location", location.json), ("message", .string(message))]))
        }
        for note in d.notes { relate(note.message, note.span) }
        if let help = d.help { relate("help: " + help, nil) }
        if let witness = d.witness { relate("witness: " + witness.description, nil) }
        var members: [(String, JSONValue)] = [
            ("range", range.json),
            ("severity", .int((d.severity == .error ? DiagnosticSeverity.error : d.severity == .warning ? .warning : .information).rawValue)),
            ("code", .string(d.code.id)),
        ]
        if let documentation { members.append(("codeDescription", .object([("href", .string(documentation + "#" + d.code.id))]))) }
        members.append(("source", .string("sopc")))
        members.append(("message", .string(d.message)))
        if !related.isEmpty { members.append(("relatedInformation", .array(related))) }
        return .object(members)
    }

    /// `docs/diagnostics.md` of the sopc installation as a `file://` URL: looked for above the executable
    /// (a build tree or a checkout), then in the workspace folders.
    static func documentationURL(workspaceRoots: [String]) -> String? {
        var candidates: [String] = []
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("docs/diagnostics.md").path)
            dir = dir.deletingLastPathComponent()
        }
        for root in workspaceRoots { candidates.append(root + "/docs/diagnostics.md") }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }.map(FileURI.uri)
    }
}

extension Analysis {
    /// A file's text as this analysis read it.
    func text(of file: String) -> DocumentText? {
        if let index = files[file] { return index.text }
        return compilation.sources[file].map { DocumentText(path: file, text: $0) }
    }
}

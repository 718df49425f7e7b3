import LanguageServerProtocol
import SOPCore
import SOPSyntax

/// Quick fixes: every fix-it of the diagnostics in the range, and accepting a finding with `allow:`.
extension LanguageServer {
    func codeActions(_ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = FileURI.path(uri), let range = Range(params["range"]),
              let analysis = currentAnalysis(path), let file = analysis.files[path] else { return .array([]) }
        var actions: [JSONValue] = []
        var texts: [String: DocumentText] = [:]
        for d in analysis.diagnostics {
            let diagnosticRange = file.text.range(d.range, encoding: encoding)
            guard diagnosticRange.overlaps(range) else { continue }
            let lspDiagnostic = DiagnosticConversion.lsp(d, in: analysis, texts: &texts, encoding: encoding, documentation: documentation)
            for fix in d.fixes {
                guard let edit = workspaceEdit(fix.edits, in: analysis) else { continue }
                actions.append(.object([
                    ("title", .string(fix.title)),
                    ("kind", .string("quickfix")),
                    ("diagnostics", .array([lspDiagnostic])),
                    ("isPreferred", .bool(fix.applicability == .safe)),
                    ("edit", edit),
                ]))
            }
            if let allow = AllowEdit.edit(accepting: d, in: file) {
                guard let edit = workspaceEdit([allow], in: analysis) else { continue }
                actions.append(.object([
                    ("title", .string("accept `\(d.code.id)` at `\(d.node ?? "")` with `allow:`")),
                    ("kind", .string("quickfix")),
                    ("diagnostics", .array([lspDiagnostic])),
                    ("edit", edit),
                ]))
            }
        }
        return .array(actions)
    }

    /// sopc text edits as an LSP workspace edit, grouped by file in first-seen order.
    func workspaceEdit(_ edits: [TextEdit], in analysis: Analysis) -> JSONValue? {
        var order: [String] = []
        var byFile: [String: [JSONValue]] = [:]
        for edit in edits {
            guard let text = analysis.text(of: edit.span.file) else { return nil }
            if byFile[edit.span.file] == nil { order.append(edit.span.file) }
            byFile[edit.span.file, default: []].append(.object([
                ("range", text.range(edit.span.range, encoding: encoding).json),
                ("newText", .string(edit.text)),
            ]))
        }
        return .object([("changes", .object(order.map { (FileURI.uri($0), .array(byFile[$0]!)) }))])
    }
}

/// The edit that accepts a finding on its node: the code added to the node's `allow:` list, or an
/// `allow:` line added under the node's key.
enum AllowEdit {
    static func edit(accepting d: Diagnostic, in file: FileIndex) -> TextEdit? {
        guard let nodeName = d.node, d.file == file.path, d.code.allowPlaces.contains(.node), let node = file.node(named: nodeName) else { return nil }
        guard !node.allow.contains(where: { $0.value == d.code.id }) else { return nil }
        let text = file.text
        let keyLine = node.name.range.start.line - 1
        if let last = node.allow.last {
            // Append to the list as it is written: `[a, b]` on one line, or one `- a` item per line.
            let line = last.range.start.line - 1
            let lineText = text.lineText(line)
            if let close = lineText.lastIndex(of: "]") {
                let offset = text.source.lineStarts[line] + lineText[..<close].utf8.count
                return TextEdit(span(file, offset, offset), ", " + d.code.id)
            }
            let indent = String(lineText.prefix { $0 == " " })
            let offset = text.lineEnd(line)
            return TextEdit(span(file, offset, offset), "\n" + indent + "- " + d.code.id)
        }
        // No `allow:` yet: insert one as the node's first key, indented like the line after the key.
        guard keyLine + 1 < text.lineCount else { return nil }
        let childIndent = String(text.lineText(keyLine + 1).prefix { $0 == " " })
        guard childIndent.count > String(text.lineText(keyLine).prefix { $0 == " " }).count else { return nil }
        let offset = text.source.lineStarts[keyLine + 1]
        return TextEdit(span(file, offset, offset), childIndent + "allow: [" + d.code.id + "]\n")
    }

    private static func span(_ file: FileIndex, _ lower: Int, _ upper: Int) -> SourceSpan {
        let start = file.text.source.location(line: 0, column: 0)
        var a = start, b = start
        a.offset = lower
        b.offset = upper
        a.line = file.text.line(ofOffset: lower) + 1
        b.line = file.text.line(ofOffset: upper) + 1
        return SourceSpan(file: file.path, range: SourceRange(start: a, end: b))
    }
}

import Foundation
import LanguageServerProtocol
import SOPCore
import SOPSyntax

/// Completion from the text around the cursor: which key or value is being written is read from the
/// line and the keys above it (the text mid-edit rarely parses), the names offered come from the last
/// check of the file and its imports.
extension LanguageServer {
    static let maxCompletionItems = 200

    func completion(_ params: JSONValue) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = FileURI.path(uri), let position = Position(params["position"]),
              let document = documents[path], let analysis = currentAnalysis(path) else { return .array([]) }
        let text = document.text
        let offset = text.offset(of: position, encoding: encoding)
        let names = CompletionNames(analysis: analysis, path: path)
        let context = CompletionContext(text: text, offset: offset)
        // Only names that start with the word typed so far, and at most `maxItems` of them: a SOP of
        // 10,000 nodes would otherwise send every node on each keystroke. A cut list is marked incomplete
        // so the client asks again as the word grows.
        let word = String(decoding: text.bytes[context.wordStart..<offset], as: UTF8.self).lowercased()
        let matching = context.items(names).filter { word.isEmpty || $0.label.lowercased().hasPrefix(word) }
        let items = matching.prefix(Self.maxCompletionItems)
        // Each item replaces the word being typed, which may hold `.` and `-` (qualified names, SOP ids).
        let wordRange = Range(start: text.position(ofOffset: context.wordStart, encoding: encoding), end: position)
        return .object([
            ("isIncomplete", .bool(matching.count > items.count)),
            ("items", .array(items.map { $0.json(replacing: wordRange) })),
        ])
    }
}

struct CompletionItem: Hashable {
    var label: String
    var kind: CompletionItemKind
    var detail: String?
    var insertText: String?

    func json(replacing range: Range) -> JSONValue {
        var members: [(String, JSONValue)] = [("label", .string(label)), ("kind", .int(kind.rawValue))]
        if let detail { members.append(("detail", .string(detail))) }
        members.append(("textEdit", .object([("range", range.json), ("newText", .string(insertText ?? label))])))
        return .object(members)
    }
}

/// The names visible from one file: its own declarations written bare, those of every file it imports
/// (directly or not) written qualified.
struct CompletionNames {
    struct InputName {
        var name: String
        var type: String?
        var values: [String]
        var question: String?
    }

    var nodes: [(String, String?)] = []
    var outcomes: [(String, String?)] = []
    var inputs: [InputName] = []
    var sops: [(String, String?)] = []

    init(analysis: Analysis, path: String) {
        guard let file = analysis.files[path] else { return }
        var seen: Set<String> = [path]
        var queue = file.importedFiles
        add(file, qualifier: nil)
        while let next = queue.first {
            queue.removeFirst()
            guard seen.insert(next).inserted, let imported = analysis.files[next] else { continue }
            add(imported, qualifier: imported.sopName)
            queue += imported.importedFiles
        }
    }

    private mutating func add(_ file: FileIndex, qualifier: String?) {
        let prefix = qualifier.map { $0 + "." } ?? ""
        let syntax = file.syntax
        if qualifier == nil {
            nodes = syntax.nodes.map { ($0.name.value, $0.question?.value) }
        } else if let id = qualifier, syntax.start != nil {
            sops.append((id, syntax.title?.value))
        }
        outcomes += syntax.outcomes.map { (prefix + $0.name.value, $0.title?.value) }
        inputs += syntax.inputs.map {
            InputName(name: prefix + $0.name.value, type: $0.type?.value, values: $0.values?.map(\.value) ?? [], question: $0.question?.value)
        }
    }

    func input(_ name: String) -> InputName? { inputs.first { $0.name == name } }
}

/// Where the cursor is: the chain of keys above it and what the line holds before it.
struct CompletionContext {
    /// Keys from the document root down to the cursor's mapping; `-` stands for a list item.
    var path: [String] = []
    /// The key on the cursor's line when the cursor is in its value.
    var key: String?
    /// The value written so far, after `key:`.
    var value: String = ""
    /// Where the word being completed starts (a byte offset).
    var wordStart: Int

    init(text: DocumentText, offset: Int) {
        let prefix = text.linePrefix(upTo: offset)
        let word = prefix.unicodeScalars.reversed().prefix { CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-" || $0 == "." }
        wordStart = offset - String(String.UnicodeScalarView(word)).utf8.count
        let line = text.line(ofOffset: offset)
        let (indent, isItem, content) = Self.split(prefix)
        if isItem { path.append("-") }
        if let colon = Self.keyColon(in: content) {
            key = Self.unquote(String(content[..<colon]).trimmingCharacters(in: .whitespaces))
            value = String(content[content.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        }
        var ancestors: [String] = []
        var threshold = indent
        var l = line - 1
        while l >= 0, threshold > 0 {
            // Most lines above are deeper than the cursor: skip them on their bytes alone (in a
            // 10,000-node file the `nodes:` key is tens of thousands of lines up).
            let (spaces, first) = text.indentation(ofLine: l)
            if first == nil || first == UInt8(ascii: "#") || spaces >= threshold {
                l -= 1
                continue
            }
            let raw = text.lineText(l)
            l -= 1
            let (lineIndent, lineIsItem, lineContent) = Self.split(raw)
            let contentIndent = lineIsItem ? lineIndent + 2 : lineIndent
            guard lineIndent < threshold, contentIndent <= threshold else { continue }
            // Ancestors are collected innermost first: a key on an item's line is inside the item.
            if let colon = Self.keyColon(in: lineContent), contentIndent < threshold {
                ancestors.append(Self.unquote(String(lineContent[..<colon]).trimmingCharacters(in: .whitespaces)))
            }
            if lineIsItem { ancestors.append("-") }
            threshold = lineIndent
        }
        path = ancestors.reversed() + path
    }

    /// Indentation, whether the line starts a list item, and the rest.
    static func split(_ line: String) -> (Int, Bool, Substring) {
        var rest = Substring(line)
        var indent = 0
        while rest.first == " " { rest.removeFirst(); indent += 1 }
        if rest.hasPrefix("- ") || rest == "-" {
            rest.removeFirst(min(2, rest.count))
            while rest.first == " " { rest.removeFirst() }
            return (indent, true, rest)
        }
        return (indent, false, rest)
    }

    /// The colon ending a mapping key (`key:` followed by a space or the end), outside quotes.
    static func keyColon(in content: Substring) -> Substring.Index? {
        var quote: Character?
        var i = content.startIndex
        while i < content.endIndex {
            let c = content[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                if i == content.startIndex { quote = c }
            } else if c == ":" {
                let next = content.index(after: i)
                if next == content.endIndex || content[next] == " " { return i }
            } else if c == "#" || c == "[" || c == "{" {
                return nil
            }
            i = content.index(after: i)
        }
        return nil
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == "'" || f == "\"", s.last == f { return String(s.dropFirst().dropLast()) }
        return s
    }

    func items(_ names: CompletionNames) -> [CompletionItem] {
        let parent = path.last
        if let key {
            if key == "then" || key == "else" || (key == "start" && path.isEmpty) || (parent == "cases" && path.count == 3) {
                return targets(names)
            }
            switch key {
            case "expect": return names.outcomes.map { CompletionItem(label: $0.0, kind: .enumMember, detail: $0.1) }
            case "on": return inputItems(names)
            case "when": return expressionItems(names)
            case "type" where path.first == "inputs": return SOPFileSyntax.inputTypes.map { CompletionItem(label: $0, kind: .keyword) }
            case "severity" where path.first == "outcomes": return SOPFileSyntax.severities.map { CompletionItem(label: $0, kind: .keyword) }
            case "match": return ["exclusive", "first"].map { CompletionItem(label: $0, kind: .keyword) }
            case "allow": return DiagnosticCode.all.map { CompletionItem(label: $0.id, kind: .value, detail: $0.summary) }
            default: return []
            }
        }
        // A key is being written.
        let keys: [String]
        switch (path.first, path.count, parent) {
        case (nil, _, _): keys = SOPFileSyntax.topLevelKeys
        case ("inputs", 2, _): keys = SOPFileSyntax.inputKeys
        case ("outcomes", 2, _): keys = SOPFileSyntax.outcomeKeys
        case ("nodes", 2, _): keys = SOPFileSyntax.nodeKeys
        case ("nodes", 4, "-") where path[2] == "branches": keys = SOPFileSyntax.branchKeys
        case ("examples", 2, "-"): keys = SOPFileSyntax.exampleKeys
        case ("examples", 3, "given"): return inputItems(names)
        case ("nodes", 3, "cases"): return []
        default: keys = []
        }
        return keys.map { CompletionItem(label: $0, kind: .property, insertText: $0 + ": ") }
    }

    private func targets(_ names: CompletionNames) -> [CompletionItem] {
        names.nodes.map { CompletionItem(label: $0.0, kind: .function, detail: $0.1) }
            + names.outcomes.map { CompletionItem(label: $0.0, kind: .enumMember, detail: $0.1) }
            + names.sops.map { CompletionItem(label: $0.0, kind: .module, detail: $0.1.map { "sub-tree call: " + $0 }) }
    }

    private func inputItems(_ names: CompletionNames) -> [CompletionItem] {
        names.inputs.map { CompletionItem(label: $0.name, kind: .variable, detail: [$0.type, $0.question].compactMap { $0 }.joined(separator: ": ")) }
    }

    /// Inside a `when:` guard: values after `input ==` or `input in [`, else input names.
    private func expressionItems(_ names: CompletionNames) -> [CompletionItem] {
        var expression = value
        if let first = expression.first, first == "'" || first == "\"" { expression.removeFirst() }
        let patterns = [
            #"([A-Za-z_][\w.-]*)\s*(?:==|!=)\s*(['"]?)[\w-]*$"#,
            #"([A-Za-z_][\w.-]*)\s+(?:not\s+)?in\s*\[(?:[^\]]*,)?\s*(['"]?)[\w-]*$"#,
        ]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: expression, range: NSRange(expression.startIndex..., in: expression)),
                  let nameRange = Swift.Range(match.range(at: 1), in: expression),
                  let quoteRange = Swift.Range(match.range(at: 2), in: expression) else { continue }
            guard let input = names.input(String(expression[nameRange])) else { return [] }
            let quoted = !expression[quoteRange].isEmpty
            let values = input.type == "bool" ? ["true", "false"] : input.values
            return values.map { v in
                CompletionItem(label: v, kind: .enumMember, detail: input.name, insertText: quoted || input.type == "bool" ? v : "'\(v)'")
            }
        }
        // Inside a string literal nothing else fits.
        let quotes = expression.filter { $0 == "'" }.count
        if quotes % 2 == 1 { return [] }
        return inputItems(names) + ["and", "or", "not", "in"].map { CompletionItem(label: $0, kind: .keyword) }
    }
}

import Foundation
import LanguageServerProtocol
import SOPCompiler
import SOPCore

/// Go to definition, find references, rename.
extension LanguageServer {
    /// The open document, its analysis and the byte offset a position request points at.
    struct Target {
        var analysis: Analysis
        var file: FileIndex
        var offset: Int
    }

    func target(_ params: JSONValue) -> Target? {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = FileURI.path(uri), let position = Position(params["position"]),
              let analysis = currentAnalysis(path), let file = analysis.files[path] else { return nil }
        return Target(analysis: analysis, file: file, offset: file.text.offset(of: position, encoding: encoding))
    }

    func location(_ occurrence: Occurrence, in file: FileIndex) -> Location {
        Location(uri: FileURI.uri(file.path), range: Range(
            start: file.text.position(ofOffset: occurrence.start, encoding: encoding),
            end: file.text.position(ofOffset: occurrence.end, encoding: encoding)))
    }

    /// Where a symbol is declared, among `files`.
    func definitions(of symbol: Symbol, in files: [FileIndex]) -> [Location] {
        if case .file(let path) = symbol {
            return FileManager.default.fileExists(atPath: path) || documents[path] != nil
                ? [Location(uri: FileURI.uri(path), range: Range(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)))] : []
        }
        var result: [Location] = []
        for file in files {
            for o in file.occurrences where o.isDefinition && o.symbol == symbol {
                result.append(location(o, in: file))
            }
        }
        return result
    }

    func definition(_ params: JSONValue) -> JSONValue {
        guard let t = target(params), let occurrence = t.file.occurrence(at: t.offset) else { return .null }
        let files = t.analysis.files.keys.sorted().compactMap { t.analysis.files[$0] }
        let found = definitions(of: occurrence.symbol, in: files)
        return found.isEmpty ? .null : .array(found.map(\.json))
    }

    /// Every file references and rename look through: the open documents, what they import, and the SOP
    /// files in the workspace folders (read from the disk, indexed once per content).
    func workspaceFiles(around analysis: Analysis) -> [FileIndex] {
        var byPath: [String: FileIndex] = analysis.files
        for (path, document) in documents where byPath[path] == nil {
            byPath[path] = currentAnalysis(path)?.files[path] ?? FileIndex(path: path, text: document.text)
        }
        for (_, other) in analyses { for (path, file) in other.files where byPath[path] == nil { byPath[path] = file } }
        for path in workspaceSOPFiles() where byPath[path] == nil {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let bytes = [UInt8](data)
            if let cached = diskIndexes[path], cached.text.bytes == bytes {
                byPath[path] = cached
            } else {
                let index = FileIndex(path: path, text: DocumentText(path: path, bytes: bytes))
                diskIndexes[path] = index
                byPath[path] = index
            }
        }
        return byPath.keys.sorted().compactMap { byPath[$0] }
    }

    /// `*.sop.yaml` files below the workspace folders (at most a few thousand, hidden folders skipped).
    private func workspaceSOPFiles() -> [String] {
        var result: [String] = []
        for root in workspaceRoots {
            guard let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: root), includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) else { continue }
            while let url = enumerator.nextObject() as? URL, result.count < 5000 {
                if url.lastPathComponent.hasSuffix(".sop.yaml") { result.append(Paths.normalize(url.path)) }
            }
        }
        return result.sorted()
    }

    func references(_ params: JSONValue) -> JSONValue {
        guard let t = target(params), let occurrence = t.file.occurrence(at: t.offset) else { return .array([]) }
        let includeDeclaration = params["context"]?["includeDeclaration"]?.bool ?? true
        var result: [JSONValue] = []
        for file in workspaceFiles(around: t.analysis) {
            for o in file.occurrences where o.symbol == occurrence.symbol && (includeDeclaration || !o.isDefinition) {
                result.append(location(o, in: file).json)
            }
        }
        return .array(result)
    }

    func prepareRename(_ params: JSONValue) -> Result<JSONValue, RequestFailure> {
        guard let t = target(params), let occurrence = t.file.occurrence(at: t.offset) else { return .success(.null) }
        guard occurrence.symbol.isRenamable, occurrence.exact else {
            return .failure(RequestFailure(code: .requestFailed, message: "only nodes, outcomes and inputs can be renamed"))
        }
        return .success(.object([
            ("range", location(occurrence, in: t.file).range.json),
            ("placeholder", .string(occurrence.symbol.name)),
        ]))
    }

    func rename(_ params: JSONValue) -> Result<JSONValue, RequestFailure> {
        guard let t = target(params), let occurrence = t.file.occurrence(at: t.offset) else { return .success(.null) }
        guard occurrence.symbol.isRenamable else {
            return .failure(RequestFailure(code: .requestFailed, message: "only nodes, outcomes and inputs can be renamed"))
        }
        guard let newName = params["newName"]?.string, newName.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
            return .failure(RequestFailure(code: .invalidParams, message: "a name is lower-case letters, digits and `_`, starting with a letter"))
        }
        var changes: [(String, JSONValue)] = []
        for file in workspaceFiles(around: t.analysis) {
            let matches = file.occurrences.filter { $0.symbol == occurrence.symbol }
            if let inexact = matches.first(where: { !$0.exact }) {
                let line = file.text.position(ofOffset: inexact.start, encoding: encoding).line + 1
                return .failure(RequestFailure(code: .requestFailed, message: "cannot rename: `\(occurrence.symbol.name)` is written inside a multi-line value at \(file.path):\(line)"))
            }
            guard !matches.isEmpty else { continue }
            let edits = matches.map { o -> JSONValue in
                .object([("range", location(o, in: file).range.json), ("newText", .string(newName))])
            }
            changes.append((FileURI.uri(file.path), .array(edits)))
        }
        return .success(.object([("changes", .object(changes))]))
    }
}

import Dispatch
import Foundation
import LanguageServerProtocol
import SOPCompiler
import SOPCore
import Synchronization

/// The SOP language server: reads LSP messages, keeps the open documents, checks them in the background
/// and answers navigation, hover, completion and code action requests from the latest check.
///
/// Threads: messages are read and handled one at a time on the caller's thread (handlers only look
/// things up); checks run on two serial queues, one for the quick structural pass and one for the
/// solver-based analyses, so a slow semantic run never delays the next keystroke's structural
/// diagnostics. Every check carries the document's generation and is dropped, unpublished, as soon as a
/// newer edit exists; a semantic pass under way when the edit arrives is cancelled (the solver polls the
/// generation every few thousand steps) so the new text's pass starts at once.
public final class LanguageServer: @unchecked Sendable {
    /// Tunables; tests and the benchmark set a short debounce.
    public struct Options: Sendable {
        /// How long a change waits for the next keystroke before it is checked.
        public var debounceMilliseconds: Int
        /// Whether a newer edit cancels a semantic pass under way (off only to measure what it saves).
        public var cancelsStaleWork: Bool
        public init(debounceMilliseconds: Int = 40, cancelsStaleWork: Bool = true) {
            self.debounceMilliseconds = debounceMilliseconds
            self.cancelsStaleWork = cancelsStaleWork
        }
    }

    let writer: MessageWriter
    let options: Options
    /// Guards every field below: handlers run on the reader's thread, check results arrive from the
    /// worker queues.
    let lock = NSRecursiveLock()
    var documents: [String: OpenDocument] = [:]
    var analyses: [String: Analysis] = [:]
    var encoding: PositionEncoding = .utf16
    var workspaceRoots: [String] = []
    var shutdownRequested = false
    /// Where diagnostic codes link to (`codeDescription`); the client may set it in `initializationOptions`.
    var documentation: String?
    /// Indexes of files read from the disk for references and rename, with the bytes they were built from.
    var diskIndexes: [String: FileIndex] = [:]
    let generations = Mutex<[String: Int]>([:])
    private let structuralQueue = DispatchQueue(label: "sopc.lsp.structural")
    private let semanticQueue = DispatchQueue(label: "sopc.lsp.semantic")

    public init(writer: MessageWriter, options: Options = Options()) {
        self.writer = writer
        self.options = options
    }

    /// Serves until `exit` or the end of input; returns the process's exit status (0 after `shutdown`,
    /// 1 when the client exits without it, as the protocol says).
    public func serve(_ reader: inout MessageReader) -> Int32 {
        while true {
            let body: [UInt8]?
            do {
                body = try reader.next()
            } catch {
                log("stopping: \(error)")
                return 1
            }
            guard let body else { return shutdownRequested ? 0 : 1 }
            let json: JSONValue
            do {
                json = try JSONParser.parse(body)
            } catch {
                writer.send(Outgoing.error(id: nil, code: .parseError, message: error.description))
                continue
            }
            guard let message = Message(json) else {
                writer.send(Outgoing.error(id: nil, code: .invalidRequest, message: "not a JSON-RPC message"))
                continue
            }
            if case .notification("exit", _) = message { return shutdownRequested ? 0 : 1 }
            handle(message)
        }
    }

    func handle(_ message: Message) {
        lock.lock()
        defer { lock.unlock() }
        switch message {
        case .request(let id, let method, let params):
            if shutdownRequested && method != "shutdown" {
                writer.send(Outgoing.error(id: id, code: .invalidRequest, message: "the server is shutting down"))
                return
            }
            let result = respond(method, params)
            switch result {
            case .success(let value): writer.send(Outgoing.response(id: id, result: value))
            case .failure(let failure): writer.send(Outgoing.error(id: id, code: failure.code, message: failure.message))
            }
        case .notification(let method, let params):
            notify(method, params)
        case .response:
            break
        }
    }

    struct RequestFailure: Error {
        var code: ErrorCode
        var message: String
    }

    private func respond(_ method: String, _ params: JSONValue) -> Result<JSONValue, RequestFailure> {
        switch method {
        case "initialize": return .success(initialize(params))
        case "shutdown":
            shutdownRequested = true
            return .success(.null)
        case "textDocument/definition": return .success(definition(params))
        case "textDocument/references": return .success(references(params))
        case "textDocument/prepareRename": return prepareRename(params)
        case "textDocument/rename": return rename(params)
        case "textDocument/hover": return .success(hover(params))
        case "textDocument/completion": return .success(completion(params))
        case "textDocument/codeAction": return .success(codeActions(params))
        case "textDocument/documentSymbol": return .success(documentSymbols(params))
        case "textDocument/codeLens": return .success(codeLenses(params))
        default: return .failure(RequestFailure(code: .methodNotFound, message: "unsupported method `\(method)`"))
        }
    }

    private func notify(_ method: String, _ params: JSONValue) {
        switch method {
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didClose": didClose(params)
        case "textDocument/didSave", "workspace/didChangeWatchedFiles": recheckAll()
        default: break  // `initialized`, `$/cancelRequest`, `$/setTrace`: nothing to do
        }
    }

    // MARK: - Lifecycle

    private func initialize(_ params: JSONValue) -> JSONValue {
        let offered = params["capabilities"]?["general"]?["positionEncodings"]?.array?.compactMap(\.string) ?? []
        encoding = PositionEncoding.negotiate(offered)
        var roots = params["workspaceFolders"]?.array?.compactMap { $0["uri"]?.string.flatMap(FileURI.path) } ?? []
        if roots.isEmpty, let root = params["rootUri"]?.string.flatMap(FileURI.path) { roots = [root] }
        workspaceRoots = roots
        documentation = params["initializationOptions"]?["diagnosticsDocumentation"]?.string ?? DiagnosticConversion.documentationURL(workspaceRoots: roots)
        let capabilities: JSONValue = .object([
            ("positionEncoding", .string(encoding.rawValue)),
            ("textDocumentSync", .object([
                ("openClose", .bool(true)), ("change", .int(2)), ("save", .object([("includeText", .bool(false))])),
            ])),
            ("definitionProvider", .bool(true)),
            ("referencesProvider", .bool(true)),
            ("renameProvider", .object([("prepareProvider", .bool(true))])),
            ("hoverProvider", .bool(true)),
            ("completionProvider", .object([("triggerCharacters", .array([":", " ", ".", "'", "\""].map(JSONValue.string)))])),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
            ("documentSymbolProvider", .bool(true)),
            ("codeLensProvider", .object([("resolveProvider", .bool(false))])),
        ])
        return .object([
            ("capabilities", capabilities),
            ("serverInfo", .object([("name", .string("sopc")), ("version", .string(SOPCVersion.current))])),
        ])
    }

    func log(_ message: String) {
        writer.send(Outgoing.notification("window/logMessage", .object([("type", .int(3)), ("message", .string(message))])))
    }

    /// A message for the client's log only (type 4, `Log`): what the server did, for whoever debugs it.
    func trace(_ message: String) {
        writer.send(Outgoing.notification("window/logMessage", .object([("type", .int(4)), ("message", .string(message))])))
    }

    // MARK: - Documents

    private func didOpen(_ params: JSONValue) {
        guard let item = params["textDocument"], let uri = item["uri"]?.string, let path = FileURI.path(uri), let text = item["text"]?.string else { return }
        documents[path] = OpenDocument(uri: uri, path: path, version: item["version"]?.int ?? 0, text: DocumentText(path: path, text: text))
        changed(path)
    }

    private func didChange(_ params: JSONValue) {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = FileURI.path(uri), var document = documents[path] else { return }
        for change in params["contentChanges"]?.array ?? [] {
            guard let text = change["text"]?.string else { continue }
            if let range = LanguageServerProtocol.Range(change["range"]) {
                document.text = document.text.replacing(range, with: text, encoding: encoding)
            } else {
                document.text = DocumentText(path: path, text: text)
            }
        }
        document.version = params["textDocument"]?["version"]?.int ?? document.version + 1
        documents[path] = document
        changed(path)
    }

    private func didClose(_ params: JSONValue) {
        guard let uri = params["textDocument"]?["uri"]?.string, let path = FileURI.path(uri) else { return }
        documents[path] = nil
        analyses[path] = nil
        generations.withLock { $0[path, default: 0] += 1 }
        publish(uri: uri, version: nil, diagnostics: [])
        for dependent in dependents(of: path) { schedule(dependent) }
    }

    private func recheckAll() {
        diskIndexes = [:]
        for path in documents.keys.sorted() { schedule(path) }
    }

    /// A document's text changed: check it, and every open document that imports it.
    private func changed(_ path: String) {
        schedule(path)
        for dependent in dependents(of: path) where dependent != path { schedule(dependent) }
    }

    /// Open documents whose last check read `path`.
    private func dependents(of path: String) -> [String] {
        analyses.values.filter { $0.path != path && $0.compilation.sources[path] != nil }.map(\.path).sorted()
    }

    func isCurrent(_ path: String, _ generation: Int) -> Bool {
        generations.withLock { $0[path] } == generation
    }

    /// Checks `path` after the debounce: structural findings first, published at once, then the
    /// semantic ones. Each step gives up as soon as a newer change to the document exists.
    private func schedule(_ path: String) {
        guard let document = documents[path] else { return }
        let generation = generations.withLock { g -> Int in
            g[path, default: 0] += 1
            return g[path]!
        }
        let buffers = documents.mapValues(\.text.bytes)
        let version = document.version
        let uri = document.uri
        let encoding = encoding
        let documentation = documentation
        structuralQueue.asyncAfter(deadline: .now() + .milliseconds(options.debounceMilliseconds)) { [self] in
            guard isCurrent(path, generation) else { return }
            let structural = Analysis.check(path: path, version: version, buffers: buffers, semantic: false)
            guard isCurrent(path, generation) else { return }
            publish(uri: uri, version: version, analysis: structural, encoding: encoding, documentation: documentation)
            // The solver starts at once, on its own queue; the index is built here meanwhile.
            semanticQueue.async { [self] in
                guard isCurrent(path, generation) else { return }
                let cancellation = options.cancelsStaleWork ? Cancellation { [weak self] in self.map { !$0.isCurrent(path, generation) } ?? true } : .never
                let started = DispatchTime.now().uptimeNanoseconds
                trace("semantic checks of version \(version) of \(path) started")
                let semantic = structural.withSemantic(cancellation: cancellation)
                if semantic.run.cancelled {
                    let ms = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                    trace("semantic checks of version \(version) of \(path) cancelled after \(ms) ms: the text changed")
                    return
                }
                guard isCurrent(path, generation) else { return }
                store(semantic, generation: generation)
                publish(uri: uri, version: version, analysis: semantic, encoding: encoding, documentation: documentation)
                let ms = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                trace("semantic checks of version \(version) of \(path) published after \(ms) ms")
            }
            let indexed = structural.indexed()
            store(indexed, generation: generation)
            // Then prepare what the first hover on a node needs.
            if isCurrent(path, generation) { indexed.warmRoutes() }
        }
    }

    private func store(_ analysis: Analysis, generation: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard isCurrent(analysis.path, generation) else { return }
        // The index and the semantic findings of one version arrive separately: keep both.
        var merged = analysis
        if let existing = analyses[analysis.path], existing.version == analysis.version {
            if merged.files.isEmpty { merged.files = existing.files }
            if existing.semantic && !merged.semantic {
                merged.run = existing.run
                merged.semantic = true
            }
        }
        analyses[analysis.path] = merged
    }

    private func publish(uri: String, version: Int?, analysis: Analysis, encoding: PositionEncoding, documentation: String?) {
        var texts: [String: DocumentText] = [:]
        publish(uri: uri, version: version, diagnostics: analysis.diagnostics.map { DiagnosticConversion.lsp($0, in: analysis, texts: &texts, encoding: encoding, documentation: documentation) })
    }

    private func publish(uri: String, version: Int?, diagnostics: [JSONValue]) {
        var params: [(String, JSONValue)] = [("uri", .string(uri))]
        if let version { params.append(("version", .int(version))) }
        params.append(("diagnostics", .array(diagnostics)))
        writer.send(Outgoing.notification("textDocument/publishDiagnostics", .object(params)))
    }

    /// The analysis of an open document at its current version, with its index: the last one stored
    /// when it is current, else a structural check made now (a request right after an edit).
    func currentAnalysis(_ path: String) -> Analysis? {
        guard let document = documents[path] else { return nil }
        let stored: Analysis? = {
            lock.lock()
            defer { lock.unlock() }
            return analyses[path].flatMap { $0.version == document.version ? $0 : nil }
        }()
        if let stored, !stored.files.isEmpty { return stored }
        // The semantic findings of this version may have arrived before its index: index them, keeping
        // them; with nothing of this version stored, check the text now.
        let fresh = stored?.indexed()
            ?? Analysis.check(path: path, version: document.version, buffers: documents.mapValues(\.text.bytes), semantic: false).indexed()
        lock.lock()
        defer { lock.unlock() }
        if let latest = analyses[path], latest.version == document.version, !latest.files.isEmpty { return latest }
        if analyses[path].map({ $0.version == document.version && $0.semantic && !fresh.semantic }) != true { analyses[path] = fresh }
        return fresh
    }
}

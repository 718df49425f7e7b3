import Foundation
import LanguageServerProtocol
import SOPCore

/// A language client for tests: runs the built `sopc lsp` as a child process and talks LSP to it over
/// its standard input and output, as an editor does.
final class LSPClient: @unchecked Sendable {
    struct Timeout: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }

    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let writer: MessageWriter
    /// What the server sent, filled by a reader thread. Kept apart from the client so the thread does not
    /// keep the client alive: when a test drops its client, the server is stopped.
    private final class Inbox: @unchecked Sendable {
        let condition = NSCondition()
        var received: [JSONValue] = []
        var closed = false
    }

    private let inbox = Inbox()
    private var nextID = 0
    let root: String

    /// A copy of the test trees in a fresh folder, and a server started there.
    static func start(initializationCapabilities: JSONValue = .object([])) throws -> (LSPClient, JSONValue) {
        let root = NSTemporaryDirectory() + "sopc-lsp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let trees = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Trees").path
        for name in try FileManager.default.contentsOfDirectory(atPath: trees) {
            try FileManager.default.copyItem(atPath: trees + "/" + name, toPath: root + "/" + name)
        }
        let client = try LSPClient(root: root)
        let result = try client.request("initialize", .object([
            ("processId", .null), ("rootUri", .string(FileURI(root))), ("capabilities", initializationCapabilities),
        ]))
        client.notify("initialized", .object([]))
        return (client, result)
    }

    init(root: String) throws {
        self.root = root
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = ["lsp", "--debounce", "5"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let handle = input.fileHandleForWriting
        writer = MessageWriter { bytes in try? handle.write(contentsOf: Data(bytes)) }
        try process.run()
        let fd = output.fileHandleForReading.fileDescriptor
        let inbox = inbox
        Thread.detachNewThread {
            var reader = MessageReader(fileDescriptor: fd)
            while let body = try? reader.next(), let json = try? JSONParser.parse(body) {
                inbox.condition.lock()
                inbox.received.append(json)
                inbox.condition.broadcast()
                inbox.condition.unlock()
            }
            inbox.condition.lock()
            inbox.closed = true
            inbox.condition.broadcast()
            inbox.condition.unlock()
        }
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: root)
    }

    /// The `sopc` binary built next to the test bundle.
    static func binary() throws -> String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("sopc").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/sopc").standardized.path
        guard FileManager.default.isExecutableFile(atPath: fallback) else { throw CocoaError(.fileNoSuchFile) }
        return fallback
    }

    func send(_ message: JSONValue) { writer.send(message) }

    func sendRaw(_ bytes: [UInt8]) { try? input.fileHandleForWriting.write(contentsOf: Data(bytes)) }

    func notify(_ method: String, _ params: JSONValue) {
        send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
    }

    /// Sends a request and waits for its response; returns `result`, throws on an error response.
    @discardableResult
    func request(_ method: String, _ params: JSONValue) throws -> JSONValue {
        let response = try rawRequest(method, params)
        if let error = response["error"] { throw ResponseError(error: error) }
        return response["result"] ?? .null
    }

    struct ResponseError: Error { var error: JSONValue }

    func rawRequest(_ method: String, _ params: JSONValue) throws -> JSONValue {
        nextID += 1
        let id = nextID
        send(.object([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)]))
        return try waitFor("response to \(method)") { $0["id"]?.int == id && $0["method"] == nil }
    }

    /// Waits for (and removes) the first message matching `predicate`.
    func waitFor(_ what: String, seconds: Double = 30, _ predicate: (JSONValue) -> Bool) throws -> JSONValue {
        let deadline = Date().addingTimeInterval(seconds)
        inbox.condition.lock()
        defer { inbox.condition.unlock() }
        while true {
            if let i = inbox.received.firstIndex(where: predicate) { return inbox.received.remove(at: i) }
            if inbox.closed || !inbox.condition.wait(until: deadline) { throw Timeout(what: what) }
        }
    }

    /// Waits for diagnostics of `uri` matching `predicate` (earlier ones are dropped as they go by).
    func diagnostics(_ uri: String, seconds: Double = 30, where predicate: ([JSONValue]) -> Bool = { _ in true }) throws -> [JSONValue] {
        let message = try waitFor("diagnostics for \(uri)", seconds: seconds) {
            $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.string == uri
                && predicate($0["params"]?["diagnostics"]?.array ?? [])
        }
        return message["params"]?["diagnostics"]?.array ?? []
    }

    /// The diagnostics of `name` once the server has published its semantic checks of `version`, the last
    /// word on that version; the structural publication before it and any stale ones are dropped. Waits on
    /// the server's messages, never on a guess of how long the checks take.
    func settledDiagnostics(_ name: String, version: Int, seconds: Double = 300) throws -> [JSONValue] {
        let uri = uri(name)
        _ = try waitFor("the semantic checks of version \(version) of \(name)", seconds: seconds) {
            $0["method"]?.string == "window/logMessage"
                && $0["params"]?["message"]?.string.map { $0.hasPrefix("semantic checks of version \(version) of ") && $0.contains("/\(name) published after ") } == true
        }
        // The server publishes before it logs, and its messages arrive in order.
        inbox.condition.lock()
        defer { inbox.condition.unlock() }
        let isPublication: (JSONValue) -> Bool = {
            $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.string == uri
                && ($0["params"]?["version"]?.int ?? Int.max) <= version
        }
        guard let last = inbox.received.lastIndex(where: isPublication) else { throw Timeout(what: "diagnostics of version \(version) of \(name)") }
        let diagnostics = inbox.received[last]["params"]?["diagnostics"]?.array ?? []
        inbox.received.removeAll(where: isPublication)
        return diagnostics
    }

    func waitForExit(seconds: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func closeInput() { try? input.fileHandleForWriting.close() }

    // MARK: - Documents

    func uri(_ name: String) -> String { FileURI(root + "/" + name) }

    func text(_ name: String) throws -> String { try String(contentsOfFile: root + "/" + name, encoding: .utf8) }

    func open(_ name: String, text: String? = nil, version: Int = 1) throws {
        notify("textDocument/didOpen", .object([("textDocument", .object([
            ("uri", .string(uri(name))), ("languageId", .string("yaml")), ("version", .int(version)),
            ("text", .string(try text ?? self.text(name))),
        ]))]))
    }

    func change(_ name: String, version: Int, range: (Int, Int, Int, Int), text: String) {
        notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(uri(name))), ("version", .int(version))])),
            ("contentChanges", .array([.object([("range", lspRange(range)), ("text", .string(text))])])),
        ]))
    }

    func position(_ name: String, _ line: Int, _ character: Int) -> JSONValue {
        .object([("textDocument", .object([("uri", .string(uri(name)))])), ("position", .object([("line", .int(line)), ("character", .int(character))]))])
    }
}

func FileURI(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }

func lspRange(_ r: (Int, Int, Int, Int)) -> JSONValue {
    .object([
        ("start", .object([("line", .int(r.0)), ("character", .int(r.1))])),
        ("end", .object([("line", .int(r.2)), ("character", .int(r.3))])),
    ])
}

/// Where `needle` first occurs in `text` at or after line `from`: (line, character in UTF-16 units).
func locate(_ needle: String, in text: String, after marker: String? = nil) -> (Int, Int)? {
    let lines = text.components(separatedBy: "\n")
    var start = 0
    if let marker, let i = lines.firstIndex(where: { $0.contains(marker) }) { start = i }
    for i in start..<lines.count {
        if let r = lines[i].range(of: needle) {
            return (i, lines[i][..<r.lowerBound].utf16.count)
        }
    }
    return nil
}

/// Applies LSP text edits (non-overlapping) to a text, counting characters in UTF-16 units.
func apply(_ edits: [JSONValue], to text: String) -> String {
    var lines = text.components(separatedBy: "\n").map { Array($0.utf16) }
    let sorted = edits.sorted {
        let a = ($0["range"]?["start"]?["line"]?.int ?? 0, $0["range"]?["start"]?["character"]?.int ?? 0)
        let b = ($1["range"]?["start"]?["line"]?.int ?? 0, $1["range"]?["start"]?["character"]?.int ?? 0)
        return a > b
    }
    for edit in sorted {
        guard let sl = edit["range"]?["start"]?["line"]?.int, let sc = edit["range"]?["start"]?["character"]?.int,
              let el = edit["range"]?["end"]?["line"]?.int, let ec = edit["range"]?["end"]?["character"]?.int,
              let newText = edit["newText"]?.string else { continue }
        let before = Array(lines[sl][..<sc])
        let after = Array(lines[el][ec...])
        let joined = before + Array(newText.utf16) + after
        let replacement = String(decoding: joined, as: UTF16.self).components(separatedBy: "\n").map { Array($0.utf16) }
        lines.replaceSubrange(sl...el, with: replacement)
    }
    return lines.map { String(decoding: $0, as: UTF16.self) }.joined(separator: "\n")
}

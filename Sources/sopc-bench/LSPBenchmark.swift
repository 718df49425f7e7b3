import ArgumentParser
import Foundation
import LanguageServerProtocol
import SOPCore

/// `sopc-bench lsp`: times `sopc lsp` through the protocol on a generated SOP, the way an editor uses
/// it: diagnostics after a keystroke (structural, then semantic), definition, hover and completion, and
/// the server's memory over a long run of edits.
struct LSPBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lsp", abstract: "Time sopc lsp through the protocol on a generated SOP.")

    @Option(help: "Number of nodes.") var nodes = 10_000
    @Option(help: "Number of inputs.") var inputs = 40
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Timed keystrokes (the median is reported).") var keystrokes = 21
    @Option(help: "Timed requests of each kind.") var requests = 101
    @Option(help: "Edits in the memory run.") var edits = 1000
    @Option(help: "Milliseconds between edits in the memory run.") var editInterval = 100
    @Option(help: "The sopc binary (default: the one next to sopc-bench).") var sopc: String?

    func run() throws {
        let text = SOPGenerator(nodes: nodes, inputs: inputs, seed: seed).yaml()
        let dir = NSTemporaryDirectory() + "sopc-bench-lsp-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/generated.sop.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let uri = URL(fileURLWithPath: path).absoluteString
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let client = try BenchClient(sopc: sopc ?? here.appendingPathComponent("sopc").path)
        print("generated SOP: \(nodes) nodes, \(inputs) inputs, \(text.utf8.count / 1024) KiB; sopc lsp with its default 40 ms debounce")

        // The command line on the same file, in the same run, as the yardstick.
        let cli = sopc ?? here.appendingPathComponent("sopc").path
        var cliStructural: [Double] = [], cliFull: [Double] = []
        for _ in 0..<3 {
            cliStructural.append(try Measure.process(cli, ["check", "--no-semantic", "--format", "json", path]).seconds)
            cliFull.append(try Measure.process(cli, ["check", "--format", "json", path]).seconds)
        }
        print("sopc check --no-semantic: median \(Measure.format(Measure.median(cliStructural))); sopc check: median \(Measure.format(Measure.median(cliFull))) (3 runs each)")

        _ = try client.request("initialize", .object([("processId", .null), ("rootUri", .string(URL(fileURLWithPath: dir).absoluteString)), ("capabilities", .object([]))]))
        client.notify("initialized", .object([]))
        var start = DispatchTime.now().uptimeNanoseconds
        client.notify("textDocument/didOpen", .object([("textDocument", .object([
            ("uri", .string(uri)), ("languageId", .string("yaml")), ("version", .int(1)), ("text", .string(text)),
        ]))]))
        let openStructural = try client.diagnostics(version: 1, since: start)
        let openSemantic = try client.diagnostics(version: 1, since: start)
        print("open: structural diagnostics after \(Measure.format(openStructural.seconds)) (\(openStructural.count)), semantic after \(Measure.format(openSemantic.seconds)) (\(openSemantic.count))")

        // Keystrokes: type a letter into a question in the middle of the file, then delete it.
        let lines = text.components(separatedBy: "\n")
        let middle = nodes / 2
        guard let questionLine = lines.firstIndex(of: "    question: \"Question \(middle)?\"") else { throw ValidationError("no question line") }
        let column = "    question: \"Question".utf16.count
        var version = 1
        var structural: [Double] = [], semantic: [Double] = []
        for i in 0..<keystrokes {
            version += 1
            let insert = i % 2 == 0
            start = DispatchTime.now().uptimeNanoseconds
            client.notify("textDocument/didChange", .object([
                ("textDocument", .object([("uri", .string(uri)), ("version", .int(version))])),
                ("contentChanges", .array([.object([
                    ("range", range(questionLine, column, questionLine, insert ? column : column + 1)), ("text", .string(insert ? "x" : "")),
                ])])),
            ]))
            structural.append(try client.diagnostics(version: version, since: start).seconds)
            semantic.append(try client.diagnostics(version: version, since: start).seconds)
        }
        print("keystroke -> structural diagnostics: median \(Measure.format(Measure.median(structural))), max \(Measure.format(structural.max() ?? 0)) over \(keystrokes)")
        print("keystroke -> semantic diagnostics:   median \(Measure.format(Measure.median(semantic))), max \(Measure.format(semantic.max() ?? 0)) over \(keystrokes)")

        // Requests, on names in the middle of the file.
        let thenLine = try index(of: "        then: n", in: lines, from: questionLine)
        let whenLine = try index(of: "      - when: \"in", in: lines, from: questionLine)
        func position(_ line: Int, _ character: Int) -> JSONValue {
            .object([("textDocument", .object([("uri", .string(uri))])), ("position", .object([("line", .int(line)), ("character", .int(character))]))])
        }
        let cases: [(String, String, JSONValue)] = [
            ("definition (a target node)", "textDocument/definition", position(thenLine, 16)),
            ("hover (an input in a guard)", "textDocument/hover", position(whenLine, 16)),

            ("completion (after then:)", "textDocument/completion", position(thenLine, 14)),
            ("completion (in a guard)", "textDocument/completion", position(whenLine, 15)),
        ]
        // Hover on node keys: a different node each time (later nodes have more routes to search).
        var nodeHovers: [Double] = []
        for k in 0..<requests {
            let target = nodes / 4 + k * (nodes / 2) / max(requests, 1)
            guard let line = lines.firstIndex(of: "  n\(target):") else { continue }
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try client.request("textDocument/hover", position(line, 3))
            nodeHovers.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        print("\("hover (a node: its routes)".padding(toLength: 30, withPad: " ", startingAt: 0)) median \(Measure.format(Measure.median(nodeHovers))), max \(Measure.format(nodeHovers.max() ?? 0)) over \(nodeHovers.count) different nodes")
        for (label, method, params) in cases {
            var times: [Double] = []
            var size = 0
            for _ in 0..<requests {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let result = try client.request(method, params)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                size = result.rendered(indent: 0).utf8.count
            }
            print("\(label.padding(toLength: 30, withPad: " ", startingAt: 0)) median \(Measure.format(Measure.median(times))), max \(Measure.format(times.max() ?? 0)) over \(requests) (answer \(size) bytes)")
        }

        // Memory over many edits.
        var samples: [String] = ["start \(client.residentMiB())"]
        for i in 0..<edits {
            version += 1
            let insert = i % 2 == 0
            client.notify("textDocument/didChange", .object([
                ("textDocument", .object([("uri", .string(uri)), ("version", .int(version))])),
                ("contentChanges", .array([.object([
                    ("range", range(questionLine, column, questionLine, insert ? column : column + 1)), ("text", .string(insert ? "x" : "")),
                ])])),
            ]))
            usleep(UInt32(editInterval * 1000))
            if (i + 1) % (max(edits, 10) / 10) == 0 { samples.append("\(i + 1) \(client.residentMiB())") }
        }
        start = DispatchTime.now().uptimeNanoseconds
        _ = try client.diagnostics(version: version, since: start)
        _ = try client.diagnostics(version: version, since: start)
        samples.append("settled \(client.residentMiB())")
        print("resident memory (MiB) after N edits, \(editInterval) ms apart: " + samples.joined(separator: ", "))
        _ = try client.request("shutdown", .null)
        client.notify("exit", .null)
    }

    private func range(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> JSONValue {
        .object([
            ("start", .object([("line", .int(l1)), ("character", .int(c1))])),
            ("end", .object([("line", .int(l2)), ("character", .int(c2))])),
        ])
    }

    private func index(of prefix: String, in lines: [String], from: Int) throws -> Int {
        guard let i = lines[from...].firstIndex(where: { $0.hasPrefix(prefix) }) else { throw ValidationError("no line starting `\(prefix)`") }
        return i
    }
}

/// `sopc-bench lsp-cancel`: what cancelling a stale semantic pass saves. Each round types a letter,
/// waits for its structural diagnostics (the semantic pass has then just started) and types the next one;
/// the time from that second keystroke to its semantic diagnostics is measured, with the server as it
/// ships (the second keystroke cancels the first one's pass) and with cancellation off (the first pass
/// runs to its end, its result is dropped, and only then does the second one's start).
struct LSPCancelBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lsp-cancel", abstract: "Time sopc lsp on keystrokes that supersede a semantic pass under way.")

    @Option(help: "Number of nodes.") var nodes = 10_000
    @Option(help: "Number of inputs.") var inputs = 40
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Timed rounds per server (the median is reported).") var rounds = 7
    @Option(help: "The sopc binary (default: the one next to sopc-bench).") var sopc: String?

    func run() throws {
        let text = SOPGenerator(nodes: nodes, inputs: inputs, seed: seed).yaml()
        let dir = NSTemporaryDirectory() + "sopc-bench-lsp-cancel-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/generated.sop.yaml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let uri = URL(fileURLWithPath: path).absoluteString
        let binary = sopc ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sopc").path
        let lines = text.components(separatedBy: "\n")
        guard let line = lines.firstIndex(of: "    question: \"Question \(nodes / 2)?\"") else { throw ValidationError("no question line") }
        let column = "    question: \"Question".utf16.count
        print("generated SOP: \(nodes) nodes, \(inputs) inputs; \(rounds) rounds per server")
        for (label, arguments) in [("cancels the stale pass (as shipped)", [String]()), ("lets it run (--no-cancel-stale)", ["--no-cancel-stale"])] {
            let client = try BenchClient(sopc: binary, arguments: arguments)
            _ = try client.request("initialize", .object([("processId", .null), ("rootUri", .string(URL(fileURLWithPath: dir).absoluteString)), ("capabilities", .object([]))]))
            client.notify("initialized", .object([]))
            client.notify("textDocument/didOpen", .object([("textDocument", .object([
                ("uri", .string(uri)), ("languageId", .string("yaml")), ("version", .int(1)), ("text", .string(text)),
            ]))]))
            _ = try client.diagnostics(version: 1, since: 0)
            _ = try client.diagnostics(version: 1, since: 0)
            var version = 1
            var latencies: [Double] = []
            func type(_ insert: Bool) {
                version += 1
                client.notify("textDocument/didChange", .object([
                    ("textDocument", .object([("uri", .string(uri)), ("version", .int(version))])),
                    ("contentChanges", .array([.object([
                        ("range", .object([
                            ("start", .object([("line", .int(line)), ("character", .int(column))])),
                            ("end", .object([("line", .int(line)), ("character", .int(insert ? column : column + 1))])),
                        ])),
                        ("text", .string(insert ? "x" : "")),
                    ])])),
                ]))
            }
            for _ in 0..<rounds {
                type(true)
                _ = try client.diagnostics(version: version, since: 0)  // structural: the semantic pass starts now
                let start = DispatchTime.now().uptimeNanoseconds
                type(false)
                _ = try client.diagnostics(version: version, since: start)
                latencies.append(try client.diagnostics(version: version, since: start).seconds)
            }
            print("\(label.padding(toLength: 38, withPad: " ", startingAt: 0)) superseding keystroke -> semantic diagnostics: median \(Measure.format(Measure.median(latencies))), max \(Measure.format(latencies.max() ?? 0))")
            _ = try client.request("shutdown", .null)
            client.notify("exit", .null)
        }
    }
}

/// A minimal LSP client over a child process's pipes.
private final class BenchClient: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private let writer: MessageWriter
    private let condition = NSCondition()
    private var received: [(UInt64, JSONValue)] = []
    private var nextID = 0

    init(sopc: String, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: sopc)
        process.arguments = ["lsp"] + arguments
        process.standardInput = input
        process.standardOutput = output
        let handle = input.fileHandleForWriting
        writer = MessageWriter { try? handle.write(contentsOf: Data($0)) }
        try process.run()
        let fd = output.fileHandleForReading.fileDescriptor
        Thread.detachNewThread { [self] in
            var reader = MessageReader(fileDescriptor: fd)
            while let body = try? reader.next(), let json = try? JSONParser.parse(body) {
                let now = DispatchTime.now().uptimeNanoseconds
                condition.lock()
                received.append((now, json))
                condition.broadcast()
                condition.unlock()
            }
        }
    }

    deinit { if process.isRunning { process.terminate() } }

    func notify(_ method: String, _ params: JSONValue) {
        writer.send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
    }

    func request(_ method: String, _ params: JSONValue) throws -> JSONValue {
        nextID += 1
        let id = nextID
        writer.send(.object([("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params)]))
        return try take(seconds: 300) { $0["id"]?.int == id && $0["method"] == nil }.1["result"] ?? .null
    }

    /// The next diagnostics published for `version`: seconds since `since`, and how many.
    func diagnostics(version: Int, since: UInt64, seconds: Double = 300) throws -> (seconds: Double, count: Int) {
        let (at, message) = try take(seconds: seconds) {
            $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["version"]?.int == version
        }
        return (Double(at - since) / 1e9, message["params"]?["diagnostics"]?.array?.count ?? 0)
    }

    private func take(seconds: Double, _ predicate: (JSONValue) -> Bool) throws -> (UInt64, JSONValue) {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let i = received.firstIndex(where: { predicate($0.1) }) { return received.remove(at: i) }
            // Drop what was passed over (diagnostics of superseded versions).
            received.removeAll { $0.1["method"]?.string == "textDocument/publishDiagnostics" }
            if !condition.wait(until: deadline) { throw ValidationError("timed out waiting for the server") }
        }
    }

    /// The server's resident set size in MiB (VmRSS).
    func residentMiB() -> String {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return "?" }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return String(format: "%.0f", (Double(line.filter(\.isNumber)) ?? 0) / 1024)
        }
        return "?"
    }
}

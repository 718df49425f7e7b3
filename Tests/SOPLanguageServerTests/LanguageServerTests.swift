import Foundation
import LanguageServerProtocol
import SOPCore
import Testing

/// `sopc lsp` driven through the real protocol over stdio, the way an editor drives it.
@Suite("sopc lsp over stdio")
struct LanguageServerTests {
    static let moderation = "moderation.sop.yaml"

    /// Runs `sopc` on files in `dir` and returns stdout and the exit status.
    func sopc(_ arguments: [String], in dir: String) throws -> (String, Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try LSPClient.binary())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }

    func messages(_ diagnostics: [JSONValue]) -> [String] { diagnostics.compactMap { $0["message"]?.string } }
    func codes(_ diagnostics: [JSONValue]) -> [String] { diagnostics.compactMap { $0["code"]?.string } }

    // MARK: - Lifecycle

    @Test func initializeNegotiatesThePositionEncoding() throws {
        let (client, result) = try LSPClient.start()
        #expect(result["capabilities"]?["positionEncoding"]?.string == "utf-16")
        #expect(result["capabilities"]?["definitionProvider"]?.bool == true)
        #expect(result["capabilities"]?["textDocumentSync"]?["change"]?.int == 2)
        #expect(try client.request("shutdown", .null) == .null)
        client.notify("exit", .null)
        #expect(client.waitForExit() == 0)

        let offered: JSONValue = .object([("general", .object([("positionEncodings", .array([.string("utf-32"), .string("utf-16")]))]))])
        let (utf32, result32) = try LSPClient.start(initializationCapabilities: offered)
        #expect(result32["capabilities"]?["positionEncoding"]?.string == "utf-32")
        utf32.closeInput()
        #expect(utf32.waitForExit() != nil, "the server exits when its input closes")
    }

    // MARK: - Diagnostics

    @Test func diagnosticsMatchSopcCheck() throws {
        let (client, _) = try LSPClient.start()
        let broken = try client.text(Self.moderation)
            .replacingOccurrences(of: "then: remove_content\n      - when: \"severity_level in", with: "then: remove_contnet\n      - when: \"severity_level in")
            .replacingOccurrences(of: "on: is_spam", with: "on: is_spamm")
        try client.open(Self.moderation, text: broken)
        let diagnostics = try client.diagnostics(client.uri(Self.moderation)) { !$0.isEmpty }

        // The same findings as `sopc check` on the same text.
        try broken.write(toFile: client.root + "/broken.sop.yaml", atomically: true, encoding: .utf8)
        let (json, status) = try sopc(["check", "--format", "json", "broken.sop.yaml"], in: client.root)
        #expect(status == 1)
        // The editor leaves out notes (`analysis-skipped`); everything else is the same.
        let expected = (try JSONParser.parse(json)["diagnostics"]?.array ?? []).filter { $0["severity"]?.string != "note" }
        #expect(expected.count == diagnostics.count)
        for (lsp, cli) in zip(diagnostics, expected) {
            #expect(lsp["code"]?.string == cli["code"]?.string)
            #expect(lsp["message"]?.string == cli["message"]?.string)
            #expect(lsp["range"]?["start"]?["line"]?.int == (cli["line"]?.int ?? cli["range"]?["start"]?["line"]?.int).map { $0 - 1 })
        }
        let typo = try #require(diagnostics.first { $0["message"]?.string?.contains("remove_contnet") == true })
        #expect(typo["code"]?.string == "undefined-reference")
        #expect(typo["severity"]?.int == 1)
        #expect(typo["codeDescription"]?["href"]?.string?.hasSuffix("diagnostics.md#undefined-reference") == true)
        let (line, character) = try #require(locate("remove_contnet", in: broken))
        #expect(typo["range"] == lspRange((line, character, line, character + 14)))
        #expect(typo["relatedInformation"]?.array?.contains { $0["message"]?.string == "help: did you mean `remove_content`?" } == true)
    }

    @Test func incrementalEditsAreFollowed() throws {
        let (client, _) = try LSPClient.start()
        let text = try client.text(Self.moderation)
        try client.open(Self.moderation, text: text)
        #expect(try client.settledDiagnostics(Self.moderation, version: 1).isEmpty)

        // Type a mistake into a target, one change at a time.
        let (line, character) = try #require(locate("then: remove_content", in: text))
        client.change(Self.moderation, version: 2, range: (line, character + 6, line, character + 6), text: "x")
        let broken = try client.settledDiagnostics(Self.moderation, version: 2)
        #expect(messages(broken) == ["`xremove_content` is not a node, an outcome or an imported SOP"])
        #expect(broken.first?["range"] == lspRange((line, character + 6, line, character + 21)))

        // Undo it: the diagnostics clear.
        client.change(Self.moderation, version: 3, range: (line, character + 6, line, character + 7), text: "")
        #expect(try client.settledDiagnostics(Self.moderation, version: 3).isEmpty)

        // Make two guards overlap: the semantic finding arrives with its witness.
        let (gLine, gCharacter) = try #require(locate("strikes < 3", in: text))
        client.change(Self.moderation, version: 4, range: (gLine, gCharacter + 8, gLine, gCharacter + 11), text: "<= 3")
        let semantic = try client.settledDiagnostics(Self.moderation, version: 4)
        let ambiguous = try #require(semantic.first { $0["code"]?.string == "ambiguous-branches" })
        #expect(ambiguous["relatedInformation"]?.array?.contains { $0["message"]?.string?.hasPrefix("witness: ") == true && $0["message"]?.string?.contains("strikes=3") == true } == true)
    }

    /// An edit while a slow semantic pass is under way cancels that pass: the server says so in its log,
    /// never publishes the stale findings, and checks the new text at once.
    @Test func aNewEditCancelsTheSemanticPassUnderWay() throws {
        let (client, _) = try LSPClient.start()
        // A large generated SOP (the benchmark's generator) whose semantic pass takes seconds here.
        let bench = URL(fileURLWithPath: try LSPClient.binary()).deletingLastPathComponent().appendingPathComponent("sopc-bench").path
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: bench)
        generate.arguments = ["generate-sop", "--nodes", "2000", client.root + "/large.sop.yaml"]
        generate.standardOutput = FileHandle.nullDevice
        try generate.run()
        generate.waitUntilExit()
        let large = try client.text("large.sop.yaml")
        let uri = client.uri("large.sop.yaml")
        try client.open("large.sop.yaml", text: large, version: 1)
        // The structural diagnostics of version 1 come first; the semantic pass starts after them.
        _ = try client.waitFor("the start of version 1's semantic pass", seconds: 300) {
            $0["method"]?.string == "window/logMessage" && $0["params"]?["message"]?.string?.hasPrefix("semantic checks of version 1 ") == true
                && $0["params"]?["message"]?.string?.hasSuffix(" started") == true
        }
        let structural = try client.waitFor("structural diagnostics of version 1") {
            $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["version"]?.int == 1
        }
        #expect(structural["params"]?["diagnostics"]?.array?.contains { $0["code"]?.string == "unreachable-outcome" } == false)
        // Replace the whole text with a small SOP that has a semantic finding.
        let small = try client.text(Self.moderation).replacingOccurrences(of: "strikes < 3", with: "strikes <= 3")
        client.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(uri)), ("version", .int(2))])),
            ("contentChanges", .array([.object([("text", .string(small))])])),
        ]))
        let cancelled = try client.waitFor("the cancellation of version 1's semantic pass", seconds: 300) {
            $0["method"]?.string == "window/logMessage" && $0["params"]?["message"]?.string?.hasPrefix("semantic checks of version 1 ") == true
        }
        #expect(cancelled["params"]?["message"]?.string?.contains("cancelled") == true)
        #expect(cancelled["params"]?["type"]?.int == 4)
        let semantic = try client.diagnostics(uri, seconds: 300) { $0.contains { $0["code"]?.string == "ambiguous-branches" } }
        // They are the findings of the new text, as `sopc check` gives them.
        try small.write(toFile: client.root + "/small.sop.yaml", atomically: true, encoding: .utf8)
        let (json, _) = try sopc(["check", "--format", "json", "small.sop.yaml"], in: client.root)
        let expected = (try JSONParser.parse(json)["diagnostics"]?.array ?? []).filter { $0["severity"]?.string != "note" }
        #expect(messages(semantic) == expected.compactMap { $0["message"]?.string })
        // Nothing from version 1's text was published after the edit: no finding of the large SOP.
        #expect(throws: LSPClient.Timeout.self) {
            try client.waitFor("a publication for version 1", seconds: 1) {
                $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["version"]?.int == 1
            }
        }
    }

    @Test func anImportedFileReadsFromItsOpenBufferAndRechecksImporters() throws {
        let (client, _) = try LSPClient.start()
        try client.open(Self.moderation)
        #expect(try client.diagnostics(client.uri(Self.moderation)).isEmpty)
        let shared = try client.text("shared.sop.yaml")
        try client.open("shared.sop.yaml", text: shared)
        _ = try client.diagnostics(client.uri("shared.sop.yaml"))
        let (line, character) = try #require(locate("ban_account:", in: shared))
        client.change("shared.sop.yaml", version: 2, range: (line, character, line, character + 11), text: "suspend_account")
        let importer = try client.diagnostics(client.uri(Self.moderation)) { !$0.isEmpty }
        #expect(codes(importer).allSatisfy { $0 == "undefined-reference" } && importer.count == 2)
        #expect(messages(importer).allSatisfy { $0.contains("ban_account") })
    }

    @Test func positionsCountUTF16UnitsOrScalars() throws {
        let text = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Trees/moderation.sop.yaml").path, encoding: .utf8)
            .replacingOccurrences(of: "  strikes:\n", with: "  note:\n    type: string\n  strikes:\n")
            .replacingOccurrences(of: "\"severity_level == 'high' and strikes >= 3\"", with: "\"note == '🚨🚨' and strikez >= 3\"")
        for utf32 in [false, true] {
            let offered: JSONValue = utf32 ? .object([("general", .object([("positionEncodings", .array([.string("utf-32")]))]))]) : .object([])
            let (client, _) = try LSPClient.start(initializationCapabilities: offered)
            try client.open(Self.moderation, text: text)
            let diagnostics = try client.diagnostics(client.uri(Self.moderation)) { $0.contains { $0["code"]?.string == "undefined-reference" } }
            let d = try #require(diagnostics.first { $0["message"]?.string?.contains("strikez") == true })
            let (line, utf16Column) = try #require(locate("strikez", in: text))
            let column = utf32 ? utf16Column - 2 : utf16Column  // two emoji, each two UTF-16 units
            #expect(d["range"] == lspRange((line, column, line, column + 7)))
        }
    }

    @Test func brokenTextGetsDiagnosticsAndTheServerKeepsAnswering() throws {
        let (client, _) = try LSPClient.start()
        let uri = client.uri(Self.moderation)
        let text = try client.text(Self.moderation)
        try client.open(Self.moderation, text: text)
        _ = try client.diagnostics(uri)
        var version = 1
        // Delete the file a chunk at a time from the middle, as a careless edit would, then paste junk.
        for junk in ["nodes: [", "\t- : : {", "\u{0}\u{1}", "when: \"((((\"", "sop: [a, {b: c}]", ""] {
            version += 1
            client.change(Self.moderation, version: version, range: (10, 2, 30, 0), text: junk)
            let position = client.position(Self.moderation, 12, 3)
            _ = try client.request("textDocument/hover", position)
            _ = try client.request("textDocument/completion", position)
            _ = try client.request("textDocument/definition", position)
        }
        client.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(uri)), ("version", .int(100))])),
            ("contentChanges", .array([.object([("text", .string("{{{: [\n\t:"))])])),
        ]))
        let final = try client.diagnostics(uri) { $0.contains { $0["code"]?.string == "syntax-error" } }
        #expect(!final.isEmpty)
        // A request for a file the server never saw gets an empty answer.
        let unknown: JSONValue = .object([("textDocument", .object([("uri", .string(client.uri("nowhere.sop.yaml")))])), ("position", .object([("line", .int(0)), ("character", .int(0))]))])
        #expect(try client.request("textDocument/hover", unknown) == .null)
        #expect(try client.request("textDocument/references", unknown.withContext) == .array([]))
        // A malformed message gets an error, and the server goes on.
        client.sendRaw(Array("Content-Length: 5\r\n\r\n{oops".utf8))
        _ = try client.waitFor("parse error") { $0["error"]?["code"]?.int == -32700 }
        #expect(try client.request("shutdown", .null) == .null)
        client.notify("exit", .null)
        #expect(client.waitForExit() == 0)
    }

    // MARK: - Navigation

    @Test func definitionOfEachKindOfName() throws {
        let (client, _) = try LSPClient.start()
        let text = try client.text(Self.moderation)
        try client.open(Self.moderation, text: text)
        _ = try client.diagnostics(client.uri(Self.moderation))
        let shared = try client.text("shared.sop.yaml")

        func definition(_ needle: String, after marker: String? = nil, offset: Int = 1) throws -> (String, Int, Int) {
            let (line, character) = try #require(locate(needle, in: text, after: marker))
            let result = try client.request("textDocument/definition", client.position(Self.moderation, line, character + offset))
            let location = try #require(result.array?.first)
            return (location["uri"]?.string ?? "", location["range"]?["start"]?["line"]?.int ?? -1, location["range"]?["start"]?["character"]?.int ?? -1)
        }
        let uri = client.uri(Self.moderation)
        // Where a declaration `  name:` puts its name.
        func key(_ needle: String) throws -> (String, Int, Int) {
            let (l, c) = try #require(locate(needle, in: text))
            return (uri, l, c + 2)
        }
        #expect(try definition("true: assess", offset: 7) == key("  assess:"))
        #expect(try definition("is_spam", after: "on:") == key("  is_spam:"))
        #expect(try definition("strikes >=", offset: 2) == key("  strikes:"))
        #expect(try definition("strikes: 5") == key("  strikes:"))
        #expect(try definition("no_action", after: "expect: no_action") == key("  no_action:"))
        let (banLine, banCharacter) = try #require(locate("ban_account:", in: shared))
        #expect(try definition("shared.ban_account", offset: 9) == (client.uri("shared.sop.yaml"), banLine, banCharacter))
        let (regionLine, regionCharacter) = try #require(locate("region:", in: shared))
        #expect(try definition("shared.region", offset: 9) == (client.uri("shared.sop.yaml"), regionLine, regionCharacter))
        let (idLine, idCharacter) = try #require(locate("shared", in: shared))
        #expect(try definition("shared.region", offset: 2) == (client.uri("shared.sop.yaml"), idLine, idCharacter))
        #expect(try definition("shared.sop.yaml") == (client.uri("shared.sop.yaml"), 0, 0))
    }

    @Test func referencesAcrossTheFileAndItsImporters() throws {
        let (client, _) = try LSPClient.start()
        let text = try client.text(Self.moderation)
        try client.open(Self.moderation, text: text)
        _ = try client.diagnostics(client.uri(Self.moderation))
        let (line, character) = try #require(locate("  strikes:", in: text))
        var params = client.position(Self.moderation, line, character + 3)
        params = params.withContext
        let strikes = try #require(try client.request("textDocument/references", params).array)
        #expect(strikes.count == 4)  // the declaration, two guards, one example
        #expect(Set(strikes.compactMap { $0["range"]?["start"]?["line"]?.int }).count == 4)

        // From the library's side: its outcome is used by the importer (not open: read from the disk).
        let shared = try client.text("shared.sop.yaml")
        try client.open("shared.sop.yaml", text: shared)
        _ = try client.diagnostics(client.uri("shared.sop.yaml"))
        let (bl, bc) = try #require(locate("ban_account", in: shared))
        let ban = try #require(try client.request("textDocument/references", client.position("shared.sop.yaml", bl, bc + 1).withContext).array)
        #expect(ban.filter { $0["uri"]?.string == client.uri(Self.moderation) }.count == 2)
        #expect(ban.filter { $0["uri"]?.string == client.uri("shared.sop.yaml") }.count == 1)
    }

    @Test func renameAcrossFilesYieldsCleanFiles() throws {
        let (client, _) = try LSPClient.start()
        let text = try client.text(Self.moderation)
        let shared = try client.text("shared.sop.yaml")
        try client.open(Self.moderation, text: text)
        try client.open("shared.sop.yaml", text: shared)
        _ = try client.diagnostics(client.uri(Self.moderation))

        // An outcome declared in the library and used by the importer.
        let (bl, bc) = try #require(locate("ban_account", in: shared))
        let prepared = try client.request("textDocument/prepareRename", client.position("shared.sop.yaml", bl, bc + 2))
        #expect(prepared["placeholder"]?.string == "ban_account")
        var params = client.position("shared.sop.yaml", bl, bc + 2)
        if case .object(var members) = params { members.append(("newName", .string("suspend_account"))); params = .object(members) }
        let edit = try client.request("textDocument/rename", params)
        let changes = try #require(edit["changes"])
        let newModeration = apply(changes[client.uri(Self.moderation)]?.array ?? [], to: text)
        let newShared = apply(changes[client.uri("shared.sop.yaml")]?.array ?? [], to: shared)
        #expect(newModeration.components(separatedBy: "shared.suspend_account").count == 3)
        #expect(!newModeration.contains("ban_account") && !newShared.contains("ban_account"))
        try newModeration.write(toFile: client.root + "/" + Self.moderation, atomically: true, encoding: .utf8)
        try newShared.write(toFile: client.root + "/shared.sop.yaml", atomically: true, encoding: .utf8)
        let (output, status) = try sopc(["check", "."], in: client.root)
        #expect(status == 0, "\(output)")

        // A node, renamed in its own file.
        let (nl, nc) = try #require(locate("  assess:", in: newModeration))
        client.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(client.uri(Self.moderation))), ("version", .int(2))])),
            ("contentChanges", .array([.object([("text", .string(newModeration))])])),
        ]))
        var nodeParams = client.position(Self.moderation, nl, nc + 3)
        if case .object(var members) = nodeParams { members.append(("newName", .string("weigh_up"))); nodeParams = .object(members) }
        let nodeEdit = try client.request("textDocument/rename", nodeParams)
        let renamed = apply(nodeEdit["changes"]?[client.uri(Self.moderation)]?.array ?? [], to: newModeration)
        #expect(renamed.contains("  weigh_up:") && renamed.contains("true: weigh_up") && !renamed.contains("assess"))
        try renamed.write(toFile: client.root + "/" + Self.moderation, atomically: true, encoding: .utf8)
        #expect(try sopc(["check", "."], in: client.root).1 == 0)

        // Anything else is refused.
        let (sl, sc) = try #require(locate("sop: moderation", in: text))
        #expect(throws: LSPClient.ResponseError.self) {
            try client.request("textDocument/prepareRename", client.position(Self.moderation, sl, sc + 7))
        }
    }

    // MARK: - Hover, completion, symbols, lenses

    @Test func hoverText() throws {
        let (client, _) = try LSPClient.start()
        let text = try client.text(Self.moderation)
        try client.open(Self.moderation, text: text)
        _ = try client.diagnostics(client.uri(Self.moderation))
        func hover(_ needle: String, offset: Int = 1) throws -> String {
            let (line, character) = try #require(locate(needle, in: text))
            return try client.request("textDocument/hover", client.position(Self.moderation, line, character + offset))["contents"]?["value"]?.string ?? ""
        }
        let input = try hover("strikes >=")
        #expect(input.contains("`moderation.strikes`: `int`") && input.contains("domain: 0 to 10") && input.contains("How many active strikes"))
        let region = try hover("shared.region", offset: 9)
        #expect(region.contains("one of `EU`, `US`, `OTHER`"))
        let node = try hover("true: assess", offset: 7)
        #expect(node.contains("How severe is it") && node.contains("1 route leads here:\n- Is the report spam? → yes"))
        let outcome = try hover("then: remove_content", offset: 8)
        #expect(outcome.contains("Remove the content") && outcome.contains("severity: medium"))
        #expect(outcome.contains("  - How severe is it, and how often has it happened? → severity level is “high” and strikes is less than 3 or"))
        let library = try hover("shared.ban_account", offset: 9)
        #expect(library.contains("examples expecting it: `spam from a repeat offender is banned`"))
    }

    @Test func hoverOnAnAllowedCodeExplainsIt() throws {
        let (client, _) = try LSPClient.start()
        let text = try client.text(Self.moderation).replacingOccurrences(of: "    guidance: Look", with: "    allow: [dead-branch]\n    guidance: Look")
        try client.open(Self.moderation, text: text)
        _ = try client.diagnostics(client.uri(Self.moderation))
        let (line, character) = try #require(locate("dead-branch", in: text))
        let hover = try client.request("textDocument/hover", client.position(Self.moderation, line, character + 2))
        #expect(hover["contents"]?["value"]?.string?.hasPrefix("**dead-branch** (warning): ") == true)
    }

    @Test func completionOffersWhatFitsThere() throws {
        let (client, _) = try LSPClient.start()
        let text = try client.text(Self.moderation)
        try client.open(Self.moderation, text: text)
        _ = try client.diagnostics(client.uri(Self.moderation))
        func labels(_ line: Int, _ character: Int) throws -> Set<String> {
            let result = try client.request("textDocument/completion", client.position(Self.moderation, line, character))
            return Set(result["items"]?.array?.compactMap { $0["label"]?.string } ?? [])
        }
        // Targets after `then:`, cleared to an empty value first.
        let (tl, tc) = try #require(locate("then: remove_content", in: text))
        client.change(Self.moderation, version: 2, range: (tl, tc + 6, tl, tc + 20), text: "")
        let targets = try labels(tl, tc + 6)
        #expect(targets.isSuperset(of: ["triage", "assess", "remove_content", "no_action", "shared.ban_account"]))
        client.change(Self.moderation, version: 3, range: (tl, tc + 6, tl, tc + 6), text: "remove_content")

        // Enum values inside a guard, after `==`.
        let (gl, gc) = try #require(locate("severity_level == 'high' and strikes >= 3", in: text))
        #expect(try labels(gl, gc + 19) == ["low", "medium", "high"])
        // Input names at the start of a guard.
        let inputs = try labels(gl, gc)
        #expect(inputs.isSuperset(of: ["is_spam", "severity_level", "strikes", "shared.region", "and", "or"]))

        // Keys a node allows, on a new line inside it.
        let (ql, _) = try #require(locate("    question: Is the report spam?", in: text))
        client.change(Self.moderation, version: 4, range: (ql + 1, 0, ql + 1, 0), text: "    \n")
        let keys = try labels(ql + 1, 4)
        #expect(keys == ["question", "guidance", "allow", "on", "cases", "else", "match", "branches"])
    }

    @Test func documentSymbolsAndCodeLenses() throws {
        let (client, _) = try LSPClient.start()
        try client.open(Self.moderation)
        _ = try client.diagnostics(client.uri(Self.moderation))
        let document: JSONValue = .object([("textDocument", .object([("uri", .string(client.uri(Self.moderation)))]))])
        let symbols = try client.request("textDocument/documentSymbol", document).array ?? []
        #expect(symbols.compactMap { $0["name"]?.string } == ["is_spam", "severity_level", "strikes", "remove_content", "no_action", "triage", "assess"])
        let lenses = try client.request("textDocument/codeLens", document).array ?? []
        #expect(lenses.compactMap { $0["command"]?["title"]?.string } == ["2 examples pass through", "1 example passes through"])
    }

    // MARK: - Code actions

    @Test func acceptingAFindingWithAllowRemovesIt() throws {
        let (client, _) = try LSPClient.start()
        let uri = client.uri(Self.moderation)
        let text = try client.text(Self.moderation).replacingOccurrences(of: "strikes < 3", with: "strikes < 0")
        try client.open(Self.moderation, text: text)
        let diagnostics = try client.settledDiagnostics(Self.moderation, version: 1)
        let dead = try #require(diagnostics.first { $0["code"]?.string == "dead-branch" })
        let actions = try client.request("textDocument/codeAction", .object([
            ("textDocument", .object([("uri", .string(uri))])), ("range", dead["range"]!),
            ("context", .object([("diagnostics", .array([dead]))])),
        ])).array ?? []
        let allow = try #require(actions.first { $0["title"]?.string == "accept `dead-branch` at `assess` with `allow:`" })
        let fixed = apply(allow["edit"]?["changes"]?[uri]?.array ?? [], to: text)
        #expect(fixed.contains("  assess:\n    allow: [dead-branch]\n    question:"))
        client.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(uri)), ("version", .int(2))])),
            ("contentChanges", .array([.object([("text", .string(fixed))])])),
        ]))
        let after = try client.settledDiagnostics(Self.moderation, version: 2)
        #expect(!codes(after).contains("dead-branch"))
        #expect(!codes(after).contains("unused-allow"))
        // Every fix-it the compiler attaches is offered too, with safe ones preferred.
        for action in actions where action["title"] != allow["title"] {
            #expect(action["kind"]?.string == "quickfix" && action["isPreferred"] != nil)
        }
    }
}

extension JSONValue {
    /// A position request with `context.includeDeclaration` set, for references.
    var withContext: JSONValue {
        guard case .object(var members) = self else { return self }
        members.append(("context", .object([("includeDeclaration", .bool(true))])))
        return .object(members)
    }
}

extension LanguageServerTests {
    @Test func applyingTheDidYouMeanFixRemovesTheError() throws {
        let (client, _) = try LSPClient.start()
        let uri = client.uri(Self.moderation)
        let text = try client.text(Self.moderation).replacingOccurrences(of: "false: no_action", with: "false: no_actoin")
        try client.open(Self.moderation, text: text)
        let diagnostics = try client.diagnostics(uri) { !$0.isEmpty }
        let typo = try #require(diagnostics.first { $0["code"]?.string == "undefined-reference" })
        let actions = try client.request("textDocument/codeAction", .object([
            ("textDocument", .object([("uri", .string(uri))])), ("range", typo["range"]!),
            ("context", .object([("diagnostics", .array([typo]))])),
        ])).array ?? []
        let fix = try #require(actions.first { $0["isPreferred"]?.bool == true })
        #expect(fix["title"]?.string?.contains("no_action") == true)
        #expect(fix["diagnostics"]?.array?.first?["code"]?.string == "undefined-reference")
        let fixed = apply(fix["edit"]?["changes"]?[uri]?.array ?? [], to: text)
        #expect(fixed == (try client.text(Self.moderation)))
        client.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(uri)), ("version", .int(2))])),
            ("contentChanges", .array([.object([("text", .string(fixed))])])),
        ]))
        #expect(try client.settledDiagnostics(Self.moderation, version: 2).isEmpty)
    }
}

extension LanguageServerTests {
    /// Random incremental edits, with multi-byte text, keep the server's copy of the document exactly in
    /// step with the editor's: the final diagnostics are those `sopc check` gives for the editor's text.
    @Test func randomIncrementalEditsStayInStep() throws {
        let (client, _) = try LSPClient.start()
        let uri = client.uri(Self.moderation)
        var text = try client.text(Self.moderation)
        try client.open(Self.moderation, text: text)
        var generator = SplitMix64(seed: 14)
        let pieces = ["x", "é", "🚨", "\n", "  ", "then: ", "'", "\"", ":", "- ", "nodes:", "ü🚨\n  "]
        for version in 2...150 {
            let lines = text.components(separatedBy: "\n").map { Array($0.utf16) }
            func position() -> (Int, Int) {
                let line = Int(generator.below(lines.count))
                var character = Int(generator.below(lines[line].count + 1))
                // Never inside a surrogate pair: an editor never puts the cursor there.
                if character > 0, character < lines[line].count, UTF16.isTrailSurrogate(lines[line][character]) { character -= 1 }
                return (line, character)
            }
            var a = position(), b = position()
            if b < a { swap(&a, &b) }
            let insert = generator.below(3) == 0 ? "" : pieces[Int(generator.below(pieces.count))]
            let edit: JSONValue = .object([("range", lspRange((a.0, a.1, b.0, b.1))), ("newText", .string(insert))])
            // Mostly small edits, so the file stays a SOP with errors rather than random bytes.
            if b.0 - a.0 > 2 { continue }
            text = apply([edit], to: text)
            client.change(Self.moderation, version: version, range: (a.0, a.1, b.0, b.1), text: insert)
        }
        client.notify("textDocument/didChange", .object([
            ("textDocument", .object([("uri", .string(uri)), ("version", .int(151))])),
            ("contentChanges", .array([.object([("range", lspRange((0, 0, 0, 0))), ("text", .string(""))])])),
        ]))
        let final = try client.settledDiagnostics(Self.moderation, version: 151)
        try text.write(toFile: client.root + "/edited.sop.yaml", atomically: true, encoding: .utf8)
        let (json, _) = try sopc(["check", "--format", "json", "edited.sop.yaml"], in: client.root)
        let expected = try JSONParser.parse(json)["diagnostics"]?.array ?? []
        #expect(final.compactMap { $0["message"]?.string } == expected.compactMap { $0["message"]?.string })
        #expect(final.compactMap { $0["range"]?["start"]?["line"]?.int } == expected.compactMap { $0["line"]?.int.map { $0 - 1 } })
        _ = try client.request("shutdown", .null)
    }
}

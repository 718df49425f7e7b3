import Foundation
import Testing

/// Hostile inputs end in a diagnostic, never a crash: deep and long guard expressions, guards at the
/// limits going through every command that walks them, and YAML aliases that expand long text.
extension CLITests {
    /// A scratch folder holding `files` (name -> text).
    func scratch(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return dir
    }

    /// A SOP whose first branch's guard is `guardText` (over bool inputs `a` and `b`).
    static func guardSOP(_ guardText: String) -> String {
        """
        sop: deep
        title: Deep guards
        inputs:
          a: bool
          b: bool
        outcomes:
          yes: { title: Yes }
          no: { title: No }
        start: n
        nodes:
          n:
            question: Which?
            match: first
            branches:
              - when: "\(guardText)"
                then: m
              - else: no
          m:
            question: Confirmed?
            branches:
              - else: yes

        """
    }

    /// Deep guards by name (the texts themselves are too long to print as test arguments): under the
    /// length limit, so the depth limit is what stops them, and 100,000 levels, stopped by the length.
    static let deepGuards: [String: String] = [
        "30,000 parentheses": String(repeating: "(", count: 30_000) + "a" + String(repeating: ")", count: 30_000),
        "16,000 nots": String(repeating: "not ", count: 16_000) + "a",
        "6,000 not-parentheses": String(repeating: "not (", count: 6_000) + "a" + String(repeating: ")", count: 6_000),
        "100,000 parentheses": String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000),
        "100,000 nots": String(repeating: "not ", count: 100_000) + "a",
    ]

    @Test("a guard nested thousands of levels deep, with parentheses or with `not`, is a located syntax error", arguments: deepGuards.keys.sorted())
    func deepGuards(_ name: String) throws {
        let guardText = Self.deepGuards[name]!
        let dir = try scratch(["deep.sop.yaml": Self.guardSOP(guardText)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try sopc("check", "deep.sop.yaml", in: dir.path)
        #expect(r.status == 1, "\(r.stderr.prefix(300))")
        // Line 15 holds the guard; the error points inside it, at the token that goes too deep.
        #expect(r.stdout.contains("deep.sop.yaml:15:"), "\(r.stdout.prefix(300))")
        let message = guardText.utf8.count > 65_536 ? "error[syntax-error]: the expression is \(guardText.utf8.count) bytes long" : "error[syntax-error]: the expression nests more than 64 levels of parentheses and `not`"
        #expect(r.stdout.contains(message), "\(r.stdout.prefix(300))")
        let replay = try sopc("replay", "deep.sop.yaml", "/dev/null", in: dir.path)
        #expect(replay.status == 1 || replay.status == 2)
        #expect(!replay.stderr.contains("Fatal error") && !replay.stderr.contains("crashed"))
    }

    @Test("a 1 MB guard is rejected by its length before it is read")
    func longGuard() throws {
        let text = Array(repeating: "a", count: 350_000).joined(separator: " or ")
        let dir = try scratch(["long.sop.yaml": Self.guardSOP(text)])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try sopc("check", "long.sop.yaml", in: dir.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("long.sop.yaml:15:16: error[syntax-error]: the expression is \(text.utf8.count) bytes long; the limit is 65536"), "\(r.stdout.prefix(400))")
    }

    @Test("guards at the depth and length limits go through check, replay, run, why and every export")
    func guardsAtTheLimits() throws {
        // 64 levels: 32 `not`s around 32 parentheses; an even number of `not`s, so the guard is `a and b`.
        let deep = String(repeating: "not (", count: 32) + "a and b" + String(repeating: ")", count: 32)
        // A chain of 7,000 terms (about 55 KB) under the length limit.
        let chain = (0..<7_000).map { $0 % 2 == 0 ? "a" : "not b" }.joined(separator: " and ")
        #expect(chain.utf8.count < 65_536)
        for (name, guardText, label) in [("deep", deep, "yes"), ("chain", chain, "no")] {
            let dir = try scratch([
                "t.sop.yaml": Self.guardSOP(guardText),
                "s.jsonl": #"{"id":"1","a":true,"b":true,"label":"yes"}"# + "\n" + #"{"id":"2","a":true,"b":false,"label":"\#(label)"}"# + "\n",
            ])
            defer { try? FileManager.default.removeItem(at: dir) }
            let check = try sopc("check", "t.sop.yaml", in: dir.path)
            #expect(!check.stdout.contains("error["), "\(name): \(check.stdout.prefix(600))")
            let replay = try sopc("replay", "--format", "json", "t.sop.yaml", "s.jsonl", in: dir.path)
            #expect(replay.status == 0 || replay.status == 1, "\(name): \(replay.stderr.prefix(300))")
            #expect(replay.stdout.contains("\"replayed\""), "\(name)")
            let run = try sopc("run", "t.sop.yaml", "--given", "a=true", "--given", "b=true", in: dir.path)
            #expect(run.status == 0, "\(name): \(run.stderr.prefix(300))")
            #expect(run.stdout.contains(name == "deep" ? "yes" : "no"), "\(name)")
            let why = try sopc("why", "t.sop.yaml", "m", in: dir.path)
            #expect(why.status == 0, "\(name): \(why.stderr.prefix(300))")
            for format in ["sql", "markdown", "mermaid", "quiz-json"] {
                let export = try sopc("export", "--format", format, "t.sop.yaml", in: dir.path)
                #expect(export.status == 0, "\(name) \(format): \(export.stderr.prefix(300))")
            }
            let test = try sopc("test", "t.sop.yaml", in: dir.path)
            #expect(!test.stderr.contains("Fatal error"), "\(name)")
        }
    }
}

extension CLITests {
    static let importer = """
        sop: main
        title: Main
        import: [IMPORT]
        outcomes:
          done: { title: Done }

        """

    @Test("importing a file outside the project is an import-error that never shows the file's content", arguments: [
        "/etc/passwd", "../../../../../../../../etc/passwd", "passwd-link.sop.yaml", "/proc/self/environ",
    ])
    func importsStayInTheProject(_ path: String) throws {
        let dir = try scratch(["project/main.sop.yaml": Self.importer.replacingOccurrences(of: "IMPORT", with: path)])
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("project/passwd-link.sop.yaml").path, withDestinationPath: "/etc/passwd")
        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8)) ?? "root:x:0:0"
        let firstLine = String(passwd.prefix { $0 != "\n" })
        for format in ["text", "json", "sarif", "github"] {
            let r = try sopc("check", "--no-config", "--format", format, "project/main.sop.yaml", in: dir.path)
            #expect(r.status == 1, "\(format)")
            #expect(r.stdout.contains("is outside the project"), "\(format): \(r.stdout.prefix(500))")
            #expect(!r.stdout.contains(firstLine) && !r.stderr.contains(firstLine), "\(format)")
            #expect(!r.stdout.contains("PATH="), "\(format)")
        }
        let text = try sopc("check", "--no-config", "project/main.sop.yaml", in: dir.path)
        #expect(text.stdout.contains("project/main.sop.yaml:3:10: error[import-error]: `\(path)` is outside the project ("), "\(text.stdout.prefix(500))")
    }

    @Test("with a .sopc.yaml, files import across the project's folders, and not beyond it")
    func configurationRoot() throws {
        let dir = try scratch([
            "project/.sopc.yaml": "check:\n  strict: false\n",
            "project/a/main.sop.yaml": Self.importer.replacingOccurrences(of: "IMPORT", with: "../shared/lib.sop.yaml"),
            "project/shared/lib.sop.yaml": "sop: lib\ntitle: Lib\noutcomes:\n  kept: { title: Kept }\n",
            "outside/lib.sop.yaml": "sop: far\ntitle: Far\n",
            "project/b/main.sop.yaml": Self.importer.replacingOccurrences(of: "IMPORT", with: "../../outside/lib.sop.yaml").replacingOccurrences(of: "sop: main", with: "sop: other"),
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = dir.appendingPathComponent("project").path
        let a = try sopc("check", "a/main.sop.yaml", in: project)
        #expect(!a.stdout.contains("import-error"), "\(a.stdout)")
        let noConfig = try sopc("check", "--no-config", "a/main.sop.yaml", in: project)
        #expect(noConfig.stdout.contains("error[import-error]: `../shared/lib.sop.yaml` is outside the project"), "\(noConfig.stdout)")
        let b = try sopc("check", "b/main.sop.yaml", in: project)
        #expect(b.stdout.contains("error[import-error]: `../../outside/lib.sop.yaml` is outside the project"), "\(b.stdout)")
    }
}

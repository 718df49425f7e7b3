import Foundation
import Testing

/// End-to-end tests of the `sopc` executable: arguments, exit statuses, output files.
@Suite("sopc command line")
struct CLITests {
    static let trees = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Trees").path

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
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

    func sopc(_ arguments: String..., in directory: String = trees) throws -> Result {
        try sopc(arguments, in: directory)
    }

    /// `environment`: the variables sopc sees (default: the test's own).
    func sopc(_ arguments: [String], in directory: String = trees, environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.binary())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func cleanFileExitsZero() throws {
        let r = try sopc("check", "clean.sop.yaml")
        #expect(r.status == 0)
        #expect(r.stdout == "no problems in 1 file\n")
    }

    @Test func errorsExitOne() throws {
        let r = try sopc("check", "broken.sop.yaml")
        #expect(r.status == 1)
        #expect(r.stdout.contains("broken.sop.yaml:14:14: error[undefined-reference]: `dnoe` is not a node, an outcome or an imported SOP"))
        // The SOP's semantic checks did not run, and one note says so.
        #expect(r.stdout.hasPrefix("broken.sop.yaml:1:6: note[analysis-skipped]: semantic checks of `broken` skipped: it has errors"))
        #expect(r.stdout.contains("help: did you mean `done`?"))
    }

    @Test func warningsFailOnlyWithStrict() throws {
        #expect(try sopc("check", "warning.sop.yaml").status == 0)
        #expect(try sopc("check", "--strict", "warning.sop.yaml").status == 1)
    }

    @Test func folderExpandsToSortedFiles() throws {
        let r = try sopc("check", "--format", "json", ".")
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["files": 3, "errors": 1, "warnings": 1, "allowed": 0])
        let files = try #require(object["diagnostics"] as? [[String: Any]]).compactMap { $0["file"] as? String }
        #expect(files == ["broken.sop.yaml", "broken.sop.yaml", "warning.sop.yaml"])
    }

    @Test func usageAndInputErrorsExitTwo() throws {
        let missing = try sopc("check", "nowhere.sop.yaml")
        #expect(missing.status == 2)
        #expect(missing.stderr == "sopc: error: no such file or folder: nowhere.sop.yaml\n")
        #expect(missing.stdout.isEmpty)
        let format = try sopc("check", "--format", "jsn", "clean.sop.yaml")
        #expect(format.status == 2)
        #expect(format.stderr.contains("Please provide one of 'text', 'json', 'sarif' or 'github'. Did you mean `json`?"))
        #expect(try sopc("check", "--colour", "never", "clean.sop.yaml").status == 2)
        // No path and no configuration above the directory: nothing to check.
        #expect(try sopc("check", in: FileManager.default.temporaryDirectory.path).status == 2)
        #expect(try sopc("explain", "unreachable-nod").status == 2)
    }

    @Test func reportFileIsWrittenWhole() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("report.sarif").path
        let r = try sopc("check", "--format", "sarif", "-o", target, "broken.sop.yaml")
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: target))) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.sarif"], "no temporary file is left behind")
        let unwritable = try sopc("check", "-o", "/nonexistent-dir/report.txt", "clean.sop.yaml")
        #expect(unwritable.status == 2)
    }

    @Test func explainPrintsExamples() throws {
        let r = try sopc("explain", "cycle")
        #expect(r.status == 0)
        #expect(r.stdout.contains("cycle"))
        #expect(r.stdout.lowercased().contains("example"))
        let list = try sopc("explain")
        #expect(list.stdout.split(separator: "\n").count == 26)
    }

    @Test func outputIsIdenticalAcrossRuns() throws {
        let a = try sopc("check", "--format", "json", ".")
        let b = try sopc("check", "--format", "json", ".")
        #expect(a.stdout == b.stdout)
    }
}

extension CLITests {
    @Test("-o /dev/null writes to the device, never replaces it")
    func devicesAreWrittenInPlace() throws {
        let r = try sopc("check", "-o", "/dev/null", "clean.sop.yaml")
        #expect(r.status == 0)
        var info = stat()
        #expect(stat("/dev/null", &info) == 0)
        #expect((info.st_mode & S_IFMT) == S_IFCHR, "/dev/null must still be a character device")
    }
}

extension CLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    @Test("replay: a report on the shipped samples, quality gates exit 1, bad input exits 2")
    func replayExitStatuses() throws {
        let tree = "trees/account-takeover.sop.yaml", samples = "trees/samples/account-takeover.jsonl"
        let report = try sopc("replay", tree, samples, in: Self.repository)
        #expect(report.status == 0)
        #expect(report.stdout.hasPrefix("samples 407  replayed 400  rejected 7"))
        #expect(try sopc("replay", "--min-agreement", "0.99", tree, samples, in: Self.repository).status == 1)
        #expect(try sopc("replay", "--min-kappa", "0.5", tree, samples, in: Self.repository).status == 0)
        let missing = try sopc("replay", tree, "trees/samples/none.jsonl", in: Self.repository)
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("sopc: error:"))
        #expect(try sopc("replay", "--input-format", "xml", tree, samples, in: Self.repository).status == 2)
    }

    @Test("test: the shipped examples pass")
    func shippedExamplesPass() throws {
        let r = try sopc("test", "--quiet", "trees/", in: Self.repository)
        #expect(r.status == 0)
        #expect(r.stdout.contains("0 failed"))
    }
}

extension CLITests {
    @Test("--no-semantic skips the solver-based analyses and keeps the structural ones")
    func noSemantic() throws {
        let fixtures = Self.repository + "/Tests/SOPCompilerTests/Fixtures"
        #expect(try sopc("check", "ambiguous-branches.sop.yaml", in: fixtures).status == 1)
        #expect(try sopc("check", "--no-semantic", "ambiguous-branches.sop.yaml", in: fixtures).status == 0)
        #expect(try sopc("check", "--no-semantic", "cycle.sop.yaml", in: fixtures).status == 1)
    }
}

extension CLITests {
    @Test("replay and test --samples refuse the same SOP: one with a check error")
    func replayAndTestChooseTheSameWay() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-target-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Compiles, but `check_age` leaves age 30 uncovered: an `incomplete-node` error from the checks.
        try """
        sop: ages
        title: Ages
        inputs:
          age: { type: int, range: [0, 150] }
        outcomes:
          young: { title: Young }
          old: { title: Old }
        start: check_age
        nodes:
          check_age:
            question: How old?
            branches:
              - when: "age < 30"
                then: young
              - when: "age > 30"
                then: old
        """.write(to: dir.appendingPathComponent("ages.sop.yaml"), atomically: true, encoding: .utf8)
        try "{\"age\":3,\"label\":\"young\"}\n".write(to: dir.appendingPathComponent("s.jsonl"), atomically: true, encoding: .utf8)
        let replay = try sopc("replay", "ages.sop.yaml", "s.jsonl", in: dir.path)
        let test = try sopc("test", "--samples", "s.jsonl", "ages.sop.yaml", in: dir.path)
        #expect(replay.status == 2 && test.status == 2)
        #expect(replay.stderr.contains("`ages` has errors; run `sopc check ages.sop.yaml`"))
        #expect(test.stderr.contains("`ages` has errors; run `sopc check ages.sop.yaml`"))
    }
}

extension CLITests {
    @Test("export refuses errors in the graph and mismatching worked examples; semantic findings are sopc check's")
    func exportRefusesOnErrorsItChecks() throws {
        let fixtures = Self.repository + "/Tests/SOPCompilerTests/Fixtures"
        // Structural and front-end errors: a diagram of a broken graph would teach the wrong thing.
        for file in ["cycle.sop.yaml", "undefined-reference.sop.yaml", "type-mismatch.sop.yaml"] {
            let r = try sopc("export", "--format", "dot", file, in: fixtures)
            #expect(r.status == 1, "\(file)")
            #expect(r.stdout.isEmpty, "\(file)")
            #expect(r.stderr.contains("the SOPs have") && r.stderr.contains("run `sopc check \(file)` and fix them first"), "\(file): \(r.stderr)")
        }
        let cycle = try sopc("export", "--format", "dot", "cycle.sop.yaml", in: fixtures)
        #expect(cycle.stderr.contains("(first: cycle.sop.yaml:") && cycle.stderr.contains(": cycle)"), "\(cycle.stderr)")
        // A worked example that ends elsewhere than it says: the handbook and the page would present it.
        let example = try sopc("export", "--format", "markdown", "example-mismatch.sop.yaml", in: fixtures)
        #expect(example.status == 1)
        #expect(example.stderr.contains(": example-mismatch)"), "\(example.stderr)")
        // Semantic findings (here two exclusive branches that overlap) are reported by `sopc check`, not
        // proved again by every export.
        #expect(try sopc("check", "ambiguous-branches.sop.yaml", in: fixtures).status == 1)
        let ambiguous = try sopc("export", "--format", "dot", "ambiguous-branches.sop.yaml", in: fixtures)
        #expect(ambiguous.status == 0)
        #expect(ambiguous.stdout.hasPrefix("digraph"))
    }
}

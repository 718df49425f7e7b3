import Foundation
import SOPCompiler
import SOPCore
import SOPDriver
import SOPReporters

/// Marker-based fixtures: a `*.sop.yaml` file under `Fixtures/` states the diagnostics it must produce in
/// YAML comments right below the line they point at:
///
///     nodes:
///       start:
///         questoin: x
///     #   ^ error[unknown-key]: unknown key `questoin` in node `start`
///
/// The caret's column is the diagnostic's column; `# @1 error[code]` names column 1, which a caret in a
/// comment cannot reach. The message after `:` is optional and, when given, must match exactly. A fixture
/// folder is compiled as one case (all its files together), like `sopc check FOLDER`. Each case also has
/// golden renderings, `NAME.expected.txt` and `NAME.expected.json`, re-recorded with `SOPC_RECORD=1`.
/// Diagnostics of severity `note` are compared only in fixtures that mark at least one note (the
/// goldens show them everywhere).
enum FixtureHarness {
    struct Expectation: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var code: String
        var message: String?

        var description: String { "\(file):\(line):\(column): \(severity)[\(code)]" + (message.map { ": \($0)" } ?? "") }
    }

    struct Case {
        /// The case's name: a file name without `.sop.yaml`, or a folder name.
        var name: String
        /// Files to compile, relative to the fixtures root.
        var files: [String]
        /// Where the golden renderings live, without extension.
        var goldenStem: String
    }

    static let root: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    }()

    /// Every case under the fixtures root, sorted by name.
    static func cases() -> [Case] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        var result: [Case] = []
        for entry in entries.sorted() {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + entry, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                let files = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + entry)) ?? [])
                    .filter { $0.hasSuffix(".sop.yaml") }.sorted().map { entry + "/" + $0 }
                result.append(Case(name: entry, files: files, goldenStem: entry + "/expected"))
            } else if entry.hasSuffix(".sop.yaml") {
                let name = String(entry.dropLast(".sop.yaml".count))
                result.append(Case(name: name, files: [entry], goldenStem: name + ".expected"))
            }
        }
        return result
    }

    /// Reads the expectations written in a fixture file.
    static func expectations(in file: String) throws -> [Expectation] {
        let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
        var result: [Expectation] = []
        var lastCodeLine = 0
        let pattern = try NSRegularExpression(pattern: #"^(\s*#\s*)(\^+|@\d+)\s+(error|warning|note)\[([a-z-]+)\](?::\s?(.*))?$"#)
        for (index, line) in text.components(separatedBy: "\n").enumerated() {
            let ns = line as NSString
            guard let match = pattern.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else {
                lastCodeLine = index + 1
                continue
            }
            let marker = ns.substring(with: match.range(at: 2))
            let column = marker.hasPrefix("@") ? Int(marker.dropFirst()) ?? 0 : ns.substring(with: match.range(at: 1)).count + 1
            let message = match.range(at: 5).location == NSNotFound ? nil : ns.substring(with: match.range(at: 5))
            result.append(Expectation(file: file, line: lastCodeLine, column: column, severity: ns.substring(with: match.range(at: 3)), code: ns.substring(with: match.range(at: 4)), message: message))
        }
        return result
    }

    /// Runs the checker on a case, with paths relative to the fixtures root.
    static func run(_ c: Case) throws -> CheckRun {
        try CheckRun.check(files: c.files, loader: RootedLoader(root: root))
    }

    /// The diagnostics as expectations (with messages), for comparison.
    static func actual(_ run: CheckRun) -> [Expectation] {
        run.diagnostics.map {
            Expectation(file: $0.file, line: $0.range.start.line, column: $0.range.start.column, severity: $0.severity.rawValue, code: $0.code.id, message: $0.message)
        }
    }

    /// Compares `rendered` with the golden file, or records it when `SOPC_RECORD=1`. Returns a difference, if any.
    static func compareGolden(_ rendered: String, path: String) -> String? {
        let full = root + "/" + path
        if ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" {
            try? Data(rendered.utf8).write(to: URL(fileURLWithPath: full), options: .atomic)
            return nil
        }
        guard let golden = try? String(contentsOfFile: full, encoding: .utf8) else {
            return "missing golden file \(path) (run the tests with SOPC_RECORD=1 to record it)"
        }
        guard golden != rendered else { return nil }
        let a = golden.components(separatedBy: "\n"), b = rendered.components(separatedBy: "\n")
        for i in 0..<max(a.count, b.count) where (i < a.count ? a[i] : nil) != (i < b.count ? b[i] : nil) {
            return "\(path):\(i + 1): expected \(i < a.count ? a[i] : "<end>")\n   got \(i < b.count ? b[i] : "<end>")"
        }
        return "\(path) differs"
    }
}

/// Reads fixture files by paths relative to a root, so diagnostics show short, stable paths.
struct RootedLoader: SourceLoader {
    let root: String

    func read(_ path: String) throws(InputError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: root + "/" + path) else { throw .notFound(path) }
        return [UInt8](data)
    }

    func identity(of path: String) -> String { Paths.normalize(path) }
}

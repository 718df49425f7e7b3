import SOPCompiler
import SOPCore
import SOPDriver
import Testing

/// Every code's documented example (`sopc explain CODE`, `docs/diagnostics.md`) is run, the way
/// SwiftLint runs each rule's triggering and non-triggering examples: the example produces its code in
/// the lines it shows, and the fixed snippet does not.
///
/// The snippets are fragments (a `nodes:` section, an `outcomes:` section, ...). Each is completed into
/// a file by `DocumentedExample.complete`: the fragment's sections come first and win; a shared base adds
/// the `sop:`, `title:`, `start:` and the declarations the fragments use without showing them (inputs such
/// as `user_verified`, outcomes such as `escalate`). Only findings on the fragment's own lines count, so
/// the base's unused declarations stay out of it.
@Suite("documented examples")
struct DocumentedExampleTests {
    /// Codes whose example cannot run as a small file, with the reason.
    static let notRunnable: [String: String] = [
        // The budget is a large number of solver steps; the example stands for "dozens more branches".
        "analysis-limit": "needs a decision larger than a documentation snippet",
    ]

    /// Other codes an example shows on purpose, besides its own.
    static let companions: [String: Set<String>] = [
        // The skipped analysis is caused by an error, which the example shows.
        "analysis-skipped": ["type-mismatch"],
    ]

    static var runnable: [DiagnosticCode] { DiagnosticCode.all.filter { notRunnable[$0.id] == nil } }

    @Test(arguments: runnable)
    func theExampleProducesItsCodeAndTheFixedSnippetDoesNot(_ code: DiagnosticCode) throws {
        let example = DocumentedExample(fragment: code.example)
        let found = example.findings()
        #expect(found.contains { $0.code == code }, "\(code.id): the example does not produce it; it produces \(found.map(\.code.id))\n\(example.text)")
        let allowed = Self.companions[code.id, default: []].union([code.id])
        let errors = found.filter { $0.severity == .error && !allowed.contains($0.code.id) }
        #expect(errors.isEmpty, "\(code.id): the example has other errors: \(errors.map { "\($0.range.start) \($0.code.id): \($0.message)" })\n\(example.text)")

        let fixed = DocumentedExample(fragment: code.fixed)
        let left = fixed.findings()
        #expect(!left.contains { $0.code == code }, "\(code.id): the fixed snippet still produces it\n\(fixed.text)")
        #expect(!left.contains { $0.severity == .error }, "\(code.id): the fixed snippet has errors: \(left.map { "\($0.range.start) \($0.code.id): \($0.message)" })\n\(fixed.text)")
    }

    @Test func everyCodeIsRunOrHasAReason() {
        for code in DiagnosticCode.all where Self.notRunnable[code.id] != nil {
            #expect(!code.example.isEmpty)
        }
        #expect(Self.runnable.count >= DiagnosticCode.all.count - 1)
    }
}

/// A documentation fragment completed into a SOP file.
struct DocumentedExample {
    let text: String
    /// 1-based lines of the completed file that come from the fragment.
    let fragmentLines: Set<Int>
    /// Files the fragment imports, when it names them.
    let files: [String: String]
    let path: String

    static let baseInputs: [(String, String)] = [
        ("user_verified", "{type: bool, question: Verified?}"),
        ("retried", "{type: bool, question: Retried?}"),
        ("known_device", "{type: bool, question: Known device?}"),
        ("high_value", "{type: bool, question: High value?}"),
        ("password_changed_on_new_device", "{type: bool, question: Changed on a new device?}"),
        ("region", "{type: enum, values: [EU, US, APAC], question: Region?}"),
        ("account_age_days", "{type: int, range: [0, 3650], question: Age in days?}"),
        ("risk_score", "{type: int, range: [0, 100], question: Risk score?}"),
        ("age", "{type: int, range: [0, 120], question: Age?}"),
    ]
    static let baseOutcomes = ["escalate", "close", "manual_review", "lock_account", "review", "allow", "deny"]
    static let order = ["sop", "title", "import", "inputs", "outcomes", "start", "nodes", "examples"]

    init(fragment: String) {
        // Top-level sections of the fragment: a key at column 0 and the lines under it.
        var sections: [(key: String, lines: [String])] = []
        var header: [String] = []
        for line in fragment.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let first = line.first, first != " ", first != "#", let colon = line.firstIndex(of: ":") {
                sections.append((String(line[..<colon]), [line]))
            } else if sections.isEmpty {
                if !line.isEmpty { header.append(line) }
            } else {
                sections[sections.count - 1].lines.append(line)
            }
        }
        func entries(_ key: String) -> Set<String> {
            guard let s = sections.first(where: { $0.key == key }) else { return [] }
            return Set(s.lines.dropFirst().compactMap { line -> String? in
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let colon = line.firstIndex(of: ":") else { return nil }
                return String(line[line.index(line.startIndex, offsetBy: 2)..<colon])
            })
        }
        let nodes = sections.first { $0.key == "nodes" }?.lines.dropFirst().first { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .map { String($0.dropFirst(2).prefix { $0 != ":" }) }
        var base: [String: [String]] = [
            "sop": ["sop: example"],
            "title": ["title: Example"],
            "inputs": ["inputs:"] + Self.baseInputs.filter { !entries("inputs").contains($0.0) }.map { "  \($0.0): \($0.1)" },
            "outcomes": ["outcomes:"] + Self.baseOutcomes.filter { !entries("outcomes").contains($0) && !entries("nodes").contains($0) }.map { "  \($0): {title: \($0)}" },
            "start": ["start: \(nodes ?? "base")"],
        ]
        if nodes == nil && sections.contains(where: { $0.key == "start" }) == false {
            base["nodes"] = ["nodes:", "  base:", "    question: Base?", "    on: user_verified", "    cases:", "      true: escalate", "      false: close"]
        }
        var lines = header
        var fromFragment = Set(1...max(1, header.count)).filter { $0 <= header.count }
        for key in Self.order + sections.map(\.key).filter({ !Self.order.contains($0) }) {
            if let s = sections.first(where: { $0.key == key }) {
                for line in s.lines where !line.isEmpty {
                    lines.append(line)
                    fromFragment.insert(lines.count)
                }
                // The base's declarations the fragment does not make, after its own.
                if let extra = base[key], key == "inputs" || key == "outcomes" { lines += extra.dropFirst() }
            } else if let b = base[key] {
                lines += b
            }
        }
        text = lines.joined(separator: "\n") + "\n"
        // `analysis-skipped` lands on the SOP's id, wherever that comes from.
        if let sopLine = lines.firstIndex(where: { $0.hasPrefix("sop:") }) { fromFragment.insert(sopLine + 1) }
        fragmentLines = fromFragment
        // The import-error example names a file and the path it is imported by.
        if header.contains(where: { $0.contains("importing trees/common/outcomes.sop.yaml") }) {
            path = "trees/account_takeover.sop.yaml"
            files = ["trees/common/outcomes.sop.yaml": "sop: outcomes\ntitle: Outcomes\noutcomes:\n  close: {title: Close}\n"]
        } else {
            path = "example.sop.yaml"
            files = [:]
        }
    }

    /// The findings of `sopc check` on the fragment's lines (the `analysis-skipped` note included).
    func findings() -> [Diagnostic] {
        let loader = MemoryLoader(files.merging([path: text]) { a, _ in a })
        guard let compilation = try? Compiler.compile(files: [path], loader: loader) else { return [] }
        return CheckRun.check(compilation).diagnostics.filter { $0.file == path && fragmentLines.contains($0.range.start.line) }
    }
}

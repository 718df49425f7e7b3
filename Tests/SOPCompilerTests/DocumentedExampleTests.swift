import SOPCompiler
import SOPCore
import SOPDriver
import Testing

/// Every code's documented example (`sopc explain CODE`, `docs/diagnostics.md`) is run, the way
/// SwiftLint runs each rule's triggering and non-triggering examples: the example produces its code at
/// exactly the places it marks, and the fixed snippet does not produce it anywhere.
///
/// An example marks where `sopc check` points with a comment line of carets under the line, the way the
/// text report underlines it: `#` then `^` from the finding's first column to its last (to the end of
/// the line when the finding continues on later lines). Every finding of the code in the fragment must
/// be marked, and every mark must be a finding of the code with exactly that range.
///
/// The snippets are fragments (a `nodes:` section, an `outcomes:` section, ...). Each is completed into
/// a file by `DocumentedExample.complete`: the fragment's sections come first and win; a shared base adds
/// the `sop:`, `title:`, `start:` and the declarations the fragment uses without showing them (inputs such
/// as `user_verified`, outcomes such as `escalate`), and only those, so the base itself is clean.
@Suite("documented examples")
struct DocumentedExampleTests {
    /// Codes whose example cannot run as a small file, with the reason.
    static let notRunnable: [String: String] = [
        // The budget is a large number of solver steps; the example stands for "dozens more branches".
        "analysis-limit": "needs a decision larger than a documentation snippet",
        // The note follows the 1,000th diagnostic of a file; `DiagnosticCapTests` and the limits e2e test run it.
        "more-diagnostics": "needs more than 1,000 diagnostics in one file",
    ]

    /// Other codes an example shows on purpose, besides its own.
    static let companions: [String: Set<String>] = [
        // The skipped analysis is caused by an error, which the example shows.
        "analysis-skipped": ["type-mismatch"],
    ]

    static var runnable: [DiagnosticCode] { DiagnosticCode.all.filter { notRunnable[$0.id] == nil } }

    @Test(arguments: runnable)
    func theExampleProducesItsCodeWhereItMarksAndTheFixedSnippetDoesNot(_ code: DiagnosticCode) throws {
        let example = DocumentedExample(fragment: code.example)
        let found = example.findings()
        let own = found.filter { $0.code == code }
        #expect(!own.isEmpty, "\(code.id): the example does not produce it; it produces \(found.map(\.code.id))\n\(example.text)")
        #expect(!example.marks.isEmpty, "\(code.id): the example marks no place with `# ^^^`")
        for mark in example.marks {
            #expect(own.contains { mark.matches($0.range, in: example) },
                    "\(code.id): nothing at the marked \(mark); found \(own.map { "\($0.range.start)-\($0.range.end)" })\n\(example.text)")
        }
        for d in own where example.fragmentLines.contains(d.range.start.line) {
            #expect(example.marks.contains { $0.matches(d.range, in: example) }, "\(code.id): the finding at \(d.range.start)-\(d.range.end) is not marked: \(d.message)\n\(example.text)")
        }
        let allowed = Self.companions[code.id, default: []].union([code.id])
        let errors = found.filter { $0.severity == .error && !allowed.contains($0.code.id) }
        #expect(errors.isEmpty, "\(code.id): the example has other errors: \(errors.map { "\($0.range.start) \($0.code.id): \($0.message)" })\n\(example.text)")

        let fixed = DocumentedExample(fragment: code.fixed)
        let left = fixed.findings()
        #expect(!left.contains { $0.code == code }, "\(code.id): the fixed snippet still produces it: \(left.filter { $0.code == code }.map { "\($0.range.start) \($0.message)" })\n\(fixed.text)")
        #expect(!left.contains { $0.severity == .error }, "\(code.id): the fixed snippet has errors: \(left.map { "\($0.range.start) \($0.code.id): \($0.message)" })\n\(fixed.text)")
        #expect(fixed.marks.isEmpty, "\(code.id): the fixed snippet marks a place")
    }

    @Test func everyCodeIsRunOrHasAReason() {
        for code in DiagnosticCode.all where Self.notRunnable[code.id] != nil {
            #expect(!code.example.isEmpty)
        }
        // Only the codes listed above, each with its reason.
        #expect(Self.runnable.count == DiagnosticCode.all.count - Self.notRunnable.count)
        #expect(Self.notRunnable.count <= 2)
    }

    /// The marks are read as documented: a shifted caret is a different place.
    @Test func aMarkIsExact() throws {
        let fragment = "outcomes:\n  escalate:\n    title: Escalate\n    severty: high\n"
        let right = DocumentedExample(fragment: fragment.replacingOccurrences(of: "high\n", with: "high\n  # ^^^^^^^ unknown-key\n"))
        let shifted = DocumentedExample(fragment: fragment.replacingOccurrences(of: "high\n", with: "high\n    #^^^^^^^ unknown-key\n"))
        let short = DocumentedExample(fragment: fragment.replacingOccurrences(of: "high\n", with: "high\n  # ^^^^^^ unknown-key\n"))
        let d = try #require(right.findings().first { $0.code == .unknownKey })
        #expect(right.marks.count == 1 && right.marks[0].matches(d.range, in: right))
        #expect(!shifted.marks[0].matches(d.range, in: shifted))
        #expect(!short.marks[0].matches(d.range, in: short))
    }
}

/// A documentation fragment completed into a SOP file.
struct DocumentedExample {
    let text: String
    /// 1-based lines of the completed file that come from the fragment.
    let fragmentLines: Set<Int>
    /// The places the fragment marks, in the completed file.
    let marks: [Mark]
    /// The completed file's line of each line of the fragment (0-based index in the fragment).
    let lineOfFragment: [Int: Int]
    /// Files the fragment imports, when it names them.
    let files: [String: String]
    let path: String

    /// A `# ^^^` line under a line of the fragment: the columns it underlines.
    struct Mark: CustomStringConvertible {
        /// The completed file's line the carets are under.
        var line: Int
        var firstColumn: Int
        var lastColumn: Int
        /// The length in characters of the line marked (carets to its end mean "continues below").
        var lineLength: Int

        /// Whether `range` is what the carets show: it starts at the first caret and ends after the last,
        /// or continues past the line when the carets run to the line's end.
        func matches(_ range: SourceRange, in example: DocumentedExample) -> Bool {
            guard range.start.line == line, range.start.column == firstColumn else { return false }
            if range.end.line == line { return range.end.column == lastColumn + 1 }
            return lastColumn == lineLength
        }

        var description: String { "line \(line), columns \(firstColumn)-\(lastColumn)" }

        /// The carets of a marker line (`   #   ^^^^ code`), or nil for any other line.
        static func carets(_ line: String) -> ClosedRange<Int>? {
            let chars = Array(line)
            guard let hash = chars.firstIndex(of: "#"), chars[..<hash].allSatisfy({ $0 == " " }),
                  let first = chars.firstIndex(of: "^"), chars[(hash + 1)..<first].allSatisfy({ $0 == " " }) else { return nil }
            var last = first
            while last + 1 < chars.count, chars[last + 1] == "^" { last += 1 }
            return (first + 1)...(last + 1)
        }
    }

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
    static let baseNodes = ["nodes:", "  base:", "    question: Base?", "    on: user_verified", "    cases:", "      true: escalate", "      false: close"]

    init(fragment: String) {
        let fragmentText = fragment.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Top-level sections of the fragment: a key at column 0 and the lines under it, each line with its
        // index in the fragment.
        var sections: [(key: String, lines: [(text: String, index: Int)])] = []
        var header: [(text: String, index: Int)] = []
        for (index, line) in fragmentText.enumerated() {
            if let first = line.first, first != " ", first != "#", let colon = line.firstIndex(of: ":") {
                sections.append((String(line[..<colon]), [(line, index)]))
            } else if sections.isEmpty {
                if !line.isEmpty { header.append((line, index)) }
            } else {
                sections[sections.count - 1].lines.append((line, index))
            }
        }
        func entries(_ key: String) -> Set<String> {
            guard let s = sections.first(where: { $0.key == key }) else { return [] }
            return Set(s.lines.dropFirst().compactMap { line -> String? in
                guard line.text.hasPrefix("  "), !line.text.hasPrefix("   "), let colon = line.text.firstIndex(of: ":") else { return nil }
                return String(line.text[line.text.index(line.text.startIndex, offsetBy: 2)..<colon])
            })
        }
        let nodes = sections.first { $0.key == "nodes" }?.lines.dropFirst().first { $0.text.hasPrefix("  ") && !$0.text.hasPrefix("   ") }
            .map { String($0.text.dropFirst(2).prefix { $0 != ":" }) }
        let needsBaseNodes = nodes == nil && !sections.contains { $0.key == "start" }
        // A base declaration is added only when the fragment (or the base's own node) uses its name as a
        // value, so the completed file has no unused declaration of its own.
        let uses = (fragmentText + (needsBaseNodes ? Self.baseNodes : [])).filter { Mark.carets($0) == nil }.joined(separator: "\n")
        func used(_ name: String) -> Bool { uses.contains(try! Regex("\\b\(name)\\b(?!:)")) }
        var base: [String: [String]] = [
            "sop": ["sop: example"],
            "title": ["title: Example"],
            "inputs": ["inputs:"] + Self.baseInputs.filter { !entries("inputs").contains($0.0) && used($0.0) }.map { "  \($0.0): \($0.1)" },
            "outcomes": ["outcomes:"] + Self.baseOutcomes.filter { !entries("outcomes").contains($0) && !entries("nodes").contains($0) && used($0) }.map { "  \($0): {title: \($0)}" },
            "start": ["start: \(nodes ?? "base")"],
        ]
        if needsBaseNodes { base["nodes"] = Self.baseNodes }
        var lines = header.map(\.text)
        var fileLine: [Int: Int] = [:]
        for (n, line) in header.enumerated() { fileLine[line.index] = n + 1 }
        var fromFragment = Set(1...max(1, header.count)).filter { $0 <= header.count }
        for key in Self.order + sections.map(\.key).filter({ !Self.order.contains($0) }) {
            if let s = sections.first(where: { $0.key == key }) {
                for line in s.lines where !line.text.isEmpty {
                    lines.append(line.text)
                    fromFragment.insert(lines.count)
                    fileLine[line.index] = lines.count
                }
                // The base's declarations the fragment does not make, after its own.
                if let extra = base[key], key == "inputs" || key == "outcomes" { lines += extra.dropFirst() }
            } else if let b = base[key], b.count > 1 || key != "inputs" && key != "outcomes" {
                lines += b
            }
        }
        text = lines.joined(separator: "\n") + "\n"
        fragmentLines = fromFragment
        var marks: [Mark] = []
        for (index, line) in fragmentText.enumerated() {
            guard let carets = Mark.carets(line),
                  let marked = fragmentText[..<index].indices.last(where: { Mark.carets(fragmentText[$0]) == nil }),
                  let at = fileLine[marked] else { continue }
            marks.append(Mark(line: at, firstColumn: carets.lowerBound, lastColumn: carets.upperBound, lineLength: fragmentText[marked].count))
        }
        self.marks = marks
        lineOfFragment = fileLine
        // The import-error example names a file and the path it is imported by.
        if header.contains(where: { $0.text.contains("importing trees/common/outcomes.sop.yaml") }) {
            path = "trees/account_takeover.sop.yaml"
            files = ["trees/common/outcomes.sop.yaml": "sop: outcomes\ntitle: Outcomes\noutcomes:\n  close: {title: Close}\n"]
        } else {
            path = "example.sop.yaml"
            files = [:]
        }
    }

    /// Every finding of `sopc check` on the completed file.
    func findings() -> [Diagnostic] {
        let loader = MemoryLoader(files.merging([path: text]) { a, _ in a })
        guard let compilation = try? Compiler.compile(files: [path], loader: loader) else { return [] }
        return CheckRun.check(compilation).diagnostics.filter { $0.file == path }
    }
}

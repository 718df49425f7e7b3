import SOPCompiler
import SOPCore
import SOPDriver
import Testing

/// `allow:` on the file, inputs, outcomes, nodes and branches: what it accepts, where a code may be
/// written, and `unused-allow` with its safe fix (everything else in the file kept byte for byte).
@Suite("Accepting findings with allow")
struct AllowTests {
    static let header = "sop: al\ntitle: Allow\n"

    func check(_ body: String, semantic: Bool = true) -> CheckRun {
        CheckRun.check(Compiler.compile(source: Self.header + body, path: "f.sop.yaml"), semantic: semantic)
    }

    func fixed(_ body: String) throws -> String {
        let source = Self.header + body
        let result = try CheckFix.fix(files: ["f.sop.yaml"], loader: MemoryLoader(["f.sop.yaml": source]), unsafe: false)
        return result.texts["f.sop.yaml"] ?? source
    }

    static let tree = """
        inputs:
          verified: bool
          spare: { type: bool, allow: [unused-input] }
        outcomes:
          close: { title: Close }
          retired: { title: Retired, allow: [unused-outcome] }
        start: verify
        nodes:
          verify:
            question: Verified?
            on: verified
            cases:
              true: close
              false: close

        """

    @Test func inputAndOutcomeAllowAcceptTheirFindings() {
        let run = check(Self.tree)
        #expect(run.diagnostics.isEmpty, "\(run.diagnostics)")
        #expect(Set(run.allowed.map(\.code)) == [.unusedInput, .unusedOutcome])
        #expect(run.allowed.allSatisfy { $0.isAllowed })
    }

    @Test func withoutTheAllowTheFindingsAreShown() {
        let run = check(Self.tree.replacingOccurrences(of: ", allow: [unused-input]", with: "").replacingOccurrences(of: ", allow: [unused-outcome]", with: ""))
        #expect(Set(run.diagnostics.map(\.code)) == [.unusedInput, .unusedOutcome])
        #expect(run.allowed.isEmpty)
    }

    @Test func fileLevelAllowAcceptsEveryFindingOfTheCodeInTheFile() {
        let body = "allow: [unused-input, unused-outcome]\n" + Self.tree
            .replacingOccurrences(of: ", allow: [unused-input]", with: "").replacingOccurrences(of: ", allow: [unused-outcome]", with: "")
            .replacingOccurrences(of: "  verified: bool\n", with: "  verified: bool\n  other: int\n")
        let run = check(body)
        #expect(run.diagnostics.isEmpty, "\(run.diagnostics)")
        #expect(run.allowed.map(\.code).sorted() == [.unusedInput, .unusedInput, .unusedOutcome])
    }

    @Test func aCodeThatCannotOccurAtThePlaceIsAnError() {
        let run = check(Self.tree.replacingOccurrences(of: "allow: [unused-input]", with: "allow: [unused-outcome]"))
        let d = run.diagnostics.first { $0.code == .invalidValue }
        #expect(d?.message == "`unused-outcome` cannot be allowed on an input: it never occurs there")
        #expect(d?.help == "`unused-outcome` is reported on an outcome: write the `allow:` there, or at the top of the file")
        #expect(!run.allowed.contains { $0.code == .unusedInput })
    }

    @Test func aNodeCannotAcceptAnInputFinding() {
        let run = check(Self.tree.replacingOccurrences(of: "    question: Verified?\n", with: "    question: Verified?\n    allow: [unused-input]\n"))
        #expect(run.diagnostics.contains { $0.code == .invalidValue && $0.message.hasPrefix("`unused-input` cannot be allowed on a node") })
    }

    @Test func staleEntriesAreReportedWithASafeFix() throws {
        let body = Self.tree.replacingOccurrences(of: "  verified: bool\n", with: "  verified: { type: bool, allow: [unused-input] }\n")
            .replacingOccurrences(of: "    question: Verified?\n", with: "    question: Verified?\n    allow: [dead-branch, unreachable-node]\n")
        let run = check(body)
        let stale = run.diagnostics.filter { $0.code == .unusedAllow }
        #expect(stale.map(\.message) == [
            "`allow: [unused-input]` on input `verified` accepts no finding",
            "`allow: [dead-branch]` on node `verify` accepts no finding",
            "`allow: [unreachable-node]` on node `verify` accepts no finding",
        ])
        #expect(stale.allSatisfy { $0.severity == .warning && $0.fixes.map(\.applicability) == [.safe] })
        try #expect(fixed(body) == Self.header + Self.tree.replacingOccurrences(of: "  verified: bool\n", with: "  verified: { type: bool }\n"))
    }

    @Test func oneStaleEntryOfSeveralIsRemovedAlone() throws {
        let body = Self.tree.replacingOccurrences(of: "allow: [unused-outcome]", with: "allow: [unreachable-outcome, unused-outcome]")
        #expect(check(body).diagnostics.map(\.code) == [.unusedAllow])
        try #expect(fixed(body) == Self.header + Self.tree)
        let block = Self.tree.replacingOccurrences(of: "    question: Verified?\n", with: "    question: Verified?\n    allow:\n      - dead-branch   # kept\n      - unreachable-node\n")
        try #expect(fixed(block) == Self.header + Self.tree)
    }

    @Test func semanticEntriesAreNotJudgedWhenTheSemanticChecksDidNotRun() {
        let body = Self.tree.replacingOccurrences(of: "    question: Verified?\n", with: "    question: Verified?\n    allow: [dead-branch]\n")
        #expect(check(body).diagnostics.map(\.code) == [.unusedAllow])
        #expect(check(body, semantic: false).diagnostics.isEmpty)
        // A file with errors: nothing is judged stale.
        #expect(!check(body + "examples: 3\n").diagnostics.contains { $0.code == .unusedAllow })
    }

    @Test func everyAllowableCodeNamesItsPlacesAndTheFile() {
        for code in DiagnosticCode.all where !code.allowPlaces.isEmpty {
            #expect(code.allowPlaces.contains(.file), "\(code.id)")
        }
        #expect(DiagnosticCode.unusedAllow.allowPlaces.isEmpty)
        #expect(DiagnosticCode.syntaxError.allowPlaces.isEmpty)
    }
}

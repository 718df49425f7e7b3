import SOPChecks
import SOPCompiler
import SOPCore
import SOPDriver
import Testing

/// Fix-its: which findings offer one, what applying them does to the text (every other byte kept), and
/// that a round of fixes adding an error is refused.
@Suite("Fix-its")
struct FixItTests {
    static let header = """
        sop: fx
        title: Fixes
        version: "1"
        owner: qa
        policy: p

        """

    /// Applies fixes to one in-memory file and returns the fixed text and the re-check.
    func fix(_ body: String, unsafe: Bool = false, extra: [String: String] = [:]) throws -> (text: String, fix: CheckFix) {
        let source = Self.header + body
        let loader = MemoryLoader(["f.sop.yaml": source].merging(extra) { a, _ in a })
        let result = try CheckFix.fix(files: ["f.sop.yaml"], loader: loader, unsafe: unsafe)
        return (result.texts["f.sop.yaml"] ?? source, result)
    }

    static let twoOutcomes = """
        outcomes:
          allow_it:
            title: Allow   # keep this comment
            severity: low
          block_it:
            title: Block
            severity: high

        """

    @Test func renamesKeysTargetsInputsAndEnumValuesKeepingEverythingElse() throws {
        let body = """
            inputs:
              region:
                type: enum
                values: [eu, us]
                questoin: Where?
            \(Self.twoOutcomes)start: first
            nodes:
              first:
                question: Region?   # asked first
                branches:
                  - when: "regoin == 'eu'"
                    then: blokc_it
                  - when: "region == 'uss'"
                    then: 'allow_it'
                  - else: allow_it

            """
        let (text, result) = try fix(body)
        let expected = Self.header + body
            .replacingOccurrences(of: "questoin:", with: "question:")
            .replacingOccurrences(of: "regoin ==", with: "region ==")
            .replacingOccurrences(of: "blokc_it", with: "block_it")
            .replacingOccurrences(of: "'uss'", with: "'us'")
        #expect(text == expected)
        #expect(result.applied == 4)
        #expect(result.run.errorCount == 0)
        #expect(result.refused.isEmpty)
    }

    @Test func everyRenameIsSafeAndOffered() throws {
        let run = CheckRun.check(Compiler.compile(source: Self.header + "sop_typo: 1\n", path: "f.sop.yaml"))
        let unknown = try #require(run.diagnostics.first { $0.code == .unknownKey })
        // `sop_typo` is far from every key: no did-you-mean, so no fix.
        #expect(unknown.fixes.isEmpty)
        let typo = CheckRun.check(Compiler.compile(source: Self.header + "titel: x\n", path: "f.sop.yaml"))
        let fix = try #require(typo.diagnostics.first { $0.code == .unknownKey }?.fixes.first)
        #expect(fix.applicability == .safe)
        #expect(fix.title == "replace `titel` with `title`")
    }

    static let firstNode = """
        inputs:
          score:
            type: int
            range: [0, 10]
          spare:
            type: bool
            question: Never read?
        \(twoOutcomes)start: first
        nodes:
          first:
            question: Score?
            match: first
            branches:
              - when: "score > 5"
                then: block_it
              - when: "score > 20"   # impossible
                then: block_it
              - when: "score >= 0"
                then: allow_it

        """

    @Test func redundantLastGuardBecomesElseSafely() throws {
        let (text, result) = try fix(Self.firstNode)
        #expect(text == Self.header + Self.firstNode.replacingOccurrences(of: """
                  - when: "score >= 0"
                    then: allow_it
            """, with: """
                  - else: allow_it
            """))
        #expect(result.applied == 1)
    }

    @Test func unsafeFixesDeleteDeadBranchesAndUnusedDeclarationsOnlyWhenAsked() throws {
        let (text, _) = try fix(Self.firstNode, unsafe: true)
        #expect(text == Self.header + """
            inputs:
              score:
                type: int
                range: [0, 10]
            \(Self.twoOutcomes)start: first
            nodes:
              first:
                question: Score?
                match: first
                branches:
                  - when: "score > 5"
                    then: block_it
                  - else: allow_it

            """)
        let run = CheckRun.check(Compiler.compile(source: Self.header + Self.firstNode, path: "f.sop.yaml"))
        for code in [DiagnosticCode.deadBranch, .unusedInput] {
            let d = try #require(run.diagnostics.first { $0.code == code })
            #expect(d.fixes.map(\.applicability) == [.unsafe])
        }
    }

    @Test func roundThatWouldAddAnErrorIsRefused() throws {
        // `note` is read only by an example: deleting it as unused would break the example.
        let body = """
            inputs:
              score:
                type: int
                range: [0, 10]
              note:
                type: bool
            \(Self.twoOutcomes)start: first
            nodes:
              first:
                question: Score?
                branches:
                  - when: "score > 5"
                    then: block_it
                  - else: allow_it
            examples:
              - name: six
                given: {score: 6, note: true}
                expect: block_it

            """
        let (text, result) = try fix(body, unsafe: true)
        #expect(text == Self.header + body)
        #expect(result.texts.isEmpty)
        #expect(result.refused.map(\.code) == [.undefinedReference])
    }

    @Test func misspelledTargetDoesNotAlsoReportTheOutcomeUnused() throws {
        let body = """
            \(Self.twoOutcomes)start: first
            nodes:
              first:
                question: Anything?
                branches:
                  - when: "true"
                    then: blokc_it

            """
        let run = CheckRun.check(Compiler.compile(source: Self.header + body, path: "f.sop.yaml"))
        #expect(run.diagnostics.map(\.code).contains(.undefinedReference))
        #expect(!run.diagnostics.contains { $0.code == .unusedOutcome && $0.message.contains("block_it") })
        #expect(run.diagnostics.contains { $0.code == .unusedOutcome && $0.message.contains("allow_it") })
    }

    @Test func unifiedDiffHasHunksWithContext() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 2\n", with: "line two\n").replacingOccurrences(of: "line 11\n", with: "")
        #expect(UnifiedDiff.render(path: "x.sop.yaml", old: old, new: new) == """
            --- a/x.sop.yaml
            +++ b/x.sop.yaml
            @@ -1,5 +1,5 @@
             line 1
            -line 2
            +line two
             line 3
             line 4
             line 5
            @@ -8,5 +8,4 @@
             line 8
             line 9
             line 10
            -line 11
             line 12

            """)
        #expect(UnifiedDiff.render(path: "x", old: "a\nb", new: "a\nc") == "--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n")
        #expect(UnifiedDiff.render(path: "x", old: "same\n", new: "same\n") == "")
    }

    @Test func overlappingFixesAreAppliedOneAtATime() {
        let span = { (a: Int, b: Int) in SourceSpan(file: "f", range: SourceRange(start: SourceLocation(line: 1, column: a + 1, offset: a), end: SourceLocation(line: 1, column: b + 1, offset: b))) }
        let d1 = Diagnostic(.unknownKey, at: span(0, 3), "x", fixes: [FixIt("a", .safe, edits: [TextEdit(span(0, 3), "AAA")])])
        let d2 = Diagnostic(.unknownKey, at: span(2, 5), "y", fixes: [FixIt("b", .safe, edits: [TextEdit(span(2, 5), "BBB")])])
        let d3 = Diagnostic(.unknownKey, at: span(6, 7), "z", fixes: [FixIt("c", .unsafe, edits: [TextEdit(span(6, 7), "")])])
        let safe = FixApplication.apply([d1, d2, d3], unsafe: false, to: ["f": "abcdefgh"], files: ["f"])
        #expect(safe["f"]?.text == "AAAdefgh")
        #expect(safe["f"]?.count == 1)
        let all = FixApplication.apply([d1, d2, d3], unsafe: true, to: ["f": "abcdefgh"], files: ["f"])
        #expect(all["f"]?.text == "AAAdefh")
    }
}

/// `sopc check --fix --deep` checks with the limits it was given, in the first check and in every re-check.
@Suite("Fix-its under analysis limits")
struct FixLimitsTests {
    @Test func fixesCheckWithTheLimitsTheyAreGiven() throws {
        let tree = ShippedTreesTests.root + "/account-takeover.sop.yaml"
        // One solver step per question: most questions stay open, so the coverage shows which limits ran.
        let tight = AnalysisLimits(solverSteps: 1)
        let expected = try CheckRun.check(files: [tree], limits: tight).coverage
        #expect(expected != (try CheckRun.check(files: [tree]).coverage), "the tight limits leave questions open")
        #expect(try CheckFix.fix(files: [tree], unsafe: false, limits: tight).run.coverage == expected)
        #expect(try CheckFix.fix(files: [tree], unsafe: false, limits: .deep).run.coverage == (try CheckRun.check(files: [tree], limits: .deep).coverage))
    }
}

import Foundation
import SOPCore
import SOPReporters

/// A small hand-built report: two files with source text (one with a non-ASCII name, wide characters and a
/// tab), errors and warnings, notes with and without locations, help and a witness.
enum Fixture {
    static let takeoverFile = "trees/account_takeover.sop.yaml"
    static let refundsFile = "./trees/legacy/rückerstattung.sop.yaml"

    static let takeover = """
        sop: account_takeover
        title: "Account takeover — triage"
        inputs:
          user_verified: bool
          region:
            type: enum
            values: [EU, US, APAC]
        outcomes:
          escalate:
            title: Escalate to the ATO queue
          close:
            title: "Close — no action 🔒"
          archive:
            title: Archive
        start: verified
        nodes:
          verified:
            question: "Did the user pass verification?"
            branches:
              - when: "user_verified and region == 'EU'"
                then: esclate
              - when: "user_verified or region in ['EU', 'US']"
                then: close
              - else: close

        """

    static let refunds = """
        sop: refunds
        title: "Rückerstattung prüfen"
        inputs:
          user_verified: bool
        outcomes:
          close: {title: 閉じる}
        start: verified
        nodes:
          verified: {question: "確認済み？", on: user_verifed, cases: {true: close, false: close}}
          check:\t{question: "ok?", on: user_verified, cases: {true: close, false: clsoe}}

        """

    static var diagnostics: [Diagnostic] {
        let unusedOutcome = Diagnostic(
            .unusedOutcome, at: span("archive", line: 13, in: takeover, file: takeoverFile),
            "no branch ends in `archive`",
            help: "route a branch to `archive`, or remove it")
        let ambiguous = Diagnostic(
            .ambiguousBranches,
            at: span("\"user_verified and region == 'EU'\"", line: 20, in: takeover, file: takeoverFile),
            "branches 1 and 2 of `verified` both apply to one case",
            node: "verified",
            notes: [
                Note("branch 2 also applies", at: span("\"user_verified or region in ['EU', 'US']\"", line: 22, in: takeover, file: takeoverFile)),
                Note("with `match: exclusive` (the default) exactly one branch may apply to a case"),
            ],
            help: "make the guards disjoint, or write `match: first` to let the earlier branch win",
            witness: Witness([
                .init(input: "user_verified", value: .bool(true)),
                .init(input: "region", value: .string("EU")),
            ], pathText: "verified"))
        let undefinedOutcome = Diagnostic(
            .undefinedReference, at: span("esclate", line: 21, in: takeover, file: takeoverFile),
            "`esclate` is not a node or outcome",
            node: "verified",
            notes: [Note("`escalate` is declared here", at: span("escalate", line: 9, in: takeover, file: takeoverFile))],
            help: "did you mean `escalate`?")
        let undefinedInput = Diagnostic(
            .undefinedReference, at: span("user_verifed", line: 9, in: refunds, file: refundsFile),
            "`user_verifed` is not an input",
            node: "verified",
            help: "did you mean `user_verified`?")
        let unreachable = Diagnostic(
            .unreachableNode, at: span("check", line: 10, in: refunds, file: refundsFile),
            "no path from `start` reaches `check`",
            node: "check",
            notes: [Note("only `verified` is reached from `start: verified`")])
        let undefinedTarget = Diagnostic(
            .undefinedReference, at: span("clsoe", line: 10, in: refunds, file: refundsFile),
            "`clsoe` is not a node or outcome",
            node: "check",
            help: "did you mean `close`?")
        // Sorted the way `sopc check` hands them over.
        return [unusedOutcome, ambiguous, undefinedOutcome, undefinedInput, unreachable, undefinedTarget]
            .sorted(by: Diagnostic.sourceOrder)
    }

    static var report: CheckReport {
        CheckReport(
            diagnostics: diagnostics, fileCount: 3,
            sources: [takeoverFile: takeover, refundsFile: refunds], toolVersion: "0.1.0")
    }

    /// The span of the first occurrence of `needle` on 1-based `line`, with columns in Unicode scalars and
    /// offsets in UTF-8 bytes, as the front end produces them.
    static func span(_ needle: String, line: Int, in text: String, file: String) -> SourceSpan {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lineText = String(lines[line - 1])
        let lineOffset = lines[..<(line - 1)].reduce(0) { $0 + $1.utf8.count + 1 }
        guard let found = lineText.range(of: needle) else {
            preconditionFailure("fixture: `\(needle)` is not on line \(line)")
        }
        let before = lineText[..<found.lowerBound]
        let column = before.unicodeScalars.count + 1
        let offset = lineOffset + before.utf8.count
        let start = SourceLocation(line: line, column: column, offset: offset)
        let end = SourceLocation(line: line, column: column + needle.unicodeScalars.count, offset: offset + needle.utf8.count)
        return SourceSpan(file: file, range: SourceRange(start: start, end: end))
    }
}

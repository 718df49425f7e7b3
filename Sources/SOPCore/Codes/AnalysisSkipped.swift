extension DiagnosticCode {
    /// The semantic checks of a SOP did not run because it, or a SOP it imports, has errors.
    public static let analysisSkipped = DiagnosticCode(
        id: "analysis-skipped",
        severity: .note,
        summary: "the semantic checks of a SOP were skipped because of errors",
        explanation: """
            The semantic analyses (`dead-branch`, `ambiguous-branches`, `incomplete-node`,
            `unreachable-outcome`, `redundant-guard`, `example-mismatch`) reason about which cases reach each
            node. A guard that does not type-check, an undefined target or a cycle makes those answers
            meaningless, so when a SOP (or a SOP it imports) has errors, its semantic checks do not run and this
            note says so, once per SOP. Fixing the errors may therefore reveal new findings: the note is
            there so that they do not come as a surprise. It never fails `sopc check`, not even with
            `--strict`.
            """,
        example: """
            sop: example
            #    ^^^^^^^ analysis-skipped
            nodes:
              triage:
                question: Old enough?
                branches:
                  - when: "age > 'adult'"   # type-mismatch: the SOP's semantic checks are skipped
                    then: allow
                  - else: deny
            """,
        fixed: """
            nodes:
              triage:
                question: Old enough?
                branches:
                  - when: "age >= 18"
                    then: allow
                  - else: deny
            """
    )
}

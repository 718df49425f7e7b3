extension DiagnosticCode {
    /// Two branches of an exclusive node both apply to one case.
    public static let ambiguousBranches = DiagnosticCode(
        id: "ambiguous-branches",
        severity: .error,
        summary: "two branches of an exclusive node both apply to one case",
        explanation: """
            Under `match: exclusive` (the default) at most one branch of a node may apply to any case, so the
            order of branches does not matter and each can be read on its own. The solver found a case that
            reaches the node and satisfies two guards at once, and shows it as the witness: a value for every
            input, consistent with the path from `start`, that you can replay through the SOP to see both guards
            hold. The finding points at the later branch, and a note at the earlier one.

            For everyone who follows the SOP this is a contradiction: one agent takes the first branch, another
            the second, a model may pick either, and QA cannot say which outcome is correct. Make the guards
            disjoint (exclude the witness's situation from one of them, with `not` or a tighter bound), or, if
            the earlier branch is meant to win, state that with `match: first`.
            """,
        example: """
            nodes:
              check_login:
                question: How should the suspicious login be handled?
                branches:
                  - when: "user_verified and region == 'EU'"
                    then: escalate
                  - when: "user_verified"
                  #       ^^^^^^^^^^^^^^^ ambiguous-branches
                    then: close
                  - else: manual_review
            """,
        fixed: """
            nodes:
              check_login:
                question: How should the suspicious login be handled?
                branches:
                  - when: "user_verified and region == 'EU'"
                    then: escalate
                  - when: "user_verified and region != 'EU'"
                    then: close
                  - else: manual_review
            """
    )
}

extension DiagnosticCode {
    /// The nodes form a cycle, so the SOP is not a decision tree.
    public static let cycle = DiagnosticCode(
        id: "cycle",
        severity: .error,
        summary: "the nodes form a cycle, so the SOP is not a decision tree",
        explanation: """
            Following targets from a node leads back to the same node. The message traces the loop in the
            decision-path spelling (`first > second > first`), the caret points at the branch that closes it,
            and a note points at the node where it starts. (A loop through sub-tree calls would need two files
            that import each other, which is an `import-error`.) A SOP must be a decision tree
            (branches may share a subtree, but no path may revisit a node), so that every case ends in an
            outcome after finitely many questions.

            In a loop an agent asks the same questions again without ever reaching a decision, and a bot may
            never terminate. Route one branch of the loop to an outcome or to a node outside it. If the intent
            is to ask again once something has changed (the user retried verification, say), model that as an
            input of its own and branch on it.
            """,
        example: """
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: retry
              retry:
                question: Did the user retry verification?
                on: retried
                cases:
                  true: verify
                  #     ^^^^^^ cycle
                  false: escalate
            """,
        fixed: """
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: retry
              retry:
                question: Did the user retry verification?
                on: retried
                cases:
                  true: manual_review
                  false: escalate
            """
    )
}

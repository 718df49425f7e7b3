extension DiagnosticCode {
    /// No guard or switch reads the input.
    public static let unusedInput = DiagnosticCode(
        id: "unused-input",
        severity: .warning,
        summary: "no guard or switch reads the input",
        explanation: """
            An input is declared but no `when:` guard and no `on:` reads it. Library files are exempt: they
            declare inputs for others to import.

            Each input is a fact an agent or a model must establish about a case (its `question:` says how),
            often at real cost: looking up account history, asking the user, running a classifier. An input no
            decision depends on is wasted work, and often a sign that a condition the policy author meant to
            check is missing from the tree. Use the input in the branch that should depend on it, or remove it.
            """,
        example: """
            inputs:
              user_verified: bool
              account_age_days: int
            # ^^^^^^^^^^^^^^^^ unused-input
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: escalate
            """,
        fixed: """
            inputs:
              user_verified: bool
              account_age_days: int
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification, and how old is the account?
                branches:
                  - when: "user_verified"
                    then: close
                  - when: "not user_verified and account_age_days < 30"
                    then: escalate
                  - else: manual_review
            """
    )
}

extension DiagnosticCode {
    /// No branch ends in the outcome.
    public static let unusedOutcome = DiagnosticCode(
        id: "unused-outcome",
        severity: .warning,
        summary: "no branch ends in the outcome",
        explanation: """
            An outcome is declared but no branch, case or `else:` names it, so no case can end there. Library
            files (with neither `start` nor `nodes`) are exempt: their outcomes exist to be imported. Compare
            `unreachable-outcome`, where branches do name the outcome but none of them can ever be taken.

            Outcomes are the labels QA specialists assign and models are evaluated against; a label the tree can
            never produce makes replay metrics misleading (every sample labeled with it counts as a
            disagreement) and suggests a rule that was meant to exist. Route the branch that should end there to
            it, or remove the outcome.
            """,
        example: """
            outcomes:
              close:
                title: Close with no action
              escalate:
                title: Escalate to a specialist
              lock_account:
            # ^^^^^^^^^^^^ unused-outcome
                title: Lock the account
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
            outcomes:
              close:
                title: Close with no action
              escalate:
                title: Escalate to a specialist
              lock_account:
                title: Lock the account
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: check_takeover
              check_takeover:
                question: Was the password changed from a new device?
                on: password_changed_on_new_device
                cases:
                  true: lock_account
                  false: escalate
            """
    )
}

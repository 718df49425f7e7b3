extension DiagnosticCode {
    /// No case can end in the outcome.
    public static let unreachableOutcome = DiagnosticCode(
        id: "unreachable-outcome",
        severity: .warning,
        summary: "no case can end in the outcome",
        explanation: """
            Branches name the outcome, but the solver proved that no case (no assignment of the inputs) follows
            a path from `start` to it: every branch leading there is dead, or lies behind nodes no case reaches.
            As with `dead-branch`, this is a proof that no such case exists, so there is no witness. Compare
            `unused-outcome`, where no branch names the outcome at all.

            The label appears in the SOP and its exports but can never be the decision. Agents and reviewers
            expect it to be applied in some situation; in replay against labeled samples it never matches, and
            every sample QA labeled with it counts as a disagreement. Fix the guards on the paths to the outcome
            (the `dead-branch` findings on the same paths point at them), or remove the outcome.
            """,
        example: """
            inputs:
              account_age_days:
                type: int
                range: [0, 3650]
            outcomes:
              escalate:
            # ^^^^^^^^ unreachable-outcome
                title: Escalate new accounts to a specialist
              close:
                title: Close with no action
            nodes:
              check_age:
                question: How old is the account?
                branches:
                  - when: "account_age_days < 0"
                    then: escalate
                  - else: close
            """,
        fixed: """
            inputs:
              account_age_days:
                type: int
                range: [0, 3650]
            outcomes:
              escalate:
                title: Escalate new accounts to a specialist
              close:
                title: Close with no action
            nodes:
              check_age:
                question: How old is the account?
                branches:
                  - when: "account_age_days < 30"
                    then: escalate
                  - else: close
            """
    )
}

extension DiagnosticCode {
    /// An analysis hit its work bound and stopped early at a node.
    public static let analysisLimit = DiagnosticCode(
        id: "analysis-limit",
        severity: .warning,
        summary: "an analysis hit its work bound and stopped early at a node",
        explanation: """
            The semantic analyses (`dead-branch`, `ambiguous-branches`, `incomplete-node`,
            `unreachable-outcome`, `redundant-guard`, `example-mismatch`) are exact: every finding is proved by
            the solver, and a clean result means the problem does not exist. The price is that some questions
            take work that grows exponentially with the number of inputs one guard combines. Each solver query
            therefore has a bound on its steps, and one run a bound shared by the SOPs it analyses (see
            `docs/limits.md`); when a query at this node runs out, `sopc` reports this warning and skips that
            question instead of running for minutes or guessing. When a SOP's share of the run's bound runs
            out, one warning at the node where it did counts the nodes left unverified after it.

            Other findings stand, but this node's branches are not verified: agents and bots following it are
            not protected by the checks that were skipped. Simplify the node. Ask one question at a time by
            splitting a large guard across several nodes, replace long `or` chains over one input with `in
            [...]`, and narrow `int` ranges to realistic bounds. If the node must stay as it is, accept the
            finding with `allow: [analysis-limit]` on the node.
            """,
        example: """
            nodes:
              assess:
                question: Does the report need a specialist?
                branches:
                  - when: "(spam_score > 80 or reports > 10) and (account_age_days < 30 or not user_verified) and (region in ['EU', 'UK'] or 'minor' in flags)"
                    then: escalate
                  # ... dozens more branches mixing the same inputs
                  - else: close
            """,
        fixed: """
            nodes:
              assess:
                question: Does the account look abusive?
                branches:
                  - when: "spam_score > 80 or reports > 10"
                    then: check_account
                  - else: close
              check_account:
                question: Is the account new or unverified?
                branches:
                  - when: "account_age_days < 30 or not user_verified"
                    then: check_jurisdiction
                  - else: close
              check_jurisdiction:
                question: Do special protections apply?
                branches:
                  - when: "region in ['EU', 'UK'] or 'minor' in flags"
                    then: escalate
                  - else: close
            """
    )
}

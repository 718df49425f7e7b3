extension DiagnosticCode {
    /// A branch can never be taken by any case that reaches its node.
    public static let deadBranch = DiagnosticCode(
        id: "dead-branch",
        severity: .warning,
        summary: "a branch can never be taken by any case that reaches its node",
        explanation: """
            No case that reaches the node can take this branch. `sopc` does not guess: its solver reasons
            exactly over every input's domain (`bool` and `enum` values, `set` members, `int` ranges, the string
            literals a guard mentions) together with the conditions on every path from `start` to the node, and
            proves that no complete case satisfies both. The guard may contradict itself (`account_age_days < 0`
            when the input's `range` starts at 0), contradict what earlier nodes already decided on every path
            here, or, with `match: first`, cover only cases that earlier branches already take. Findings that a
            case exists come with a witness; this one is a proof that none does, so it has no witness.

            A dead branch is policy that never runs. The outcome or subtree behind it is never applied, while
            agents, bots and QA reviewers reading the SOP believe the rule is in force. Correct the guard (a
            wrong bound, `and` written for `or`, a comparison on the wrong input), put the specific branch
            before the general one under `match: first`, or remove the branch. If it is there on purpose, as a
            safeguard for later changes, accept it with `allow: [dead-branch]` on the branch.
            """,
        example: """
            nodes:
              check_risk:
                question: How risky is the login?
                match: first
                branches:
                  - when: "risk_score >= 50"
                    then: manual_review
                  - when: "risk_score >= 90"
                  #       ^^^^^^^^^^^^^^^^^^ dead-branch
                    then: escalate
                  - else: close
            """,
        fixed: """
            nodes:
              check_risk:
                question: How risky is the login?
                match: first
                branches:
                  - when: "risk_score >= 90"
                    then: escalate
                  - when: "risk_score >= 50"
                    then: manual_review
                  - else: close
            """
    )
}

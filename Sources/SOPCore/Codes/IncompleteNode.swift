extension DiagnosticCode {
    /// A case reaches the node and no branch applies to it.
    public static let incompleteNode = DiagnosticCode(
        id: "incomplete-node",
        severity: .error,
        summary: "a case reaches the node and no branch applies to it",
        explanation: """
            The node's `when:` guards do not cover every case that can reach it, and it has no `else:`. The
            solver found a witness: a value for every input, consistent with the path from `start` to the node,
            for which no guard holds. Replaying the witness through the SOP stops at this node.

            Such a case leaves an agent without an instruction and a bot without defined behavior, and it is
            typically an edge the author did not think of: an exact boundary value, an empty set, an enum value
            added later. Add a branch for the witness's situation, widen a guard (often `>` where `>=` was
            meant), or add an `else:` that says explicitly what happens to every other case.
            """,
        example: """
            inputs:
              account_age_days:
                type: int
                range: [0, 3650]
            nodes:
              check_age:
            # ^^^^^^^^^ incomplete-node
                question: How old is the account?
                branches:
                  - when: "account_age_days < 30"
                    then: escalate
                  - when: "account_age_days > 30"
                    then: close
            """,
        fixed: """
            inputs:
              account_age_days:
                type: int
                range: [0, 3650]
            nodes:
              check_age:
                question: How old is the account?
                branches:
                  - when: "account_age_days < 30"
                    then: escalate
                  - when: "account_age_days >= 30"
                    then: close
            """
    )
}

extension DiagnosticCode {
    /// Two nodes, outcomes or inputs share one id.
    public static let duplicateID = DiagnosticCode(
        id: "duplicate-id",
        severity: .error,
        summary: "two nodes, outcomes or inputs share one id",
        explanation: """
            Two declarations share one id, or two files one `sop:` id. Nodes and outcomes share a namespace, because a `then:` target may
            name either; inputs have their own. A node and an outcome both called `review` make every reference
            to `review` ambiguous: nobody reading `then: review` (a person, a bot, the compiler) can tell
            whether the case ends there or continues with another question. The note points at the other
            declaration.

            Rename one of them. A convention that avoids the clash: name nodes for the question they ask
            (`needs_review`, `check_region`) and outcomes for the decision (`review`, `escalate`, `close`).
            """,
        example: """
            outcomes:
              review:
                title: Send to manual review
            nodes:
              review:
            # ^^^^^^ duplicate-id
                question: Does a reviewer need to look at the account?
                on: high_value
                cases:
                  true: escalate
                  false: close
            """,
        fixed: """
            outcomes:
              review:
                title: Send to manual review
            nodes:
              needs_review:
                question: Does a reviewer need to look at the account?
                on: high_value
                cases:
                  true: escalate
                  false: close
            """
    )
}

extension DiagnosticCode {
    /// No path from `start` reaches the node.
    public static let unreachableNode = DiagnosticCode(
        id: "unreachable-node",
        severity: .warning,
        summary: "no path from `start` reaches the node",
        explanation: """
            No case reaches the node, so it is never asked: its question, its guidance and everything behind
            it are dead text. Either no chain of branches leads from `start` to it (usually left over from an
            edit: a branch was pointed elsewhere, or a branch meant to lead to it names another node), or
            chains exist but every branch on them that leads in is dead: the solver proved that no case takes
            it. In the second case the notes name the branches into the node that are never taken; a node is
            reported once, by whichever of the two applies.

            Agents, bots and QA reviewers reading the SOP assume every step in it can happen. Route a branch to
            the node, or remove it.
            """,
        example: """
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: escalate
              check_device:
            # ^^^^^^^^^^^^ unreachable-node
                question: Is the login from a known device?
                on: known_device
                cases:
                  true: close
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
                  false: check_device
              check_device:
                question: Is the login from a known device?
                on: known_device
                cases:
                  true: close
                  false: escalate
            """
    )
}

extension DiagnosticCode {
    /// A switch lists the same value twice.
    public static let duplicateCase = DiagnosticCode(
        id: "duplicate-case",
        severity: .error,
        summary: "a switch lists the same value twice",
        explanation: """
            A switch (`on:` with `cases:`) lists one value under two keys written differently: `true` and
            `True`, `false` and `FALSE`, `1` and `01`. (The same key text twice is `duplicate-key`.) A note
            points at the first case.

            Only one of the two cases could ever be taken, and which one depends on the reader: a person reads
            top-down, another tool may keep either. Often the second key was meant to be a different value: the
            other half of a `bool`, or another number. Remove one of the cases, or correct the key.
            """,
        example: """
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  True: escalate
                # ^^^^ duplicate-case
                  false: escalate
            """,
        fixed: """
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: escalate
            """
    )
}

extension DiagnosticCode {
    /// A name refers to no node, outcome, input or SOP.
    public static let undefinedReference = DiagnosticCode(
        id: "undefined-reference",
        severity: .error,
        summary: "a name refers to no node, outcome, input or SOP",
        explanation: """
            A name refers to nothing declared: a branch or case target, `start`, an `on:` input, an identifier
            in a `when:` guard, or an input or outcome named by an example. The message suggests the closest
            declared name when there is one. Names from another file need that file in `import:` and its SOP id
            as a prefix: `otherid.name` for an input or outcome, `otherid` alone for a sub-tree call.

            At this point the SOP is broken for everyone who follows it: an agent would be sent to a step that
            does not exist and a bot would have nowhere to go. Fix the spelling, declare the missing node,
            outcome or input, or add the missing import.
            """,
        example: """
            outcomes:
              escalate:
                title: Escalate to the account-takeover queue
              close:
                title: Close with no action
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: esclate
            """,
        fixed: """
            outcomes:
              escalate:
                title: Escalate to the account-takeover queue
              close:
                title: Close with no action
            start: verify
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

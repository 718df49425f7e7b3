extension DiagnosticCode {
    /// A mapping has a key the SOP language does not define.
    public static let unknownKey = DiagnosticCode(
        id: "unknown-key",
        severity: .error,
        summary: "a mapping has a key the SOP language does not define",
        explanation: """
            Each mapping in a SOP file (the top level, an input, an outcome, a node, a branch, an example)
            accepts a fixed set of keys. A key outside that set is reported, with the closest valid key as a
            did-you-mean when there is one.

            An unknown key is almost always a typo, and a typo silently drops information: a misspelled
            `guidance` never reaches the agent who works the node, a misspelled `severity` leaves an outcome
            unranked in exports and dashboards. Rename the key to the one the message suggests, or remove it.
            Free-form text belongs in `description` (top level, inputs, outcomes) or `guidance` (nodes).
            """,
        example: """
            outcomes:
              escalate:
                title: Escalate to the account-takeover queue
                severty: high
              # ^^^^^^^ unknown-key
            """,
        fixed: """
            outcomes:
              escalate:
                title: Escalate to the account-takeover queue
                severity: high
            """
    )
}

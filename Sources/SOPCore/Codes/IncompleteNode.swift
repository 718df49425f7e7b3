extension DiagnosticCode {
    /// A case reaches the node and no branch applies to it.
    public static let incompleteNode = DiagnosticCode(
        id: "incomplete-node",
        severity: .error,
        summary: "a case reaches the node and no branch applies to it",
        explanation: """
            PLACEHOLDER
            """,
        example: """
            PLACEHOLDER
            """,
        fixed: """
            PLACEHOLDER
            """
    )
}

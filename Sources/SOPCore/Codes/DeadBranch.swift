extension DiagnosticCode {
    /// A branch can never be taken by any case that reaches its node.
    public static let deadBranch = DiagnosticCode(
        id: "dead-branch",
        severity: .warning,
        summary: "a branch can never be taken by any case that reaches its node",
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

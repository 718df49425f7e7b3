extension DiagnosticCode {
    /// Two nodes, outcomes or inputs share one id.
    public static let duplicateID = DiagnosticCode(
        id: "duplicate-id",
        severity: .error,
        summary: "two nodes, outcomes or inputs share one id",
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

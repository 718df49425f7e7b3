extension DiagnosticCode {
    /// A switch has no case for a value and no `else`.
    public static let missingCase = DiagnosticCode(
        id: "missing-case",
        severity: .error,
        summary: "a switch has no case for a value and no `else`",
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

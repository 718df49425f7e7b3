extension DiagnosticCode {
    /// A switch lists the same value twice.
    public static let duplicateCase = DiagnosticCode(
        id: "duplicate-case",
        severity: .error,
        summary: "a switch lists the same value twice",
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

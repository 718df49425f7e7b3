extension DiagnosticCode {
    /// A required key is absent.
    public static let missingKey = DiagnosticCode(
        id: "missing-key",
        severity: .error,
        summary: "a required key is absent",
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

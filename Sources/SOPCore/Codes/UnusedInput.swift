extension DiagnosticCode {
    /// No guard or switch reads the input.
    public static let unusedInput = DiagnosticCode(
        id: "unused-input",
        severity: .warning,
        summary: "no guard or switch reads the input",
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

extension DiagnosticCode {
    /// No branch ends in the outcome.
    public static let unusedOutcome = DiagnosticCode(
        id: "unused-outcome",
        severity: .warning,
        summary: "no branch ends in the outcome",
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

extension DiagnosticCode {
    /// No case can end in the outcome.
    public static let unreachableOutcome = DiagnosticCode(
        id: "unreachable-outcome",
        severity: .warning,
        summary: "no case can end in the outcome",
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

extension DiagnosticCode {
    /// A value has the wrong shape or is out of its allowed set.
    public static let invalidValue = DiagnosticCode(
        id: "invalid-value",
        severity: .error,
        summary: "a value has the wrong shape or is out of its allowed set",
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

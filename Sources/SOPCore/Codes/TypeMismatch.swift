extension DiagnosticCode {
    /// An expression uses an input in a way its type does not allow.
    public static let typeMismatch = DiagnosticCode(
        id: "type-mismatch",
        severity: .error,
        summary: "an expression uses an input in a way its type does not allow",
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

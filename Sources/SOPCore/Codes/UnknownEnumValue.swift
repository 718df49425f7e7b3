extension DiagnosticCode {
    /// A literal is not among the values of the input it is compared with.
    public static let unknownEnumValue = DiagnosticCode(
        id: "unknown-enum-value",
        severity: .error,
        summary: "a literal is not among the values of the input it is compared with",
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

extension DiagnosticCode {
    /// A mapping has the same key twice.
    public static let duplicateKey = DiagnosticCode(
        id: "duplicate-key",
        severity: .error,
        summary: "a mapping has the same key twice",
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

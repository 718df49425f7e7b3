extension DiagnosticCode {
    /// An `examples:` entry does not end in the outcome it expects.
    public static let exampleMismatch = DiagnosticCode(
        id: "example-mismatch",
        severity: .error,
        summary: "an `examples:` entry does not end in the outcome it expects",
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

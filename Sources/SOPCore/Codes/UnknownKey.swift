extension DiagnosticCode {
    /// A mapping has a key the SOP language does not define.
    public static let unknownKey = DiagnosticCode(
        id: "unknown-key",
        severity: .error,
        summary: "a mapping has a key the SOP language does not define",
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

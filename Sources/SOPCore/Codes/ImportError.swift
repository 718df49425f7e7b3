extension DiagnosticCode {
    /// An imported file cannot be read or compiled, or imports form a cycle.
    public static let importError = DiagnosticCode(
        id: "import-error",
        severity: .error,
        summary: "an imported file cannot be read or compiled, or imports form a cycle",
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

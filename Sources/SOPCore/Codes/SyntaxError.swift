extension DiagnosticCode {
    /// The file is not valid YAML, or a guard expression does not parse.
    public static let syntaxError = DiagnosticCode(
        id: "syntax-error",
        severity: .error,
        summary: "the file is not valid YAML, or a guard expression does not parse",
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

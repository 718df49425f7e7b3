extension DiagnosticCode {
    /// Two branches of an exclusive node both apply to one case.
    public static let ambiguousBranches = DiagnosticCode(
        id: "ambiguous-branches",
        severity: .error,
        summary: "two branches of an exclusive node both apply to one case",
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

extension DiagnosticCode {
    /// A guard is always true for every case that reaches its node.
    public static let redundantGuard = DiagnosticCode(
        id: "redundant-guard",
        severity: .warning,
        summary: "a guard is always true for every case that reaches its node",
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

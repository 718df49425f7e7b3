extension DiagnosticCode {
    /// An analysis hit its work bound and stopped early at a node.
    public static let analysisLimit = DiagnosticCode(
        id: "analysis-limit",
        severity: .warning,
        summary: "an analysis hit its work bound and stopped early at a node",
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

extension DiagnosticCode {
    /// The nodes form a cycle, so the SOP is not a decision tree.
    public static let cycle = DiagnosticCode(
        id: "cycle",
        severity: .error,
        summary: "the nodes form a cycle, so the SOP is not a decision tree",
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

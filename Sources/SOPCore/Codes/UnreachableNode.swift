extension DiagnosticCode {
    /// No path from `start` reaches the node.
    public static let unreachableNode = DiagnosticCode(
        id: "unreachable-node",
        severity: .warning,
        summary: "no path from `start` reaches the node",
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

extension DiagnosticCode {
    /// A name refers to no node, outcome, input or SOP.
    public static let undefinedReference = DiagnosticCode(
        id: "undefined-reference",
        severity: .error,
        summary: "a name refers to no node, outcome, input or SOP",
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

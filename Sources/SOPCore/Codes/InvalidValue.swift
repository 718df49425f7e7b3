extension DiagnosticCode {
    /// A value has the wrong shape or is out of its allowed set.
    public static let invalidValue = DiagnosticCode(
        id: "invalid-value",
        severity: .error,
        summary: "a value has the wrong shape or is out of its allowed set",
        explanation: """
            A key has a value of the wrong kind, or one outside the values the language allows. Examples: a
            `type` other than `bool`, `enum`, `int`, `set` or `string`; an outcome `severity` other than `low`,
            `medium`, `high` or `critical`; a `match` other than `exclusive` or `first`; an id that breaks its
            naming rule (`sop`, node and outcome ids are lower-case kebab or snake case, input names are snake
            case); a `range` whose low bound exceeds its high bound; `values` that are empty or repeat a value;
            a list where a mapping is expected. The message says what was expected.

            Everything downstream (the analyses, replay of labeled samples, exports for agents and bots) relies
            on these values being well formed, so they are errors rather than guesses. Change the value as the
            message says.
            """,
        example: """
            inputs:
              account_age_days:
                type: int
                range: [3650, 0]
                #      ^^^^^^^^^ invalid-value
            outcomes:
              escalate:
                title: Escalate to a specialist
                severity: urgent
                #         ^^^^^^ invalid-value
            """,
        fixed: """
            inputs:
              account_age_days:
                type: int
                range: [0, 3650]
            outcomes:
              escalate:
                title: Escalate to a specialist
                severity: critical
            """
    )
}

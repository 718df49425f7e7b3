extension DiagnosticCode {
    /// An expression uses an input in a way its type does not allow.
    public static let typeMismatch = DiagnosticCode(
        id: "type-mismatch",
        severity: .error,
        summary: "an expression uses an input in a way its type does not allow",
        explanation: """
            An expression uses an input in a way its type does not allow. `<`, `<=`, `>` and `>=` apply to `int`
            inputs only; a bare name used as a condition must be a `bool` input; `on:` needs a `bool`, `enum` or
            `int` input; `'value' in name` needs a `set` input; a comparison needs exactly one input and one
            literal of that input's type (comparing two inputs, or two literals, is not supported). The message
            says which use is wrong.

            A guard like this has no single meaning: `region > 'EU'` could be meant alphabetically, or be a slip
            for `!=`, and an agent, a model and the compiler would each read it differently. Rewrite the
            condition in a form the input's type supports, or, if the declared type is what is wrong, change the
            type.
            """,
        example: """
            inputs:
              region:
                type: enum
                values: [EU, US, APAC]
            nodes:
              check_region:
                question: Is the account in a region with a dedicated queue?
                branches:
                  - when: "region > 'EU'"
                  #               ^ type-mismatch
                    then: escalate
                  - else: close
            """,
        fixed: """
            inputs:
              region:
                type: enum
                values: [EU, US, APAC]
            nodes:
              check_region:
                question: Is the account in a region with a dedicated queue?
                branches:
                  - when: "region in ['US', 'APAC']"
                    then: escalate
                  - else: close
            """
    )
}

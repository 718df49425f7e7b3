extension DiagnosticCode {
    /// A literal is not among the values of the input it is compared with.
    public static let unknownEnumValue = DiagnosticCode(
        id: "unknown-enum-value",
        severity: .error,
        summary: "a literal is not among the values of the input it is compared with",
        explanation: """
            A literal in a guard, a switch case or an example is not among the `values` of the `enum` or `set`
            input it is used with. Values are matched exactly, case included; the message suggests the closest
            declared value.

            A comparison with a value the input can never take is constant: `region == 'Eu'` is never true,
            `region != 'Eu'` always is. The tree still looks right to a reviewer while every case is silently
            routed the other way, so agents and bots act on a rule nobody wrote. Use a declared value, or, if
            the SOP must handle a new value, add it to the input's `values` (every switch on that input then
            needs a case or an `else:` for it).
            """,
        example: """
            inputs:
              region:
                type: enum
                values: [EU, US, APAC]
            nodes:
              check_region:
                question: Is the account registered in the EU?
                branches:
                  - when: "region == 'Eu'"
                  #                  ^^^^ unknown-enum-value
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
                question: Is the account registered in the EU?
                branches:
                  - when: "region == 'EU'"
                    then: escalate
                  - else: close
            """
    )
}

extension DiagnosticCode {
    /// A switch has no case for a value and no `else`.
    public static let missingCase = DiagnosticCode(
        id: "missing-case",
        severity: .error,
        summary: "a switch has no case for a value and no `else`",
        explanation: """
            A switch must say where every value of its input goes. For a `bool` or `enum` input each value needs
            a case unless the node has an `else:`; an `int` switch needs `else:` unless its cases cover the
            input's whole declared `range`. The message lists the values left out.

            A case with an unhandled value reaches the node and has nowhere to go: an agent has no instruction
            and a bot's behavior is undefined. Add a case for each missing value, or an `else:` for everything
            else. Prefer explicit cases where a new value should force a decision: with `else:`, a value added
            to the input later is routed to the `else:` target without anyone being asked.
            """,
        example: """
            inputs:
              region:
                type: enum
                values: [EU, US, APAC]
            nodes:
              route_region:
            # ^^^^^^^^^^^^ missing-case
                question: Where is the account registered?
                on: region
                cases:
                  EU: escalate
                  US: close
            """,
        fixed: """
            inputs:
              region:
                type: enum
                values: [EU, US, APAC]
            nodes:
              route_region:
                question: Where is the account registered?
                on: region
                cases:
                  EU: escalate
                  US: close
                  APAC: escalate
            """
    )
}

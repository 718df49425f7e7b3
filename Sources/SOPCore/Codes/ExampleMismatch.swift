extension DiagnosticCode {
    /// An `examples:` entry does not end in the outcome it expects.
    public static let exampleMismatch = DiagnosticCode(
        id: "example-mismatch",
        severity: .error,
        summary: "an `examples:` entry does not end in the outcome it expects",
        explanation: """
            `examples:` are the SOP's unit tests: `given` sets inputs, `expect` names the outcome the case must
            end in. The check walks each example through the tree and reports where it ends instead, with the
            path it took. Inputs that `given` leaves out may take any value, so an example passes only if every
            case that agrees with `given` ends in `expect`; when the solver finds one that does not, it shows it
            as the witness, a complete case you can replay.

            An example records what the policy author intends for a concrete situation. A mismatch means the
            tree and that intent disagree: either the tree routes such cases wrongly (and agents and bots will
            act wrongly on them) or the example is out of date. Decide which one is right, then fix the guard or
            the target, or update `expect`; if the witness shows an input you did not think of, add it to
            `given`.
            """,
        example: """
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: escalate
            examples:
              - name: an unverified user is escalated
              # ^^^^ example-mismatch
                given: {user_verified: true}
                expect: escalate
            """,
        fixed: """
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: escalate
            examples:
              - name: an unverified user is escalated
                given: {user_verified: false}
                expect: escalate
            """
    )
}

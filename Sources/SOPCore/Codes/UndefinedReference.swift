extension DiagnosticCode {
    /// A name refers to no node, outcome, input or SOP.
    public static let undefinedReference = DiagnosticCode(
        id: "undefined-reference",
        severity: .error,
        summary: "a name refers to no node, outcome, input or SOP",
        explanation: """
            A name refers to nothing declared: a branch or case target, `start`, an `on:` input, an identifier
            in a `when:` guard, or an input or outcome named by an example. The message suggests the closest
            declared name when there is one. Names from another file need that file in `import:` and its SOP id
            as a prefix: `otherid.name` for an input or outcome, `otherid` alone for a sub-tree call. A bare name
            that an imported file declares gets the prefixed name and that file in the help (`no_violation`:
            did you mean `common.no_violation`?); one that a SOP this file does not import declares (another
            SOP of the run, or a `*.sop.yaml` file in the same folder) gets the file to add to `import:`, with
            a fix that adds it and qualifies the name (`--unsafe-fixes`). A value written without quotes
            (`region == EU`, `minor in flags`) and YAML 1.1's `yes`/`no` for a bool are answered with what to
            write instead.

            At this point the SOP is broken for everyone who follows it: an agent would be sent to a step that
            does not exist and a bot would have nowhere to go. Fix the spelling, declare the missing node,
            outcome or input, or add the missing import.
            """,
        example: """
            outcomes:
              escalate:
                title: Escalate to the account-takeover queue
              close:
                title: Close with no action
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: esclate
                  #      ^^^^^^^ undefined-reference
            """,
        fixed: """
            outcomes:
              escalate:
                title: Escalate to the account-takeover queue
              close:
                title: Close with no action
            start: verify
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: escalate
            """
    )
}

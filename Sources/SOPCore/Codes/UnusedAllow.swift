extension DiagnosticCode {
    /// An `allow:` entry accepts no finding.
    public static let unusedAllow = DiagnosticCode(
        id: "unused-allow",
        severity: .warning,
        summary: "an `allow:` entry accepts no finding",
        explanation: """
            An `allow:` entry names a code, but no finding of that code is reported where it is written: the
            tree was fixed since, or the entry is on the wrong node or branch. A stale `allow:` is worse than
            none: it tells readers a defect is accepted on purpose when there is none, and it would silently
            hide the next real finding of that code at that place. Remove the entry (the safe fix does).

            It is reported only where the check behind the code ran: structural codes in files without errors,
            semantic codes (`dead-branch`, `redundant-guard`, …) only when the semantic checks ran on the SOP
            (not with `--no-semantic`, not after `analysis-limit`).
            """,
        example: """
            nodes:
              verify:
                question: Did the user pass identity verification?
                allow: [dead-branch]
                #       ^^^^^^^^^^^ unused-allow
                on: user_verified
                cases:
                  true: close
                  false: escalate
            """,
        fixed: """
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

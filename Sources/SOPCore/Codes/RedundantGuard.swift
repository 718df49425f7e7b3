extension DiagnosticCode {
    /// A guard is always true for every case that reaches its node.
    public static let redundantGuard = DiagnosticCode(
        id: "redundant-guard",
        severity: .warning,
        summary: "a guard is always true for every case that reaches its node",
        explanation: """
            The solver proved that the guard holds for every case that reaches its node: the path to the node
            already establishes it, or, under `match: first`, every case that gets past the earlier branches
            satisfies it. As with `dead-branch`, this is a proof about all cases (none can make the guard
            false), so there is no witness.

            A condition that cannot fail misleads the people and models who read it: they assume something is
            being checked and that some cases are turned away here, and will look for the cases that fail it.
            Usually the guard repeats a question an earlier node already answered. Write `else:` instead, drop
            the part of the guard that is already known, or, if the repetition is there on purpose as
            documentation, accept it with `allow: [redundant-guard]`.
            """,
        example: """
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: check_region
                  false: escalate
              check_region:
                question: Is the account registered in the EU?
                match: first
                branches:
                  - when: "region == 'EU'"
                    then: manual_review
                  - when: "user_verified"
                  #       ^^^^^^^^^^^^^^^ redundant-guard
                    then: close
            """,
        fixed: """
            nodes:
              verify:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: check_region
                  false: escalate
              check_region:
                question: Is the account registered in the EU?
                match: first
                branches:
                  - when: "region == 'EU'"
                    then: manual_review
                  - else: close
            """
    )
}

extension DiagnosticCode {
    /// A required key is absent.
    public static let missingKey = DiagnosticCode(
        id: "missing-key",
        severity: .error,
        summary: "a required key is absent",
        explanation: """
            A key the language requires is absent; the caret points into the mapping that lacks it. Required
            are: `sop` and `title` at the top level; `start` and `nodes` together (a file with neither is a
            library that only declares inputs and outcomes); `question` on every node; `type` on a long-form
            input, and `values` on `enum` and `set` inputs; `title` on every outcome; `then` on a `when:`
            branch; `name` and `expect` on every example. An empty file, or one holding only comments (a file
            truncated by a bad commit), is reported at its start.

            These keys carry what a person or a model needs to apply the SOP: a node without a `question` cannot
            be asked, an outcome without a `title` cannot be shown to the agent who applies it. Add the key the
            message names.
            """,
        example: """
            nodes:
              check_verified:
                on: user_verified
              # ^^ missing-key
                cases:
                  true: close
                  false: escalate
            """,
        fixed: """
            nodes:
              check_verified:
                question: Did the user pass identity verification?
                on: user_verified
                cases:
                  true: close
                  false: escalate
            """
    )
}

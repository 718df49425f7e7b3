extension DiagnosticCode {
    /// The file is not valid YAML, or a guard expression does not parse.
    public static let syntaxError = DiagnosticCode(
        id: "syntax-error",
        severity: .error,
        summary: "the file is not valid YAML, or a guard expression does not parse",
        explanation: """
            `sopc` reads each file with a YAML parser and each `when:` guard with the expression grammar of the
            SOP language. When either fails, the message says what was expected and the caret points at the
            first character that could not be read; common YAML slips (a tab, a colon without a space after
            it, a guard that starts with a quote) get a `help:` saying what to write. A YAML error ends the
            reading of the file, so the rest of it is not checked until it parses and one syntax error can hide
            other findings; a guard that does not parse is left out and the rest of the file is still checked.

            A file that does not parse cannot be followed by an agent, executed by a bot or reviewed by QA at
            all, so fix it first. Common causes: tabs used for indentation (YAML allows only spaces); an
            unquoted guard that contains a colon followed by a space, or starts with a quote; a missing closing
            bracket or quote; operators the language does not have. Guards use `and`, `or`, `not`, `==` and
            `!=`, never `&&`, `||`, `!` or `=`.
            """,
        example: """
            nodes:
              check_login:
                question: Is the login from the EU by a verified user?
                branches:
                  - when: region == 'EU' && user_verified
                  #                      ^^ syntax-error
                    then: escalate
                  - else: close
            """,
        fixed: """
            nodes:
              check_login:
                question: Is the login from the EU by a verified user?
                branches:
                  - when: "region == 'EU' and user_verified"
                    then: escalate
                  - else: close
            """
    )
}

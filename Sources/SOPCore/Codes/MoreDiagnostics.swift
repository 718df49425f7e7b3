extension DiagnosticCode {
    /// A file had more diagnostics than a report shows.
    public static let moreDiagnostics = DiagnosticCode(
        id: "more-diagnostics",
        severity: .note,
        summary: "a file has more diagnostics than the report shows",
        explanation: """
            A report shows at most 1,000 diagnostics per file (see `docs/limits.md`); this note comes last
            among a file's diagnostics and says how many more there are and how many of them are errors and
            warnings. The summary line and the exit status count every diagnostic, shown or not. A file
            with this many findings is usually generated or broken as a whole (a wrong indentation, a
            pasted table): fix the first findings and check again. The bound keeps the text, JSON, SARIF
            and GitHub outputs readable and their size bounded whatever the input.
            """,
        example: """
            # a generated SOP with 5,000 outcomes no branch leads to
            outcomes:
              o1: { title: One }
              o2: { title: Two }
              # ... 4,998 more
            """,
        fixed: """
            outcomes:
              o1: { title: One }
              o2: { title: Two }
            nodes:
              pick:
                question: Which?
                branches:
                  - when: "choice == 'one'"
                    then: o1
                  - else: o2
            """
    )
}

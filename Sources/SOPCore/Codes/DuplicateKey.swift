extension DiagnosticCode {
    /// A mapping has the same key twice.
    public static let duplicateKey = DiagnosticCode(
        id: "duplicate-key",
        severity: .error,
        summary: "a mapping has the same key twice",
        explanation: """
            A mapping has the same key twice; a note points at the first occurrence. YAML parsers disagree about
            repeated keys, and most keep the last value and drop the first without a word, so `sopc` rejects the
            repetition instead of guessing.

            In a SOP this usually means two nodes, outcomes or inputs were given the same name, often after
            copying a block, and one of them would silently vanish from the tree that agents and bots follow.
            Rename one of the keys, or merge the two entries into one.
            """,
        example: """
            outcomes:
              close:
                title: Close with no action
              close:
            # ^^^^^ duplicate-key
                title: Close and notify the reporter
            """,
        fixed: """
            outcomes:
              close:
                title: Close with no action
              close_and_notify:
                title: Close and notify the reporter
            """
    )
}

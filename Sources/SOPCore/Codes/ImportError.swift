extension DiagnosticCode {
    /// An imported file cannot be read or compiled, or imports form a cycle.
    public static let importError = DiagnosticCode(
        id: "import-error",
        severity: .error,
        summary: "an imported file cannot be read or compiled, or imports form a cycle",
        explanation: """
            A file named in `import:` cannot be used: it does not exist or cannot be read, it has errors of its
            own (reported at their own locations as well), or files import each other in a loop. Paths in
            `import:` are relative to the importing file, not to the directory `sopc` runs in.

            Imports stay inside the project: the folder of the `.sopc.yaml` in effect or, without one, the
            deepest folder holding every file named on the command line. A path outside it (absolute,
            `../` past the root, or a symbolic link leading out) is refused without being read. A chain
            of imports may be 32 files deep and one run reads at most 1,000 files through imports.

            Everything the importer takes from that file (qualified inputs `otherid.name`, outcomes
            `otherid.outcome`, sub-tree calls `otherid`) is then unavailable, so the importing SOP cannot be
            checked or followed either. Fix the path or the imported file. To break an import loop, move what
            the files share into a library file (one with neither `start` nor `nodes`) that each of them
            imports.
            """,
        example: """
            # trees/account_takeover.sop.yaml, importing trees/common/outcomes.sop.yaml
            sop: account_takeover
            title: Account takeover triage
            import: [trees/common/outcomes.sop.yaml]
            #        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ import-error
            """,
        fixed: """
            # trees/account_takeover.sop.yaml, importing trees/common/outcomes.sop.yaml
            sop: account_takeover
            title: Account takeover triage
            import: [common/outcomes.sop.yaml]
            """
    )
}

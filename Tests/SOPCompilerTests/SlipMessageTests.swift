import SOPCompiler
import SOPCore
import SOPDriver
import Testing

/// The slips a new author makes, each answered with one finding in sopc's words: YAML 1.1 booleans,
/// names from an imported file written bare, YAML slips libyaml words for its scanner, and typos that
/// must not bring a second, derived finding with them.
@Suite("Messages for authors' slips")
struct SlipMessageTests {
    func check(_ source: String) -> [Diagnostic] {
        CheckRun.check(Compiler.compile(source: source, path: "f.sop.yaml")).diagnostics.filter { $0.code != .analysisSkipped }
    }

    /// `text` with the single fix of `d` applied.
    func applying(_ d: Diagnostic, to text: String) throws -> String {
        let edit = try #require(d.fixes.first?.edits.first)
        var bytes = Array(text.utf8)
        bytes.replaceSubrange(edit.span.range.start.offset..<edit.span.range.end.offset, with: Array(edit.text.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }

    static let boolSwitch = """
        sop: x
        title: X
        inputs:
          urgent: {type: bool, question: Urgent?}
        outcomes:
          escalate: {title: Escalate}
          close: {title: Close}
        start: n
        nodes:
          n:
            question: Urgent?
            on: urgent
            cases:
              YES_KEY: escalate
              NO_KEY: close

        """

    @Test(arguments: [("yes", "no", "true", "false"), ("on", "off", "true", "false"), ("Yes", "No", "true", "false")])
    func yamlOneOneBooleansInCasesSayWhatToWrite(_ yes: String, _ no: String, _ t: String, _ f: String) throws {
        let text = Self.boolSwitch.replacingOccurrences(of: "YES_KEY", with: yes).replacingOccurrences(of: "NO_KEY", with: no)
        let found = check(text)
        // One finding per key: no `missing-case` for `true`/`false`, no unused outcome.
        #expect(found.map(\.code) == [.typeMismatch, .typeMismatch], "\(found)")
        #expect(found[0].help == "`\(yes)` is text in a SOP file (YAML 1.2), not a bool: write `\(t)`")
        #expect(found[1].help == "`\(no)` is text in a SOP file (YAML 1.2), not a bool: write `\(f)`")
        // The later edit first, so the earlier one's offsets still hold.
        let fixed = try applying(found[0], to: try applying(found[1], to: text))
        #expect(check(fixed).isEmpty, "\(check(fixed))")
    }

    @Test func otherBadBoolCasesDoNotBringMissingCaseWithThem() {
        let text = Self.boolSwitch.replacingOccurrences(of: "YES_KEY", with: "maybe").replacingOccurrences(of: "NO_KEY", with: "false")
        #expect(check(text).map(\.code).filter { $0 != .unusedOutcome } == [.typeMismatch])
    }

    /// A misspelled enum case is read as the value it means: one `unknown-enum-value`, no missing case for
    /// that value, and its target is not an unused outcome.
    @Test func aMisspelledEnumCaseIsOneFinding() throws {
        let text = """
            sop: x
            title: X
            inputs:
              region: {type: enum, values: [EU, US], question: Where?}
            outcomes:
              escalate: {title: Escalate}
              close: {title: Close}
            start: n
            nodes:
              n:
                question: Where?
                on: region
                cases:
                  EUU: escalate
                  US: close

            """
        let found = check(text)
        #expect(found.map(\.code) == [.unknownEnumValue], "\(found)")
        #expect(found.first?.help == "did you mean `EU`?")
        #expect(check(try applying(found[0], to: text)).isEmpty)
        // Meant as a value another case already has: still the one finding.
        #expect(check(text.replacingOccurrences(of: "EUU: escalate\n      US: close", with: "EU: escalate\n      EUU: close\n      US: close")).map(\.code) == [.unknownEnumValue])
    }

    @Test func yamlOneOneBooleanInAGuardSaysWhatToWrite() throws {
        let text = Self.boolSwitch.replacingOccurrences(of: "    on: urgent\n    cases:\n      YES_KEY: escalate\n      NO_KEY: close\n",
                                                        with: "    branches:\n      - when: \"urgent == yes\"\n        then: escalate\n      - else: close\n")
        let found = check(text)
        #expect(found.map(\.code) == [.undefinedReference], "\(found)")
        #expect(found[0].help == "`urgent` is a bool, and bools are `true` and `false`: write `urgent == true`")
        #expect(check(try applying(found[0], to: text)).isEmpty)
    }

    static let library = """
        sop: common
        title: Common
        inputs:
          region: {type: enum, values: [EU, US], question: Where?}
        outcomes:
          no_violation: {title: No violation}

        """

    static let importer = """
        sop: main
        title: Main
        import: [lib/common.sop.yaml]
        outcomes:
          remove: {title: Remove}
        start: n
        nodes:
          n:
            question: Where?
            branches:
              - when: "REGION == 'EU'"
                then: remove
              - else: TARGET

        """

    func checkImporting(_ text: String) throws -> [Diagnostic] {
        let loader = MemoryLoader(["main.sop.yaml": text, "lib/common.sop.yaml": Self.library])
        return CheckRun.check(try Compiler.compile(files: ["main.sop.yaml"], loader: loader)).diagnostics.filter { $0.code != .analysisSkipped }
    }

    @Test func aBareImportedOutcomeNamesTheQualifiedNameAndTheFile() throws {
        let text = Self.importer.replacingOccurrences(of: "REGION", with: "common.region").replacingOccurrences(of: "TARGET", with: "no_violation")
        let found = try checkImporting(text)
        #expect(found.map(\.code) == [.undefinedReference], "\(found)")
        #expect(found[0].help == "did you mean `common.no_violation`? `no_violation` is declared in `lib/common.sop.yaml`, imported here as `common`")
        #expect(try checkImporting(try applying(found[0], to: text)).isEmpty)
    }

    @Test func aBareImportedInputNamesTheQualifiedNameAndTheFile() throws {
        let text = Self.importer.replacingOccurrences(of: "REGION", with: "region").replacingOccurrences(of: "TARGET", with: "common.no_violation")
        let found = try checkImporting(text)
        #expect(found.map(\.code) == [.undefinedReference], "\(found)")
        #expect(found[0].help == "did you mean `common.region`? `region` is declared in `lib/common.sop.yaml`, imported here as `common`")
        #expect(try checkImporting(try applying(found[0], to: text)).isEmpty)
    }

    /// A SOP of the same run that this file does not import: the help says so, whatever the file order.
    @Test(arguments: [["main.sop.yaml", "lib/common.sop.yaml"], ["lib/common.sop.yaml", "main.sop.yaml"]])
    func aNameFromASOPThatIsNotImportedSaysToImportIt(_ order: [String]) throws {
        let text = Self.importer.replacingOccurrences(of: "import: [lib/common.sop.yaml]\n", with: "")
            .replacingOccurrences(of: "REGION", with: "region").replacingOccurrences(of: "TARGET", with: "no_violation")
        let loader = MemoryLoader(["main.sop.yaml": text, "lib/common.sop.yaml": Self.library])
        let found = CheckRun.check(try Compiler.compile(files: order, loader: loader)).diagnostics.filter { $0.file == "main.sop.yaml" && $0.code != .analysisSkipped }
        #expect(found.map(\.code) == [.undefinedReference, .undefinedReference], "\(found)")
        #expect(found.map(\.help) == [
            "`region` is an input of SOP `common` in `lib/common.sop.yaml`, which this file does not import: add `import: [lib/common.sop.yaml]` and write `common.region`",
            "`no_violation` is an outcome of SOP `common` in `lib/common.sop.yaml`, which this file does not import: add `import: [lib/common.sop.yaml]` and write `common.no_violation`",
        ])
    }

    @Test func aMisspelledKeyIsOneUnknownKeyAndNoMissingKey() {
        let text = """
            sop: x
            title: X
            outcomes:
              done: {title: Done}
            start: n
            nodes:
              n:
                question: Q?
                brnches:
                  - else: done

            """
        let found = check(text)
        // Read as `branches`: not `missing-key`, and `done` is not unused.
        #expect(found.map(\.code) == [.unknownKey], "\(found)")
        #expect(found.first?.help == "did you mean `branches`?")
        #expect(found.first?.range.start.line == 9)
        // At the top level too: `tittle` is `title`, not also a missing `title`.
        #expect(check("sop: x\ntittle: X\n").map(\.code) == [.unknownKey])
    }

    @Test func aMisspelledOutcomeIsNotAlsoReportedUnused() {
        let text = """
            sop: x
            title: X
            outcomes:
              escalate: {title: Escalate}
              close: {title: Close}
            start: n
            nodes:
              n:
                question: Q?
                branches:
                  - when: "true"
                    then: escalte
                  - else: close

            """
        let found = check(text)
        #expect(found.map(\.code) == [.undefinedReference], "\(found)")
        #expect(found.first?.help == "did you mean `escalate`?")
    }

    /// libyaml's words for the common YAML slips, each with a hint in sopc's words.
    @Test(arguments: [
        ("sop: x\ntitle: X\nnodes:\n  n:\n\tquestion: Q?\n", "the line holds a tab: YAML indents with spaces only; replace the tab with spaces"),
        ("sop: x\ntitle: X\nstart:n\noutcomes: {}\n", "a key's colon needs a space after it: write `start: n`"),
        ("sop: x\ntitle: X\nnodes:\n  n:\n    question: Q?\n    branches:\n      - when: 'a' in flags\n        then: x\n",
         "the value ends at its closing quote, so the rest of the line is left over; quote the whole guard: `when: \"'a' in flags\"`"),
    ])
    func yamlSlipsGetAHint(_ text: String, _ help: String) throws {
        let found = check(text)
        let d = try #require(found.first { $0.code == .syntaxError }, "\(found)")
        #expect(d.help == help, "\(d.message)")
    }

    @Test func aBareSetValueSaysToQuoteIt() throws {
        let text = """
            sop: x
            title: X
            inputs:
              flags: {type: set, values: [minor, spam], question: Flags?}
            outcomes:
              a: {title: A}
              b: {title: B}
            start: n
            nodes:
              n:
                question: Q?
                branches:
                  - when: "minor in flags"
                    then: a
                  - else: b

            """
        let found = check(text)
        #expect(found.map(\.code) == [.undefinedReference], "\(found)")
        #expect(found[0].help == "`minor` is a value of `flags`, and values are quoted: write `'minor' in flags`")
        #expect(check(try applying(found[0], to: text)).isEmpty)
    }
}

import SOPCompiler
import SOPCore
import SOPDriver
import Testing

/// Messages for the common slips: one finding each, saying what to write.
@Suite("Messages for common slips")
struct MessageTests {
    func check(_ source: String) -> [Diagnostic] {
        CheckRun.check(Compiler.compile(source: source, path: "f.sop.yaml")).diagnostics
    }

    @Test(arguments: ["", "\n\n", "# truncated by a bad commit\n", "# one\n\n# two\n"])
    func emptyOrCommentOnlyFileIsOneMissingKey(_ text: String) {
        let found = check(text)
        #expect(found.map(\.code) == [.missingKey], "\(found)")
        let expected = text.contains("#") ? "the file holds only comments: a SOP needs at least `sop` and `title`" : "the file is empty: a SOP needs at least `sop` and `title`"
        #expect(found.first?.message == expected)
        #expect(found.first.map { $0.range.start.line == 1 && $0.range.start.column == 1 } ?? false)
    }

    static let enumTree = """
        sop: x
        title: y
        inputs:
          region: { type: enum, values: [EU, US] }
        outcomes:
          a: {title: A}
          b: {title: B}
        start: n
        nodes:
          n:
            question: q
            branches:
              - when: WHEN
                then: a
              - else: b

        """

    @Test(arguments: [("\"region == EU\"", "`EU` is a value of `region`, and values are quoted: write `region == 'EU'`", "\"region == 'EU'\""),
                      ("\"EU != region\"", "`EU` is a value of `region`, and values are quoted: write `region != 'EU'`", "\"'EU' != region\""),
                      ("region == US", "`US` is a value of `region`, and values are quoted: write `region == 'US'`", "region == 'US'")])
    func unquotedEnumValueSaysToQuoteIt(_ when: String, _ help: String, _ fixed: String) throws {
        let found = check(Self.enumTree.replacingOccurrences(of: "WHEN", with: when))
        #expect(found.filter { $0.severity == .error }.count == 1, "\(found)")
        let d = try #require(found.first { $0.code == .undefinedReference })
        #expect(d.help == help)
        let edit = try #require(d.fixes.first?.edits.first)
        var text = Array(Self.enumTree.replacingOccurrences(of: "WHEN", with: when).utf8)
        text.replaceSubrange(edit.span.range.start.offset..<edit.span.range.end.offset, with: Array(edit.text.utf8))
        #expect(String(decoding: text, as: UTF8.self) == Self.enumTree.replacingOccurrences(of: "WHEN", with: fixed))
    }

    @Test func unquotedValueInASingleQuotedScalarHasNoAutomaticFix() throws {
        let found = check(Self.enumTree.replacingOccurrences(of: "WHEN", with: "'region == EU'"))
        let d = try #require(found.first { $0.code == .undefinedReference })
        #expect(d.help?.hasSuffix("write `region == 'EU'`") == true)
        #expect(d.fixes.isEmpty)
    }

    @Test func aBareWordThatIsNoValueStillSaysToDeclareIt() throws {
        let found = check(Self.enumTree.replacingOccurrences(of: "WHEN", with: "\"region == ASIA\""))
        let d = try #require(found.first { $0.code == .undefinedReference })
        #expect(d.help == "declare it under `inputs`")
    }
}

import SOPCore
import SOPSyntax
import Testing

@Suite("YAML reader")
struct YAMLReaderTests {
    private func read(_ text: String) -> (YAMLNode?, [Diagnostic]) {
        YAMLReader.read(SourceText(path: "t.yaml", bytes: Array(text.utf8)))
    }

    @Test("keys and scalars keep 1-based line and column, columns in characters, offsets in bytes")
    func positions() throws {
        let (root, diagnostics) = read("title: \"Réglé\"\nnext: ünïcode # comment\n")
        #expect(diagnostics.isEmpty)
        let pairs = try #require(root?.mapping)
        #expect(pairs[0].key.range.start == SourceLocation(line: 1, column: 1, offset: 0))
        #expect(pairs[0].value.range.start == SourceLocation(line: 1, column: 8, offset: 7))
        #expect(pairs[0].value.range.end == SourceLocation(line: 1, column: 15, offset: 16), "é is one column but two bytes")
        #expect(pairs[1].value.scalar == "ünïcode")
        #expect(pairs[1].value.range.start == SourceLocation(line: 2, column: 7, offset: 23))
        #expect(pairs[1].value.style == .plain)
        #expect(pairs[0].value.style == .doubleQuoted)
    }

    @Test("an ASCII file gets the same ranges as the same text in a file that is not ASCII, whatever its line ends")
    func asciiRangesMatchWalkedRanges() {
        func ranges(_ node: YAMLNode) -> [SourceRange] {
            switch node.kind {
            case .scalar: return [node.range]
            case .sequence(let items): return [node.range] + items.flatMap(ranges)
            case .mapping(let pairs): return [node.range] + pairs.flatMap { ranges($0.key) + ranges($0.value) }
            }
        }
        for lineEnd in ["\n", "\r\n", "\r"] {
            let text = ["a: 1", "list:", "  - x", "  - {k: v, w: [1, 2]}", "long: 'quoted text'", "block: |", "  one", "  two", "end: z"]
                .joined(separator: lineEnd) + lineEnd
            let (ascii, d1) = read(text)
            let (walked, d2) = read(text + "# é" + lineEnd)
            #expect(d1.isEmpty && d2.isEmpty)
            guard let ascii, let walked else {
                Issue.record("no tree")
                continue
            }
            // Every range but the document's, which ends after the comment line in the second file.
            #expect(ranges(ascii).dropFirst() == ranges(walked).dropFirst(), "line ends \(lineEnd.debugDescription)")
        }
    }

    @Test("a duplicate key is reported at its second occurrence and the first is kept")
    func duplicateKeys() throws {
        let (root, diagnostics) = read("a: 1\nb: 2\na: 3\n")
        #expect(diagnostics.map(\.code) == [.duplicateKey])
        #expect(diagnostics.first?.range.start.line == 3)
        #expect(diagnostics.first?.notes.first?.span?.range.start.line == 1)
        #expect(root?.mapping?.count == 2)
        #expect(root?.mapping?.first?.value.scalar == "1")
    }

    @Test("duplicates are found in large mappings too")
    func duplicateKeysInLargeMappings() {
        let text = (0..<40).map { "k\($0): v" }.joined(separator: "\n") + "\nk7: again\n"
        let (_, diagnostics) = read(text)
        #expect(diagnostics.map(\.code) == [.duplicateKey])
        #expect(diagnostics.first?.range.start.line == 41)
    }

    @Test("malformed YAML is a syntax error at libyaml's problem mark, with its context as a note")
    func malformed() {
        let (root, diagnostics) = read("a: [1, 2\nb: 3\n")
        #expect(root == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.code == .syntaxError)
        #expect(diagnostics.first?.range.start.line == 2)
        #expect(diagnostics.first?.notes.count == 1)
    }

    @Test("aliases expand; a runaway expansion is refused instead of exhausting memory")
    func aliases() throws {
        let (root, diagnostics) = read("base: &b { x: 1 }\ncopy: *b\n")
        #expect(diagnostics.isEmpty)
        #expect(root?.mapping?[1].value.mapping?.first?.value.scalar == "1")

        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...8 {
            bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let (bombRoot, bombDiagnostics) = read(bomb)
        #expect(bombRoot == nil)
        #expect(bombDiagnostics.first?.message.contains("aliases expand") == true)
    }

    @Test("one long scalar aliased many times is refused by the size of its text, at the alias that goes over")
    func aliasedTextBudget() throws {
        // 20 KB of text used 60 times: 60 nodes, well inside the node budget, but 1.2 MB of text.
        let long = String(repeating: "a and ", count: 3_400) + "a"
        var text = "g: &g \"\(long)\"\nuses:\n"
        for _ in 0..<60 { text += "  - *g\n" }
        let (root, diagnostics) = read(text)
        #expect(root == nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "aliases expand to more than 1048576 bytes of text")
        // The 52nd use is the first past 1 MiB (51 x 20,401 bytes fit); uses start on line 3.
        #expect(diagnostics.first?.range.start.line == 3 + 51)
        // The same text used 40 times is accepted.
        var fewer = "g: &g \"\(long)\"\nuses:\n"
        for _ in 0..<40 { fewer += "  - *g\n" }
        let (accepted, none) = read(fewer)
        #expect(none.isEmpty)
        #expect(accepted?.mapping?[1].value.sequence?.count == 40)
    }

    @Test("deep nesting is refused with a diagnostic, not a stack overflow")
    func deepNesting() {
        let depth = 300_000
        let (root, diagnostics) = read("a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n")
        #expect(root == nil)
        #expect(diagnostics.map(\.code) == [.syntaxError])
        #expect(diagnostics.first?.message == "collections are nested more than 100 levels deep")
        #expect(read("a: " + String(repeating: "[", count: 90) + String(repeating: "]", count: 90) + "\n").1.isEmpty)
    }

    @Test("a second document is reported and ignored")
    func secondDocument() throws {
        let (root, diagnostics) = read("a: 1\n---\nb: 2\n")
        #expect(root?.mapping?.first?.key.scalar == "a")
        #expect(diagnostics.map(\.code) == [.syntaxError])
        #expect(diagnostics.first?.range.start.line == 2)
    }

    @Test("empty files, tabs and binary bytes give diagnostics, never a crash")
    func hostileInput() {
        #expect(read("").0 == nil || read("").0?.isNull == true)
        #expect(!read("a:\n\tb: 1\n").1.isEmpty)
        let (_, binary) = YAMLReader.read(SourceText(path: "t.yaml", bytes: [0xFF, 0xFE, 0x00, 0x41, 0xC3]))
        #expect(binary.allSatisfy { $0.code == .syntaxError })
    }

    @Test("invalid UTF-8 and NUL bytes are reported where they are, not at 1:1")
    func readerErrorsAtTheirPosition() throws {
        // `title: "a` then 0xFF: line 2, column 10, byte 16.
        let bad = Array("sop: x\ntitle: \"a".utf8) + [0xFF] + Array(" b\"\n".utf8)
        let (_, d1) = YAMLReader.read(SourceText(path: "t.yaml", bytes: bad))
        #expect(d1.first?.range.start == SourceLocation(line: 2, column: 10, offset: 16))
        let nul = Array("sop: x\ntitle: ok\n".utf8) + [0x00] + Array("\n".utf8)
        let (_, d2) = YAMLReader.read(SourceText(path: "t.yaml", bytes: nul))
        #expect(d2.first?.message == "control characters are not allowed")
        #expect(d2.first?.range.start == SourceLocation(line: 3, column: 1, offset: 17))
    }

    @Test("CR-only and mixed line ends give the same lines and columns as LF")
    func crLineEnds() throws {
        for end in ["\n", "\r", "\r\n"] {
            let text = ["sop: x", "title: \"Réglé\"", "next: ünïcode"].joined(separator: end) + end
            let source = SourceText(path: "t.yaml", bytes: Array(text.utf8))
            let (root, diagnostics) = YAMLReader.read(source)
            #expect(diagnostics.isEmpty)
            let pairs = try #require(root?.mapping)
            #expect(pairs[2].key.range.start.line == 3, "\(Array(end.utf8))")
            #expect(pairs[2].value.range.start.column == 7)
            #expect(pairs[1].value.range.end.column == 15)
            // Offsets map back to the same line and column.
            let v = pairs[2].value.range.start
            #expect(source.location(atOffset: v.offset) == v)
            #expect(source.lineStarts.count == 4)
        }
    }
}

extension YAMLNode: Equatable {
    public static func == (a: YAMLNode, b: YAMLNode) -> Bool {
        a.range == b.range && a.scalar == b.scalar
    }
}

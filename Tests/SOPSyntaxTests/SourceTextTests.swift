import SOPCore
import SOPSyntax
import Testing

@Suite("Source text positions")
struct SourceTextTests {
    /// Random ASCII lines joined by LF, CR LF or a lone CR, some empty, some ending the file.
    private func randomText(_ rng: inout SplitMix64) -> String {
        let breaks = ["\n", "\r\n", "\r"]
        var text = ""
        for _ in 0..<Int(rng.next() % 6) {
            for _ in 0..<Int(rng.next() % 7) { text.append(Character(Unicode.Scalar(UInt8(97 + rng.next() % 26)))) }
            text += breaks[Int(rng.next() % 3)]
        }
        for _ in 0..<Int(rng.next() % 4) { text.append("x") }
        return text
    }

    @Test("an ASCII file finds positions from line starts exactly as walking the line does")
    func asciiMatchesWalking() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<400 {
            let text = randomText(&rng)
            let ascii = SourceText(path: "a.yaml", bytes: Array(text.utf8))
            // The same lines followed by one that is not ASCII: positions on the earlier lines are found by
            // walking, and must be the same. After a final lone CR the next break is a CR too, so the two
            // do not merge into one CR LF.
            let next = text.utf8.last == 13 ? "\r# é" : "\n# é"
            let walked = SourceText(path: "w.yaml", bytes: Array((text + next).utf8))
            for line in 0..<ascii.lineStarts.count {
                for column in 0...9 {
                    let a = ascii.location(line: line, column: column)
                    let w = walked.location(line: line, column: column)
                    #expect(a == w, "line \(line) column \(column) of \(text.debugDescription)")
                    for count in 0...9 {
                        #expect(ascii.advance(a, by: count) == walked.advance(w, by: count),
                                "advance \(count) from \(a) in \(text.debugDescription)")
                    }
                }
            }
        }
    }

    @Test("a file with a non-ASCII byte counts columns in characters")
    func nonASCIIColumns() {
        let source = SourceText(path: "u.yaml", bytes: Array("é: x\r\nab\n".utf8))
        #expect(source.location(line: 0, column: 1) == SourceLocation(line: 1, column: 2, offset: 2))
        #expect(source.location(line: 0, column: 9) == SourceLocation(line: 1, column: 10, offset: 5), "stops at the line break")
        #expect(source.location(line: 1, column: 1) == SourceLocation(line: 2, column: 2, offset: 8))
    }
}

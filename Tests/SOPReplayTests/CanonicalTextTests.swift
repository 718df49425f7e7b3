import SOPCore
import SOPGraph
import Testing
@testable import SOPReplay

/// Replay compares text by `CanonicalText`'s rule (NFC), as `check` and `test` do through `String`:
/// a precomposed and a decomposed spelling of the same text are one value, one label, one labeler.
@Suite struct CanonicalTextTests {
    static let zurichNFC = "Z\u{FC}rich", zurichNFD = "Zu\u{308}rich"
    static let cafeNFC = "caf\u{E9}", cafeNFD = "cafe\u{301}"
    static let joseNFC = "Jos\u{E9}", joseNFD = "Jose\u{301}"

    let graph: ReplayGraph

    init() {
        var b = TreeBuilder()
        let s = b.sop("places")
        let city = b.input("citt\u{E0}", .enumeration([Self.zurichNFC, "Bern"]), in: s)
        let cafe = b.outcome(Self.cafeNFC, in: s)
        let other = b.outcome("other", in: s)
        let n = b.declare("where", in: s)
        b.branches(n, match: .first, [
            (.when(source: "city"), .compare(city, .equal, .string(Self.zurichNFC)), .outcome(cafe)),
            (.else, .true, .outcome(other)),
        ])
        graph = ReplayGraph(program: b.program, sop: s)
    }

    func replay(_ text: String, format: SampleFormat) throws -> ReplayResult {
        var options = ReplayOptions()
        options.format = format
        options.jobs = 1
        return try Replayer(graph: graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
    }

    @Test func theRule() {
        #expect(CanonicalText.same(Self.cafeNFC, Self.cafeNFD))
        #expect(Array(CanonicalText.nfc(Self.cafeNFD).utf8) == Array(Self.cafeNFC.utf8))
        #expect(CanonicalText.nfc("plain") == "plain")
        let nfd = Array(Self.zurichNFD.utf8)
        #expect(nfd.withUnsafeBufferPointer(CanonicalText.nfc) == Array(Self.zurichNFC.utf8))
        // Compatibility forms stay distinct: NFC, not NFKC.
        #expect(!CanonicalText.same("\u{FB01}", "fi"))
    }

    @Test func jsonLinesMatchValuesLabelsAndLabelersWhateverTheirNormalForm() throws {
        let text = [
            "{\"id\":\"\(Self.joseNFC)-1\",\"citt\u{E0}\":\"\(Self.zurichNFD)\",\"label\":\"\(Self.cafeNFD)\",\"labeler\":\"\(Self.joseNFD)\"}",
            "{\"id\":\"\(Self.joseNFD)-2\",\"citta\u{300}\":\"\(Self.zurichNFC)\",\"label\":\"\(Self.cafeNFC)\",\"labeler\":\"\(Self.joseNFC)\"}",
            "{\"id\":\"3\",\"citta\u{300}\":\"Bern\",\"label\":\"\(Self.cafeNFD)\",\"labeler\":\"\(Self.joseNFC)\"}",
        ].joined(separator: "\n")
        let r = try replay(text, format: .jsonl)
        #expect(r.rejected == 0)
        #expect(r.replayed == 3)
        let labelers = r.labelerStats(target: 0.9)
        #expect(labelers.count == 1)
        #expect(labelers.first?.samples == 3)
        #expect(labelers.first?.agree == 2)
        #expect(r.disagreements.map(\.id) == ["3"])
    }

    @Test func csvHeadersAndCellsToo() throws {
        let text = "id,citta\u{300},label,labeler\n"
            + "a,\(Self.zurichNFD),\(Self.cafeNFC),\(Self.joseNFD)\n"
            + "b,\"\(Self.zurichNFC)\",\"\(Self.cafeNFD)\",\(Self.joseNFC)\n"
        let r = try replay(text, format: .csv)
        #expect(r.rejected == 0)
        #expect(r.replayed == 2)
        #expect(r.disagreements.isEmpty)
        #expect(r.labelerStats(target: 0.9).map(\.samples) == [2])
    }
}

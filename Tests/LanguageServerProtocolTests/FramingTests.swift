import LanguageServerProtocol
import SOPCore
import Testing

@Suite("JSON-RPC framing and JSON")
struct FramingTests {
    /// A reader over `chunks`, handed out one per read, as a pipe delivers them.
    func reader(_ chunks: [[UInt8]]) -> MessageReader {
        var remaining = chunks
        return MessageReader { buffer in
            guard !remaining.isEmpty else { return false }
            buffer += remaining.removeFirst()
            return true
        }
    }

    func frame(_ body: String, headers: String = "") -> [UInt8] {
        Array("Content-Length: \(body.utf8.count)\r\n\(headers)\r\n\(body)".utf8)
    }

    @Test func readsMessagesSplitAnywhere() throws {
        let stream = frame(#"{"a":1}"#) + frame(#"{"b":"é😀"}"#, headers: "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n")
        // Every split point, and byte-by-byte delivery.
        for split in 0...stream.count {
            var r = reader([Array(stream[..<split]), Array(stream[split...])])
            #expect(try r.next().map { String(decoding: $0, as: UTF8.self) } == #"{"a":1}"#)
            #expect(try r.next().map { String(decoding: $0, as: UTF8.self) } == #"{"b":"é😀"}"#)
            #expect(try r.next() == nil)
        }
        var bytewise = reader(stream.map { [$0] })
        #expect(try bytewise.next() != nil)
        #expect(try bytewise.next() != nil)
        #expect(try bytewise.next() == nil)
    }

    @Test func rejectsBadHeaders() throws {
        var missing = reader([Array("Content-Type: x\r\n\r\n{}".utf8)])
        #expect(throws: MessageReader.Failure.missingLength) { try missing.next() }
        var huge = reader([Array("Content-Length: 999999999999\r\n\r\n".utf8)])
        #expect(throws: MessageReader.Failure.tooLarge(999_999_999_999)) { try huge.next() }
        var endless = reader([[UInt8](repeating: UInt8(ascii: "x"), count: 100_000)])
        #expect(throws: MessageReader.Failure.headerTooLong) { try endless.next() }
        var truncated = reader([Array("Content-Length: 10\r\n\r\n{}".utf8)])
        #expect((try? truncated.next()) == .some(nil))
    }

    @Test func writerFramesWithTheByteLength() {
        let collected = Collected()
        let writer = MessageWriter { collected.append($0) }
        writer.send(.object([("s", .string("é"))]))
        #expect(String(decoding: collected.bytes, as: UTF8.self) == "Content-Length: 10\r\n\r\n{\"s\":\"é\"}")
    }

    @Test func parsesJSON() throws {
        let value = try JSONParser.parse(#" {"id": 7, "x": -1.5e2, "ok": true, "no": null, "s": "a\"\\\/\n\u00e9\ud83d\ude00", "list": [1, [], {}]} "#)
        #expect(value["id"]?.int == 7)
        #expect(value["x"] == .double(-150))
        #expect(value["ok"]?.bool == true)
        #expect(value["no"]?.isNull == true)
        #expect(value["s"]?.string == "a\"\\/\né😀")
        #expect(value["list"]?.array?.count == 3)
        // Round trip through the renderer.
        #expect(try JSONParser.parse(value.rendered(indent: 0)) == value)
    }

    @Test func rejectsMalformedJSON() {
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"\u{1}\"", "1 2", "{\"a\":1,}", "\"\\x\"", String(repeating: "[", count: 10_000)] {
            #expect(throws: JSONParser.Failure.self, "\(bad.prefix(20))") { try JSONParser.parse(bad) }
        }
    }

    @Test func classifiesMessages() throws {
        guard case .request(.int(1), "initialize", _)? = Message(try JSONParser.parse(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#)) else {
            Issue.record("not a request"); return
        }
        guard case .notification("exit", .null)? = Message(try JSONParser.parse(#"{"jsonrpc":"2.0","method":"exit"}"#)) else {
            Issue.record("not a notification"); return
        }
        guard case .request(.string("a"), _, _)? = Message(try JSONParser.parse(#"{"id":"a","method":"m"}"#)) else {
            Issue.record("string id"); return
        }
        #expect(Message(try JSONParser.parse("[]")) == nil)
    }

    @Test func positionEncodingNegotiationAndWidths() {
        #expect(PositionEncoding.negotiate(["utf-8", "utf-32"]) == .utf32)
        #expect(PositionEncoding.negotiate(["utf-8"]) == .utf16)
        #expect(PositionEncoding.negotiate([]) == .utf16)
        #expect(PositionEncoding.utf16.width(of: "😀") == 2)
        #expect(PositionEncoding.utf32.width(of: "😀") == 1)
        #expect(PositionEncoding.utf8.width(of: "é") == 2)
    }
}

final class Collected: @unchecked Sendable {
    var bytes: [UInt8] = []
    func append(_ b: [UInt8]) { bytes += b }
}

/// Writes JSON straight into a byte buffer, value by value, in the layout `JSONValue.rendered` uses (which
/// renders through it): ordered keys, `indent` spaces per level (0: one line), `[]` and `{}` for empty
/// containers. For large documents (a quiz of 20,000 scenarios) it saves building the tree of values and
/// every intermediate string.
///
/// The one JSON string rule lives here (`appendString`): `"`, `\` and control characters escaped; with
/// `inertInHTML`, also `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes, so the text can sit inside a
/// `<script>` element (neither `</script>` nor `<!--` can occur) and stays the same JSON.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    package let indent: Int
    package let inertInHTML: Bool
    /// Elements written so far in each open container, outermost first.
    private var counts: [Int] = []
    private var afterKey = false

    package init(indent: Int = 2, inertInHTML: Bool = false, capacity: Int = 0) {
        self.indent = indent
        self.inertInHTML = inertInHTML
        bytes.reserveCapacity(capacity)
    }

    /// The document as text.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes what comes before a value or a key: nothing after a key, else a comma after an earlier
    /// element and the line break and indentation of the level.
    private mutating func element() {
        if afterKey {
            afterKey = false
            return
        }
        guard let n = counts.last else { return }
        if n > 0 { bytes.append(UInt8(ascii: ",")) }
        counts[counts.count - 1] = n + 1
        newline(counts.count)
    }

    private mutating func newline(_ level: Int) {
        guard indent > 0 else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * level))
    }

    package mutating func beginObject() { open(UInt8(ascii: "{")) }
    package mutating func endObject() { close(UInt8(ascii: "}")) }
    package mutating func beginArray() { open(UInt8(ascii: "[")) }
    package mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        element()
        bytes.append(bracket)
        counts.append(0)
    }

    /// Closes the innermost container: on a line of its own unless it is empty (`[]`, `{}`).
    private mutating func close(_ bracket: UInt8) {
        if counts.removeLast() > 0 { newline(counts.count) }
        bytes.append(bracket)
    }

    /// An object member's key; the member's value comes next.
    package mutating func key(_ k: String) {
        element()
        Self.appendString(k, to: &bytes, inertInHTML: inertInHTML)
        bytes.append(UInt8(ascii: ":"))
        if indent > 0 { bytes.append(UInt8(ascii: " ")) }
        afterKey = true
    }

    package mutating func string(_ s: String) {
        element()
        Self.appendString(s, to: &bytes, inertInHTML: inertInHTML)
    }

    package mutating func int(_ i: Int) {
        element()
        bytes.append(contentsOf: String(i).utf8)
    }

    package mutating func bool(_ b: Bool) {
        element()
        bytes.append(contentsOf: (b ? "true" : "false").utf8)
    }

    package mutating func null() {
        element()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Text already in JSON form (a number formatted by `JSONValue`).
    package mutating func raw(_ json: String) {
        element()
        bytes.append(contentsOf: json.utf8)
    }

    package mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .double(let d, let digits): raw(JSONValue.format(d, digits))
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for (k, item) in members {
                key(k)
                value(item)
            }
            endObject()
        }
    }

    // Convenience for members: `writer.member("id", "x")`.
    package mutating func member(_ k: String, _ s: String) { key(k); string(s) }
    package mutating func member(_ k: String, _ i: Int) { key(k); int(i) }
    package mutating func member(_ k: String, _ b: Bool) { key(k); bool(b) }
    package mutating func member(_ k: String, _ s: String?) {
        key(k)
        if let s { string(s) } else { null() }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string literal (the one rule; see the type's comment).
    package static func appendString(_ s: String, to out: inout [UInt8], inertInHTML: Bool = false) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            let n = u.count
            var start = 0, i = 0
            while i < n {
                let b = u[i]
                var escape: (UInt8, UInt8)? = nil   // a two-byte escape, or nil for \u00XX / \u20XX
                var code: UInt16 = 0
                var length = 1
                switch b {
                case UInt8(ascii: "\""): escape = (0x5C, b)
                case UInt8(ascii: "\\"): escape = (0x5C, b)
                case UInt8(ascii: "\n"): escape = (0x5C, UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): escape = (0x5C, UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): escape = (0x5C, UInt8(ascii: "t"))
                case 0..<0x20: code = UInt16(b)
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    guard inertInHTML else { i += 1; continue }
                    code = UInt16(b)
                case 0xE2:
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
                    guard inertInHTML, i + 2 < n, u[i + 1] == 0x80, u[i + 2] == 0xA8 || u[i + 2] == 0xA9 else { i += 1; continue }
                    code = u[i + 2] == 0xA8 ? 0x2028 : 0x2029
                    length = 3
                default:
                    i += 1
                    continue
                }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i])) }
                if let (x, y) = escape {
                    out.append(x)
                    out.append(y)
                } else {
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), hex[Int(code >> 12)], hex[Int((code >> 8) & 0xF)], hex[Int((code >> 4) & 0xF)], hex[Int(code & 0xF)]])
                }
                i += length
                start = i
            }
            if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<n])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}

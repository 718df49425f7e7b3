import SOPCore
import SOPGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads JSON Lines samples: a hand-written scanner for one flat JSON object per line, writing straight
/// into a `SampleRow`.
///
/// Samples are flat objects of scalars and string arrays, so a full JSON tree is never built: keys are
/// matched from their bytes, values are converted in place, and fields the schema does not know are
/// skipped without decoding.
struct JSONLinesReader: SampleReader {
    let schema: SampleSchema
    /// Unescaped text of the current string when it had backslash escapes.
    private var scratch: [UInt8] = []
    /// Whether a string scanned since `read` began holds a byte from 0x80 up.
    private var highBytes = false
    /// The keys seen at each of the first `cachedKeys` places of the rows before (two per place, up to
    /// `cachedKeyBytes` bytes each), their lengths (-1: none) and slots (-1: a field the schema does not
    /// know). The rows of a file spell their fields in one order, so a key is usually matched by comparing
    /// its bytes with a key seen at its place, without hashing it; two per place, because an optional
    /// field present on some rows only (`ai`) moves the keys after it by one place on the others.
    private var keyBytes = [UInt8](repeating: 0, count: Self.cachedKeys * Self.ways * Self.cachedKeyBytes)
    private var keyLength = [Int](repeating: -1, count: Self.cachedKeys * Self.ways)
    private var keySlot = [Int](repeating: -1, count: Self.cachedKeys * Self.ways)
    private static let cachedKeys = 32
    private static let cachedKeyBytes = 32
    private static let ways = 2

    static let hasHeader = false
    static let noHeader: Void = ()
    static func header(_ record: UnsafeBufferPointer<UInt8>, schema: SampleSchema) throws(IOError) {}

    /// A JSON array (a `.json` file holding `[{...}, ...]`) is not JSON Lines: say so once.
    static func checkStart(_ b: ArraySlice<UInt8>, name: String) throws(IOError) {
        guard let first = b.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A) }), first == UInt8(ascii: "[") else { return }
        throw IOError("\(name) holds a JSON array; samples are JSON Lines, one object per line: convert with `jq -c '.[]'`")
    }

    init(schema: SampleSchema, header: Void) {
        self.schema = schema
    }

    /// A record is one line (`LineBreaks`: LF, CR LF or a lone CR): a line break inside a JSON string is
    /// escaped, never raw.
    @inline(__always)
    static func record(in b: UnsafeBufferPointer<UInt8>, from start: Int) -> RecordSpan {
        guard let end = LineBreaks.next(in: b, from: start) else { return RecordSpan(end: b.count, innerBreaks: 0, terminated: false) }
        return RecordSpan(end: end, innerBreaks: 0, terminated: true)
    }

    /// After the last line break: the same cut `record(in:from:)` gives, found from the end.
    static func lastCut(_ b: UnsafeBufferPointer<UInt8>) -> Int? { LineBreaks.lastCut(b) }

    private enum Failure: Error {
        case malformed(String, Int)
        case row(RowError)
    }

    /// Parses first and checks the text only when that can change the answer. A record the parser
    /// accepts has had every byte looked at: outside strings only ASCII punctuation, digits, words and
    /// spaces pass, a NUL or other control byte in a string is an error, and bytes from 0x80 up in a
    /// string (`highBytes`) are noted; the keys matched in place (`knownKey`) are ASCII. So a record that
    /// parsed without an error or a byte from 0x80 up is valid UTF-8 without NUL, and any other is checked
    /// in full, and reported as `UTF8Check` reports it, exactly as when the check comes first.
    mutating func read(_ record: UnsafeBufferPointer<UInt8>, into row: inout SampleRow) -> RecordReading {
        highBytes = false
        let error = parse(record, into: &row)
        if error != nil || highBytes, let p = UTF8Check.firstProblem(record) {
            row.reset()
            return .text(offset: p.offset, problem: p.problem)
        }
        return .parsed(error)
    }

    /// Parses the object in `line` into `row` (already reset).
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>, into row: inout SampleRow) -> RowError? {
        do throws(Failure) {
            try parseObject(line, &row)
            return nil
        } catch {
            switch error {
            case .malformed(let what, let at):
                return RowError(kind: .malformed, message: "malformed JSON: \(what) at column \(at + 1)")
            case .row(let e):
                return e
            }
        }
    }

    // MARK: - Structure

    private mutating func parseObject(_ p: UnsafeBufferPointer<UInt8>, _ row: inout SampleRow) throws(Failure) {
        let n = p.count
        var i = skipSpace(p, 0)
        guard i < n, p[i] == UInt8(ascii: "{") else { throw .malformed("expected `{`", i) }
        i = skipSpace(p, i + 1)
        if i < n && p[i] == UInt8(ascii: "}") {
            i = skipSpace(p, i + 1)
            guard i == n else { throw .malformed("unexpected text after the object", i) }
            return
        }
        var place = 0
        while true {
            guard i < n, p[i] == UInt8(ascii: "\"") else { throw .malformed("expected a field name", i) }
            var slot: Int?
            let afterKey: Int
            if let known = knownKey(p, i + 1, place: place) {
                slot = known.slot
                afterKey = known.next
            } else {
                let key = try scanString(p, i)
                if key.escaped {
                    let text = decode(p, key)
                    slot = schema.table.lookup(text)
                } else if let base = p.baseAddress {
                    slot = keySlot(base + key.start, key.end - key.start, place: place)
                }
                afterKey = key.next
            }
            place += 1
            i = skipSpace(p, afterKey)
            guard i < n, p[i] == UInt8(ascii: ":") else { throw .malformed("expected `:`", i) }
            i = skipSpace(p, i + 1)
            if let slot {
                guard row.claim(slot) else {
                    throw .row(RowError(kind: .duplicateField, message: "field `\(schema.names[slot])` appears twice"))
                }
                i = try parseValue(p, i, slot: slot, &row)
            } else {
                i = try skipValue(p, i, depth: 0)
            }
            i = skipSpace(p, i)
            guard i < n else { throw .malformed("unterminated object", i) }
            if p[i] == UInt8(ascii: ",") {
                i = skipSpace(p, i + 1)
                continue
            }
            guard p[i] == UInt8(ascii: "}") else { throw .malformed("expected `,` or `}`", i) }
            i = skipSpace(p, i + 1)
            guard i == n else { throw .malformed("unexpected text after the object", i) }
            return
        }
    }

    /// The key whose text starts at `start`, the `place`th of its row, when it is one seen at that place in
    /// the rows before: its slot (nil: a field the schema does not know) and where its string ends. The
    /// remembered bytes are compared in place, followed by the closing quote, without scanning the string
    /// first: a remembered key holds no quote, backslash or control character (it was read without
    /// escapes), so those bytes and a quote are the whole string; and it is ASCII.
    @inline(__always)
    private func knownKey(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, place: Int) -> (slot: Int?, next: Int)? {
        guard place < Self.cachedKeys, let base = p.baseAddress else { return nil }
        let first = place * Self.ways
        for way in first..<(first + Self.ways) {
            let k = keyLength[way]
            guard k >= 0, start + k < p.count, p[start + k] == UInt8(ascii: "\"") else { continue }
            if keyBytes.withUnsafeBufferPointer({ ByteHash.equal($0.baseAddress! + way * Self.cachedKeyBytes, base + start, k) }) {
                let s = keySlot[way]
                return (s >= 0 ? s : nil, start + k + 1)
            }
        }
        return nil
    }

    /// The slot of the unescaped key at `p`, the `place`th of its row: a key seen at that place in the rows
    /// before when the bytes are the same, else looked up (and remembered in place of the older of the two).
    @inline(__always)
    private mutating func keySlot(_ p: UnsafePointer<UInt8>, _ n: Int, place: Int) -> Int? {
        guard place < Self.cachedKeys, n <= Self.cachedKeyBytes else { return schema.slot(p, n) }
        let first = place * Self.ways
        for way in first..<(first + Self.ways) where keyLength[way] == n {
            if keyBytes.withUnsafeBufferPointer({ ByteHash.equal($0.baseAddress! + way * Self.cachedKeyBytes, p, n) }) {
                let s = keySlot[way]
                return s >= 0 ? s : nil
            }
        }
        let slot = schema.slot(p, n)
        // Only ASCII keys are remembered: a key matched in place is not scanned (see `read`).
        for k in 0..<n where p[k] >= 0x80 { return slot }
        // The newer key goes first; the one it displaces becomes the older.
        let at = first * Self.cachedKeyBytes
        keyBytes.withUnsafeMutableBufferPointer { b in
            for k in 0..<Self.cachedKeyBytes { b[at + Self.cachedKeyBytes + k] = b[at + k] }
            for k in 0..<n { b[at + k] = p[k] }
        }
        keyLength[first + 1] = keyLength[first]
        keySlot[first + 1] = keySlot[first]
        keyLength[first] = n
        keySlot[first] = slot ?? -1
        return slot
    }

    private mutating func parseValue(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, slot: Int, _ row: inout SampleRow) throws(Failure) -> Int {
        let n = p.count
        guard start < n else { throw .malformed("expected a value", start) }
        let c = p[start]
        switch c {
        case UInt8(ascii: "\""):
            let s = try scanString(p, start)
            let kind = schema.kinds[slot]
            if kind.isText {
                row.setText(kind, TextRef(start: s.start, end: s.end, encoding: s.escaped ? .jsonEscaped : .raw))
                return s.next
            }
            let e: RowError?
            if s.escaped {
                decodeIntoScratch(p, s)
                e = scratch.withUnsafeBufferPointer { schema.nulError($0, slot: slot) ?? schema.assignText($0, slot: slot, csv: false, row: &row) }
            } else {
                e = schema.assignText(UnsafeBufferPointer(rebasing: p[s.start..<s.end]), slot: slot, csv: false, row: &row)
            }
            if let e { throw .row(e) }
            return s.next
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            var i = start
            if p[i] == UInt8(ascii: "-") { i += 1 }
            let digitsStart = i
            while i < n && p[i] >= UInt8(ascii: "0") && p[i] <= UInt8(ascii: "9") { i += 1 }
            guard i > digitsStart else { throw .malformed("expected a number", start) }
            var integral = true
            if i < n && p[i] == UInt8(ascii: ".") {
                integral = false
                i += 1
                let f = i
                while i < n && p[i] >= UInt8(ascii: "0") && p[i] <= UInt8(ascii: "9") { i += 1 }
                guard i > f else { throw .malformed("expected digits after `.`", i) }
            }
            if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
                integral = false
                i += 1
                if i < n && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
                let f = i
                while i < n && p[i] >= UInt8(ascii: "0") && p[i] <= UInt8(ascii: "9") { i += 1 }
                guard i > f else { throw .malformed("expected an exponent", i) }
            }
            let text = UnsafeBufferPointer(rebasing: p[start..<i])
            if schema.kinds[slot] == .id || schema.kinds[slot] == .duration {
                row.setText(schema.kinds[slot], TextRef(start: start, end: i, encoding: .raw))
                return i
            }
            guard integral, let v = SampleSchema.parseInt(text) else {
                throw .row(schema.invalid(slot, SampleSchema.string(text), "must be an integer"))
            }
            if let e = schema.assignInt(v, slot: slot, row: &row) { throw .row(e) }
            return i
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            let v = c == UInt8(ascii: "t")
            let word: StaticString = v ? "true" : "false"
            let end = try expectWord(p, start, word)
            if schema.kinds[slot] == .id {
                row.id = TextRef(start: start, end: end, encoding: .raw)
                return end
            }
            if let e = schema.assignBool(v, slot: slot, row: &row) { throw .row(e) }
            return end
        case UInt8(ascii: "n"):
            // null: the field is missing.
            return try expectWord(p, start, "null")
        case UInt8(ascii: "["):
            return try parseArray(p, start, slot: slot, &row)
        case UInt8(ascii: "{"):
            _ = try skipValue(p, start, depth: 0)
            throw .row(schema.invalid(slot, "{...}", "must not be an object"))
        default:
            throw .malformed("expected a value", start)
        }
    }

    /// A JSON array of strings: a set input's members or a `path`.
    private mutating func parseArray(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, slot: Int, _ row: inout SampleRow) throws(Failure) -> Int {
        let n = p.count
        let isPath = schema.kinds[slot] == .path
        var isSet = false
        if schema.valueKinds[slot] == .set { isSet = true }
        guard isPath || isSet else {
            _ = try skipValue(p, start, depth: 0)
            throw .row(schema.invalid(slot, "[...]", "must not be a list"))
        }
        if isPath { row.hasPath = true } else { schema.beginSet(slot: slot, row: &row) }
        var i = skipSpace(p, start + 1)
        if i < n && p[i] == UInt8(ascii: "]") { return i + 1 }
        while true {
            guard i < n, p[i] == UInt8(ascii: "\"") else {
                if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "t") || p[i] == UInt8(ascii: "f") || p[i] == UInt8(ascii: "n") || (p[i] >= 48 && p[i] <= 57)) {
                    _ = try skipValue(p, start, depth: 0)
                    throw .row(schema.invalid(slot, "[...]", "must be a list of strings"))
                }
                throw .malformed("expected a string in the list", i)
            }
            let s = try scanString(p, i)
            let e: RowError?
            if s.escaped {
                let bytes = Self.unescape(UnsafeBufferPointer(rebasing: p[s.start..<s.end]))
                e = bytes.withUnsafeBufferPointer { [schema] b in
                    schema.nulError(b, slot: slot) ?? (isPath ? schema.appendPathNode(b, slot: slot, row: &row) : schema.addSetMember(b, slot: slot, row: &row))
                }
            } else {
                let b = UnsafeBufferPointer(rebasing: p[s.start..<s.end])
                e = isPath ? schema.appendPathNode(b, slot: slot, row: &row) : schema.addSetMember(b, slot: slot, row: &row)
            }
            if let e { throw .row(e) }
            i = skipSpace(p, s.next)
            guard i < n else { throw .malformed("unterminated list", i) }
            if p[i] == UInt8(ascii: ",") {
                i = skipSpace(p, i + 1)
                continue
            }
            guard p[i] == UInt8(ascii: "]") else { throw .malformed("expected `,` or `]`", i) }
            return i + 1
        }
    }

    // MARK: - Tokens

    struct StringToken {
        var start: Int
        var end: Int
        var next: Int
        var escaped: Bool
    }

    @inline(__always)
    private func skipSpace(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < p.count {
            let c = p[i]
            guard c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A else { break }
            i += 1
        }
        return i
    }

    /// The string starting at the quote at `start`; content is `[start, end)`.
    @inline(__always)
    private mutating func scanString(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) throws(Failure) -> StringToken {
        var i = start + 1
        var escaped = false
        let n = p.count
        // `p` holds the opening quote, so it has a base address.
        let raw = UnsafeRawPointer(p.baseAddress!)
        while i < n {
            // Eight bytes at a time, to the first quote, backslash, control character or byte from 0x80 up.
            while i + 8 <= n {
                let m = Self.specialBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if m != 0 {
                    i += m.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            guard i < n else { break }
            let c = p[i]
            if c == UInt8(ascii: "\"") { return StringToken(start: start + 1, end: i, next: i + 1, escaped: escaped) }
            if c == UInt8(ascii: "\\") {
                escaped = true
                i += 2
                continue
            }
            if c < 0x20 { throw .malformed("control character in a string", i) }
            if c >= 0x80 { highBytes = true }
            i += 1
        }
        throw .malformed("unterminated string", start)
    }

    /// The eight bytes of `w` (little-endian: the first in the low bits) that are `"`, `\\`, below 0x20 or
    /// from 0x80 up, as their high bits; 0 if none is. The bit tricks that find a zero byte in a word: the lowest flagged
    /// byte is always the first such byte (a borrow can flag bytes only above a true one).
    @inline(__always)
    static func specialBytes(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
        let zeroInQuote = (quote &- ones) & ~quote
        let zeroInBackslash = (backslash &- ones) & ~backslash
        let control = (w &- ones &* 0x20) & ~w
        return (zeroInQuote | zeroInBackslash | control | w) & highs
    }

    private func expectWord(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) throws(Failure) -> Int {
        let w = word.utf8Start
        let count = word.utf8CodeUnitCount
        guard start + count <= p.count, let base = p.baseAddress else { throw .malformed("expected a value", start) }
        // `true`, `null` and the first four bytes of `false` compare as one word.
        let raw = UnsafeRawPointer(base + start), expected = UnsafeRawPointer(w)
        if count >= 4, raw.loadUnaligned(as: UInt32.self) == expected.loadUnaligned(as: UInt32.self) {
            for k in 4..<count where raw.load(fromByteOffset: k, as: UInt8.self) != w[k] { throw .malformed("expected a value", start) }
            return start + count
        }
        for k in 0..<count where p[start + k] != w[k] { throw .malformed("expected a value", start) }
        return start + count
    }

    /// Skips any JSON value (for fields the schema does not know).
    private mutating func skipValue(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, depth: Int) throws(Failure) -> Int {
        guard depth < 64 else { throw .malformed("nesting too deep", start) }
        let n = p.count
        guard start < n else { throw .malformed("expected a value", start) }
        switch p[start] {
        case UInt8(ascii: "\""):
            return try scanString(p, start).next
        case UInt8(ascii: "t"): return try expectWord(p, start, "true")
        case UInt8(ascii: "f"): return try expectWord(p, start, "false")
        case UInt8(ascii: "n"): return try expectWord(p, start, "null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            var i = start + 1
            while i < n {
                let c = p[i]
                guard (c >= 48 && c <= 57) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") else { break }
                i += 1
            }
            return i
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let object = p[start] == UInt8(ascii: "{")
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var i = skipSpace(p, start + 1)
            if i < n && p[i] == close { return i + 1 }
            while true {
                if object {
                    guard i < n, p[i] == UInt8(ascii: "\"") else { throw .malformed("expected a field name", i) }
                    i = skipSpace(p, try scanString(p, i).next)
                    guard i < n, p[i] == UInt8(ascii: ":") else { throw .malformed("expected `:`", i) }
                    i = skipSpace(p, i + 1)
                }
                i = skipSpace(p, try skipValue(p, i, depth: depth + 1))
                guard i < n else { throw .malformed("unterminated value", i) }
                if p[i] == UInt8(ascii: ",") {
                    i = skipSpace(p, i + 1)
                    continue
                }
                guard p[i] == close else { throw .malformed(object ? "expected `,` or `}`" : "expected `,` or `]`", i) }
                return i + 1
            }
        default:
            throw .malformed("expected a value", start)
        }
    }

    // MARK: - Escapes

    private func decode(_ p: UnsafeBufferPointer<UInt8>, _ s: StringToken) -> String {
        String(decoding: Self.unescape(UnsafeBufferPointer(rebasing: p[s.start..<s.end])), as: UTF8.self)
    }

    private mutating func decodeIntoScratch(_ p: UnsafeBufferPointer<UInt8>, _ s: StringToken) {
        scratch = Self.unescape(UnsafeBufferPointer(rebasing: p[s.start..<s.end]))
    }

    /// The bytes a JSON string's content stands for; bad escapes are kept as written.
    static func unescape(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= b.count else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = b[at + k]
                let d: UInt8
                switch c {
                case 48...57: d = c - 48
                case 65...70: d = c - 55
                case 97...102: d = c - 87
                default: return nil
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        func append(_ scalar: UInt32) {
            let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        while i < b.count {
            let c = b[i]
            guard c == UInt8(ascii: "\\"), i + 1 < b.count else {
                out.append(c)
                i += 1
                continue
            }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard let u = hex4(i) else { out.append(contentsOf: [0x5C, e]); continue }
                i += 4
                if u >= 0xD800 && u < 0xDC00, i + 6 <= b.count, b[i] == 0x5C, b[i + 1] == UInt8(ascii: "u"), let lo = hex4(i + 2), lo >= 0xDC00 && lo < 0xE000 {
                    i += 6
                    append(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00))
                } else {
                    append(u)
                }
            default: out.append(e)
            }
        }
        return out
    }
}

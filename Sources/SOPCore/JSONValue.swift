/// A JSON document with ordered object keys, rendered deterministically.
///
/// Reports build one of these and render it; keys keep the order they were written in, so output is
/// byte-identical from run to run and reads in a sensible order (`diagnostics` before `summary`).
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// Rendered with up to `fractionDigits` digits after the point, trailing zeros removed.
    case double(Double, fractionDigits: Int = 6)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// Renders the value; `indent` > 0 pretty-prints with that many spaces per level (`JSONWriter`).
    public func rendered(indent: Int = 2) -> String {
        var writer = JSONWriter(indent: indent)
        writer.value(self)
        return writer.text
    }

    static func format(_ d: Double, _ digits: Int) -> String {
        guard d.isFinite else { return "null" }
        // Fixed-point by integer arithmetic so the text never depends on the platform's float formatting.
        var scale = 1.0
        for _ in 0..<max(0, min(digits, 15)) { scale *= 10 }
        let scaled = (abs(d) * scale).rounded()
        guard scaled < 9.0e15 else { return String(d) }
        let n = Int(scaled), s = Int(scale)
        var text = (d < 0 && n != 0 ? "-" : "") + String(n / s)
        var fraction = String(n % s)
        if s > 1 {
            fraction = String(repeating: "0", count: max(0, String(s).count - 1 - fraction.count)) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if !fraction.isEmpty { text += "." + fraction }
        }
        return text
    }

    /// Writes `s` as a JSON string literal, escaping quotes, backslashes and control characters (the
    /// one rule, `JSONWriter.appendString`).
    public static func writeString(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 2)
        JSONWriter.appendString(s, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}

extension Value {
    /// The value as JSON: booleans, numbers, strings, and arrays of strings for sets.
    public var json: JSONValue {
        switch self {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        case .set(let members): return .array(members.map { .string($0) })
        }
    }
}

extension Witness {
    /// `{"input": value, ...}` in declaration order.
    public var json: JSONValue {
        .object(entries.map { ($0.input, $0.value.json) })
    }

    /// `{"text": "a > b > c", "steps": [{"node": "a", "branch": 0, "label": "x > 1", "first_match": null}, ...]}`:
    /// the path in decision-path spelling, then each decision; `first_match` names the earlier branch
    /// that also holds where the step is not the first matching one.
    public var pathJSON: JSONValue {
        .object([
            ("text", .string(pathText)),
            ("steps", .array(path.map { step in
                .object([
                    ("node", .string(step.node)),
                    ("branch", .int(step.branch)),
                    ("label", .string(step.label)),
                    ("first_match", step.firstMatch.map { .string($0) } ?? .null),
                ])
            })),
        ])
    }
}

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

    /// Renders the value; `indent` > 0 pretty-prints with that many spaces per level.
    public func rendered(indent: Int = 2) -> String {
        var out = ""
        write(to: &out, indent: indent, level: 0)
        return out
    }

    private func write(to out: inout String, indent: Int, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d, let digits): out += Self.format(d, digits)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                item.write(to: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent, level)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent, level + 1)
                Self.writeString(key, to: &out)
                out += indent > 0 ? ": " : ":"
                value.write(to: &out, indent: indent, level: level + 1)
            }
            Self.newline(&out, indent, level)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int, _ level: Int) {
        guard indent > 0 else { return }
        out += "\n"
        out += String(repeating: " ", count: indent * level)
    }

    private static func format(_ d: Double, _ digits: Int) -> String {
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

    /// Writes `s` as a JSON string literal, escaping quotes, backslashes and control characters.
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
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

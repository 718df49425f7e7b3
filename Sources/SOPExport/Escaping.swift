import Foundation
import SOPCore

/// How user text (titles, questions, guidance, ids) is made inert in each output format. Every exporter
/// writes user text only through these.
enum Escape {
    /// `s` with each scalar `replace` maps replaced (`nil` keeps it). Every rule below replaces ASCII
    /// characters only, so it runs over the UTF-8 bytes (`ByteEscapes`).
    private static func mapping(_ s: String, _ replace: (Unicode.Scalar) -> String?) -> String {
        ByteEscapes(replace).apply(s)
    }

    /// Text inside HTML elements and double-quoted attributes: the one HTML rule, `HTMLText.escape`.
    static func html(_ s: String) -> String { HTMLText.escape(s) }

    // JSON placed inside a `<script>` element is written by `JSONWriter` with `inertInHTML` (SOPCore): the
    // one JSON string rule, which then also escapes `<`, `>`, `&`, U+2028 and U+2029.

    /// Markdown text outside code spans: Markdown punctuation backslash-escaped, `<` and `&` as entities
    /// (GitHub would otherwise read raw HTML), line breaks as spaces.
    static func markdown(_ s: String) -> String { markdownTable.apply(s) }
    private static let markdownTable = ByteEscapes { c in
            switch c {
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "&": return "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "|", "!", "{", "}", "~", "$": return "\\" + String(c)
            case "\n", "\r": return " "
            default: return nil
            }
    }

    /// A code span: backticks fenced by one more than the longest backtick run inside.
    static func markdownCode(_ s: String, inTable: Bool = false) -> String {
        var flat = String(s.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        if inTable { flat = flat.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0, run = 0
        for c in flat {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// Markdown prose as written in a SOP: balanced backtick spans kept as code (SOP authors use them
    /// for values), everything else escaped.
    static func markdownProse(_ s: String, inTable: Bool = false) -> String {
        var out = ""
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "`") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "`"), close > after else { break }
            out += markdown(String(rest[..<open])) + markdownCode(String(rest[after..<close]), inTable: inTable)
            rest = rest[rest.index(after: close)...]
        }
        return out + markdown(String(rest))
    }

    /// A DOT double-quoted string's contents: `\` and `"` escaped, line breaks as `\n`.
    static func dot(_ s: String) -> String { dotTable.apply(s) }
    private static let dotTable = ByteEscapes { c in
            switch c {
            case "\\": return "\\\\"
            case "\"": return "\\\""
            case "\n": return "\\n"
            case "\r": return ""
            default: return nil
            }
    }

    /// A Mermaid quoted label's contents: quotes, `#`, `<`, `>`, `&` and the characters Mermaid reads as
    /// markup as entity codes (`#quot;`), line breaks as spaces.
    static func mermaid(_ s: String) -> String { mermaidTable.apply(s) }
    private static let mermaidTable = ByteEscapes { c in
            switch c {
            case "\"": return "#quot;"
            case "#": return "#35;"
            case "<": return "#lt;"
            case ">": return "#gt;"
            case "&": return "#amp;"
            case "`": return "#96;"
            case "|": return "#124;"
            case "\n", "\r", ";": return c == ";" ? "#59;" : " "
            default: return nil
            }
    }

    /// GIFT text: HTML-escaped (questions are `[html]`), then GIFT's control characters backslash-escaped.
    static func gift(_ s: String) -> String {
        var out: [UInt8] = []
        gift(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The same, appended to a byte buffer.
    static func gift(_ s: String, into out: inout [UInt8]) {
        giftMarkup(html(s), into: &out)
    }

    /// HTML already escaped (markup of our own around escaped user text) made safe for GIFT: `&#39;` back
    /// to `'`, `~=#{}:\` backslash-escaped, line breaks as spaces.
    static func giftMarkup(_ html: String) -> String {
        var out: [UInt8] = []
        giftMarkup(html, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func giftMarkup(_ html: String, into out: inout [UInt8]) {
        let apostrophe = Array("&#39;".utf8)
        var html = html
        html.withUTF8 { u in
            var start = 0, i = 0
            while i < u.count {
                if u[i] == UInt8(ascii: "&"), i + apostrophe.count <= u.count, apostrophe.indices.allSatisfy({ u[i + $0] == apostrophe[$0] }) {
                    giftTable.append(UnsafeBufferPointer(rebasing: u[start..<i]), to: &out)
                    out.append(UInt8(ascii: "'"))
                    i += apostrophe.count
                    start = i
                } else {
                    i += 1
                }
            }
            giftTable.append(UnsafeBufferPointer(rebasing: u[start..<u.count]), to: &out)
        }
    }

    private static let giftTable = ByteEscapes { c in
        switch c {
        case "~", "=", "#", "{", "}", ":", "\\": return "\\" + String(c)
        case "\n", "\r": return " "
        default: return nil
        }
    }

    /// A standard SQL string literal (DuckDB, Postgres): quotes doubled, backslashes literal.
    static func sqlString(_ s: String) -> String {
        "'" + mapping(s) { $0 == "'" ? "''" : nil } + "'"
    }

    /// A string literal for engines that read backslash escapes inside quotes (Spark, BigQuery).
    static func sqlBackslashString(_ s: String) -> String {
        "'" + mapping(s) { c in
            switch c {
            case "\\": return "\\\\"
            case "'": return "\\'"
            case "\n": return "\\n"
            case "\r": return "\\r"
            case "\t": return "\\t"
            default: return nil
            }
        } + "'"
    }

    /// A SQL identifier quoted with `quote` (`"` or a backtick), the quote inside doubled.
    static func sqlIdentifier(_ s: String, quote: Unicode.Scalar) -> String {
        String(quote) + mapping(s) { $0 == quote ? String(quote) + String(quote) : nil } + String(quote)
    }
}

/// A per-format escaping table over UTF-8 bytes: a replacement for some ASCII characters; every other
/// byte, and so every non-ASCII character, is copied as it is. Runs without replacements are copied whole.
struct ByteEscapes: Sendable {
    private let table: [[UInt8]?]

    /// `replace` gives the replacement of an ASCII character, or nil to keep it.
    init(_ replace: (Unicode.Scalar) -> String?) {
        table = (0..<128).map { b in replace(Unicode.Scalar(UInt8(b))).map { Array($0.utf8) } }
    }

    func apply(_ s: String) -> String {
        var out: [UInt8] = []
        append(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { append($0, to: &out) }
    }

    func append(_ u: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + u.count)
        var start = 0
        for i in 0..<u.count {
            let b = u[i]
            guard b < 128, let r = table[Int(b)] else { continue }
            if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i])) }
            out.append(contentsOf: r)
            start = i + 1
        }
        if start < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<u.count])) }
    }
}

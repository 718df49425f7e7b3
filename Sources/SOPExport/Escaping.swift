import Foundation
import SOPCore

/// How user text (titles, questions, guidance, ids) is made inert in each output format. Every exporter
/// writes user text only through these.
enum Escape {
    /// `s` with each scalar `replace` maps replaced (`nil` keeps it).
    private static func mapping(_ s: String, _ replace: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            if let r = replace(c) { out += r } else { out.unicodeScalars.append(c) }
        }
        return out
    }

    /// Text inside HTML elements and double-quoted attributes: the one HTML rule, `HTMLText.escape`.
    static func html(_ s: String) -> String { HTMLText.escape(s) }

    /// JSON placed inside a `<script>` element: `<`, `>` and `&` as `\u` escapes, so neither `</script>`
    /// nor `<!--` can appear, and the text stays valid JSON.
    static func scriptJSON(_ json: String) -> String {
        mapping(json) { c in
            switch c {
            case "<": return "\\u003c"
            case ">": return "\\u003e"
            case "&": return "\\u0026"
            case "\u{2028}": return "\\u2028"
            case "\u{2029}": return "\\u2029"
            default: return nil
            }
        }
    }

    /// Markdown text outside code spans: Markdown punctuation backslash-escaped, `<` and `&` as entities
    /// (GitHub would otherwise read raw HTML), line breaks as spaces.
    static func markdown(_ s: String) -> String {
        mapping(s) { c in
            switch c {
            case "<": return "&lt;"
            case ">": return "&gt;"
            case "&": return "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "|", "!", "{", "}", "~", "$": return "\\" + String(c)
            case "\n", "\r": return " "
            default: return nil
            }
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
    static func dot(_ s: String) -> String {
        mapping(s) { c in
            switch c {
            case "\\": return "\\\\"
            case "\"": return "\\\""
            case "\n": return "\\n"
            case "\r": return ""
            default: return nil
            }
        }
    }

    /// A Mermaid quoted label's contents: quotes, `#`, `<`, `>`, `&` and the characters Mermaid reads as
    /// markup as entity codes (`#quot;`), line breaks as spaces.
    static func mermaid(_ s: String) -> String {
        mapping(s) { c in
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
    }

    /// GIFT text: HTML-escaped (questions are `[html]`), then GIFT's control characters backslash-escaped.
    static func gift(_ s: String) -> String {
        mapping(html(s).replacingOccurrences(of: "&#39;", with: "'")) { c in
            switch c {
            case "~", "=", "#", "{", "}", ":", "\\": return "\\" + String(c)
            case "\n", "\r": return " "
            default: return nil
            }
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


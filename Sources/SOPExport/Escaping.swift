import Foundation

/// How user text (titles, questions, guidance, ids) is made inert in each output format. Every exporter
/// writes user text only through these.
enum Escape {
    /// Text inside HTML elements and double-quoted attributes.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// JSON placed inside a `<script>` element: `<`, `>` and `&` as `\u` escapes, so neither `</script>`
    /// nor `<!--` can appear, and the text stays valid JSON.
    static func scriptJSON(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for c in json.unicodeScalars {
            switch c {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Markdown text outside code spans: Markdown punctuation backslash-escaped, `<` and `&` as entities
    /// (GitHub would otherwise read raw HTML), line breaks as spaces.
    static func markdown(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "_", "[", "]", "#", "|", "!", "{", "}", "~", "$": out += "\\" + String(c)
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
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
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": break
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A Mermaid quoted label's contents: quotes, `#`, `<`, `>`, `&` and the characters Mermaid reads as
    /// markup as entity codes (`#quot;`), line breaks as spaces.
    static func mermaid(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "&": out += "#amp;"
            case "`": out += "#96;"
            case "|": out += "#124;"
            case "\n", "\r", ";": out += c == ";" ? "#59;" : " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// GIFT text: HTML-escaped (questions are `[html]`), then GIFT's control characters backslash-escaped.
    static func gift(_ s: String) -> String {
        var out = ""
        for c in html(s).replacingOccurrences(of: "&#39;", with: "'").unicodeScalars {
            switch c {
            case "~", "=", "#", "{", "}", ":", "\\": out += "\\" + String(c)
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}


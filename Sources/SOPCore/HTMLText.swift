/// Text placed in HTML: the one escaping rule every HTML output uses.
public enum HTMLText {
    /// `s` with `&`, `<`, `>`, `"` and `'` escaped, safe in element content and in quoted attributes.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and line break are shown as their control pictures (U+2400…).
                if c.value < 0x20 && c != "\t" && c != "\n" {
                    out.unicodeScalars.append(Unicode.Scalar(0x2400 + c.value)!)
                } else if c.value == 0x7F {
                    out += "\u{2421}"
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }
}

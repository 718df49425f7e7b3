import Foundation

/// A small document model the handbook is built in, rendered to Markdown or HTML by the renderers below,
/// so the handbook says the same thing in both formats. User text stays raw here; each renderer escapes it.
struct Document {
    enum Inline {
        /// Plain user text.
        case text(String)
        /// SOP prose as authored: backtick spans are code.
        case prose(String)
        case code(String)
        case strong([Inline])
        /// A place in this document (`#anchor`).
        case anchor([Inline], String)
        /// Another SOP's page.
        case sop([Inline], String)
    }

    struct Item {
        var text: [Inline]
        var children: [Item] = []
        var ordered = false
    }

    enum Block {
        case heading(Int, [Inline], anchor: String?)
        case paragraph([Inline])
        case list([Item], ordered: Bool)
        case table(header: [String], rows: [[[Inline]]])
        /// A diagram in Mermaid; HTML shows its own diagram instead.
        case mermaid(String)
    }

    var blocks: [Block] = []

    mutating func add(_ b: Block) { blocks.append(b) }

    /// An anchor name safe in both formats: letters, digits, `-` and `_`; anything else becomes `-`.
    static func anchor(_ kind: String, _ id: String) -> String {
        kind + "-" + String(id.unicodeScalars.map { c -> Character in
            (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) || c == "_" || c == "-" ? Character(c) : "-"
        })
    }
}

// MARK: - Markdown

extension Document {
    func markdown() -> String {
        var out = ""
        for b in blocks {
            switch b {
            case .heading(let level, let text, let anchor):
                if let anchor { out += "<a id=\"\(anchor)\"></a>\n\n" }
                out += String(repeating: "#", count: level) + " " + Self.md(text) + "\n\n"
            case .paragraph(let text):
                out += Self.md(text) + "\n\n"
            case .list(let items, let ordered):
                Self.mdList(items, ordered: ordered, depth: 0, into: &out)
                out += "\n"
            case .table(let header, let rows):
                out += "| " + header.map { Escape.markdown($0) }.joined(separator: " | ") + " |\n"
                out += "|" + String(repeating: "---|", count: header.count) + "\n"
                for r in rows { out += "| " + r.map { Self.md($0, inTable: true) }.joined(separator: " | ") + " |\n" }
                out += "\n"
            case .mermaid(let text):
                out += "```mermaid\n" + text + "```\n\n"
            }
        }
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    private static func mdList(_ items: [Item], ordered: Bool, depth: Int, into out: inout String) {
        let indent = String(repeating: "  ", count: depth * (ordered ? 2 : 1))
        for (i, item) in items.enumerated() {
            out += indent + (ordered ? "\(i + 1). " : "- ") + md(item.text) + "\n"
            mdList(item.children, ordered: item.ordered, depth: depth + 1, into: &out)
        }
    }

    static func md(_ inlines: [Inline], inTable: Bool = false) -> String {
        inlines.map { md($0, inTable: inTable) }.joined()
    }

    private static func md(_ i: Inline, inTable: Bool) -> String {
        switch i {
        case .text(let s): return Escape.markdown(s)
        case .prose(let s): return Escape.markdownProse(trimmed(s), inTable: inTable)
        case .code(let s): return Escape.markdownCode(s, inTable: inTable)
        case .strong(let inner): return "**" + md(inner, inTable: inTable) + "**"
        case .anchor(let inner, let a): return "[" + md(inner, inTable: inTable) + "](#" + a + ")"
        case .sop(let inner, let name): return "[" + md(inner, inTable: inTable) + "](" + Self.pageName(name) + ")"
        }
    }

    /// The Markdown page of a SOP, as `sopc export --format markdown -o DIR/` names it.
    static func pageName(_ sop: String) -> String {
        anchor("sop", sop).dropFirst(4) + ".md"
    }
}

// MARK: - HTML

extension Document {
    func html() -> String {
        var out = ""
        for b in blocks {
            switch b {
            case .heading(let level, let text, let anchor):
                let l = min(6, level + 1)
                out += "<h\(l)" + (anchor.map { " id=\"\(Escape.html($0))\"" } ?? "") + ">" + Self.html(text) + "</h\(l)>\n"
            case .paragraph(let text):
                out += "<p>" + Self.html(text) + "</p>\n"
            case .list(let items, let ordered):
                Self.htmlList(items, ordered: ordered, into: &out)
            case .table(let header, let rows):
                out += "<table><thead><tr>" + header.map { "<th>" + Escape.html($0) + "</th>" }.joined() + "</tr></thead><tbody>\n"
                for r in rows { out += "<tr>" + r.map { "<td>" + Self.html($0) + "</td>" }.joined() + "</tr>\n" }
                out += "</tbody></table>\n"
            case .mermaid:
                break
            }
        }
        return out
    }

    private static func htmlList(_ items: [Item], ordered: Bool, into out: inout String) {
        out += ordered ? "<ol>" : "<ul>"
        for item in items {
            out += "<li>" + html(item.text)
            if !item.children.isEmpty { htmlList(item.children, ordered: item.ordered, into: &out) }
            out += "</li>"
        }
        out += ordered ? "</ol>\n" : "</ul>\n"
    }

    static func html(_ inlines: [Inline]) -> String {
        inlines.map(html).joined()
    }

    private static func html(_ i: Inline) -> String {
        switch i {
        case .text(let s): return Escape.html(s)
        case .prose(let s): return prose(trimmed(s))
        case .code(let s): return "<code>" + Escape.html(s) + "</code>"
        case .strong(let inner): return "<strong>" + html(inner) + "</strong>"
        case .anchor(let inner, let a): return "<a href=\"#" + Escape.html(a) + "\">" + html(inner) + "</a>"
        case .sop(let inner, let name): return "<a href=\"#" + Escape.html(anchor("sop", name)) + "\">" + html(inner) + "</a>"
        }
    }

    static func trimmed(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func prose(_ s: String) -> String {
        var out = ""
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "`") {
            let after = rest.index(after: open)
            guard let close = rest[after...].firstIndex(of: "`"), close > after else { break }
            out += Escape.html(String(rest[..<open])) + "<code>" + Escape.html(String(rest[after..<close])) + "</code>"
            rest = rest[rest.index(after: close)...]
        }
        return out + Escape.html(String(rest))
    }
}

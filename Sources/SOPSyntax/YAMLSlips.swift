import SOPCore

/// Help for libyaml's errors written for SOP authors: libyaml says what its scanner met ("found
/// character that cannot start any token"); the common slips behind those words are a tab, a colon
/// without a space after it, and a guard that starts with a quoted word (`when: 'a' in flags`). Each hint
/// is given only when the line at the error (or where libyaml started the token) shows that slip.
enum YAMLSlips {
    /// The help for libyaml's `problem` at `at` (with the place its `context` started), or nil.
    static func help(problem: String, at: SourceLocation, context: SourceLocation?, source: SourceText) -> String? {
        let lines = [at.line, context?.line].compactMap { $0 }.map { source.lineText($0) }
        if lines.contains(where: { $0.contains("\t") }) && (problem.contains("tab") || problem.contains("cannot start any token") || problem.contains("expected")) {
            return "the line holds a tab: YAML indents with spaces only; replace the tab with spaces"
        }
        for line in lines {
            if let fix = missingSpace(line) {
                return "a key's colon needs a space after it: write `\(fix)`"
            }
        }
        for line in lines {
            if let fix = partlyQuoted(line) {
                return "the value ends at its closing quote, so the rest of the line is left over; quote the whole guard: `\(fix)`"
            }
        }
        return nil
    }

    /// `text` without the spaces and tabs at its end.
    static func trimmed(_ text: Substring) -> String {
        String(text[..<(text.lastIndex { $0 != " " && $0 != "\t" }.map(text.index(after:)) ?? text.startIndex)])
    }

    /// `start:intake` → `start: intake` (a plain key, a colon, then text with no space between).
    static func missingSpace(_ line: String) -> String? {
        guard let m = line.wholeMatch(of: /(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_.-]*):([^\s:\/].*)/) else { return nil }
        // `http://…` and times like `10:30` are values, not keys.
        return "\(m.output.2): \(trimmed(m.output.3))"
    }

    /// `when: 'a' in flags` → `when: "'a' in flags"`: a value that starts with a quote and goes on after
    /// the closing one.
    static func partlyQuoted(_ line: String) -> String? {
        guard let m = line.wholeMatch(of: /\s*(?:- )?([A-Za-z_][A-Za-z0-9_-]*):\s+((['"])[^'"]*\3\s+[^#\s].*)/) else { return nil }
        let key = String(m.output.1)
        let value = trimmed(m.output.2)
        let quote = m.output.3 == "'" ? "\"" : "'"
        guard !value.contains(quote) else { return nil }
        return "\(key): \(quote)\(value)\(quote)"
    }
}

extension SourceText {
    /// The text of 1-based line `line`, without its line break; empty past the end.
    func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

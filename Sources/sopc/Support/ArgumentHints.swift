import SOPCore

/// A did-you-mean for swift-argument-parser's "The value 'jsno' is invalid for '--format <format>'.
/// Please provide one of 'html', 'json' or 'text'." — every option whose values are a fixed list (an
/// enumeration or a `Choice`) gets its closest value named, in one place.
enum ArgumentHints {
    /// `message` with `; did you mean `VALUE`?` after its first line when the rejected value is close to
    /// one of the values listed; otherwise `message` unchanged.
    static func withSuggestion(_ message: String) -> String {
        guard let head = message.firstMatch(of: /The value '([^']*)' is invalid for '[^']*'\. Please provide one of/) else { return message }
        let rejected = String(head.output.1)
        let tail = message[head.range.upperBound...]
        let firstLineEnd = tail.firstIndex(of: "\n") ?? tail.endIndex
        var values = tail[..<firstLineEnd].matches(of: /'([^']*)'/).map { String($0.output.1) }
        // Six values or more are listed one per line: `  - value`.
        values += tail[firstLineEnd...].split(separator: "\n").prefix { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
        guard let suggestion = Spelling.suggestion(for: rejected, among: values) else { return message }
        // After the sentence, or after the list when the values are listed one per line.
        var lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var at = 0
        while at + 1 < lines.count, lines[at + 1].hasPrefix("  - ") { at += 1 }
        if at == 0 { lines[0] += " Did you mean `\(suggestion)`?" } else { lines.insert("Did you mean `\(suggestion)`?", at: at + 1) }
        return lines.joined(separator: "\n")
    }
}

/// A replacement of one source range by new text: the unit every fix is made of.
public struct TextEdit: Hashable, Sendable {
    /// The file and range to replace; an empty range inserts.
    public var span: SourceSpan
    public var text: String

    public init(_ span: SourceSpan, _ text: String) {
        self.span = span
        self.text = text
    }
}

/// A fix a diagnostic offers: `sopc check --fix` applies it, the JSON and SARIF outputs carry it, and an
/// editor offers it as a code action.
public struct FixIt: Hashable, Sendable {
    /// How sure the fix is to keep the author's intent.
    public enum Applicability: String, Hashable, Sendable {
        /// Applied by `--fix`: a did-you-mean rename, `else` for a guard that always holds.
        case safe
        /// Applied only with `--unsafe-fixes`: it removes something the author wrote, or adds a dependency
        /// (an import).
        case unsafe
        /// Shown, never applied automatically.
        case display
    }

    /// Imperative, lower-case: "replace `remove_contnet` with `remove_content`".
    public var title: String
    public var applicability: Applicability
    public var edits: [TextEdit]

    public init(_ title: String, _ applicability: Applicability, edits: [TextEdit]) {
        self.title = title
        self.applicability = applicability
        self.edits = edits
    }
}

extension FixIt {
    /// The safe fix for a did-you-mean: replace the name `old`, written at `span`, with `new`.
    ///
    /// The span may cover the name as written plain or inside one pair of quotes; only the name is
    /// replaced, so the quoting stays. When the span's byte length fits neither (an escaped or folded
    /// scalar), there is no fix: guessing would risk changing other bytes.
    public static func rename(_ span: SourceSpan, from old: String, to new: String) -> FixIt? {
        let length = span.range.end.offset - span.range.start.offset
        let nameLength = old.utf8.count
        var range = span.range
        if length == nameLength + 2 {
            // A quote is one byte and one column on each side.
            range.start.offset += 1
            range.start.column += 1
            range.end.offset -= 1
            range.end.column -= 1
        } else if length != nameLength || range.start.line != range.end.line {
            return nil
        }
        return FixIt("replace `\(old)` with `\(new)`", .safe, edits: [TextEdit(SourceSpan(file: span.file, range: range), new)])
    }
}

extension Spelling {
    /// The did-you-mean for `word`, written at `span`: the `help` text (the suggestion in backticks,
    /// quoted as an expression literal with `quote`) and the rename fix; nil when no candidate is close.
    public static func correction(for word: String, among candidates: some Sequence<String>, at span: SourceSpan, quote: Bool = false) -> (help: String, fixes: [FixIt])? {
        guard let suggestion = suggestion(for: word, among: candidates) else { return nil }
        let shown = quote ? "'\(suggestion)'" : suggestion
        return ("did you mean `\(shown)`?", FixIt.rename(span, from: word, to: suggestion).map { [$0] } ?? [])
    }
}

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
        /// Applied only with `--unsafe-fixes`: it removes something the author wrote.
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

/// The value of one input in a concrete case: what a witness shows and what a sample row carries.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    /// An enum value or a string.
    case string(String)
    /// The selected members of a `set` input, in the input's declared order.
    case set([String])

    /// The compact form used in witnesses: `true`, `3`, `"EU"`, `[2fa, email]`.
    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return "\"\(s)\""
        case .set(let members): return "[" + members.joined(separator: ", ") + "]"
        }
    }
}

/// A case that demonstrates a finding, and the path it takes to the node the finding is about.
///
/// `entries` name only the inputs that matter: those the decisions along the path read and those the
/// finding's own guards read, in the inputs' declaration order. Every other input may take any value.
public struct Witness: Hashable, Sendable, CustomStringConvertible {
    public struct Entry: Hashable, Sendable {
        public var input: String
        public var value: Value
        public init(input: String, value: Value) {
            self.input = input
            self.value = value
        }
    }

    /// One decision on the witness's path: the node, and the branch the case takes there.
    public struct Step: Hashable, Sendable {
        /// The node, named as a decision path names it.
        public var node: String
        /// The index of the branch taken in its node.
        public var branch: Int
        /// How the branch reads: its `when` text, `input == value` for a case, `else`.
        public var label: String
        /// Where the branch is written.
        public var span: SourceSpan?
        /// When the case also satisfies an earlier branch of this (ambiguous, exclusive) node, that
        /// branch's label: `sopc run` and `sopc replay` take the first matching branch, so they would
        /// leave the path here.
        public var firstMatch: String?

        public init(node: String, branch: Int, label: String, span: SourceSpan? = nil, firstMatch: String? = nil) {
            self.node = node
            self.branch = branch
            self.label = label
            self.span = span
            self.firstMatch = firstMatch
        }
    }

    public var entries: [Entry]
    /// The decisions from the SOP's start to the node of the finding; empty when the finding is at the start
    /// or the witness has no path.
    public var path: [Step]
    /// The path spelled as a decision path (the nodes taken, then the node of the finding); empty when
    /// the witness has no path.
    public var pathText: String

    public init(_ entries: [Entry], path: [Step] = [], pathText: String = "") {
        self.entries = entries
        self.path = path
        self.pathText = pathText
    }

    /// `user_verified=true, region="EU", account_age_days=3`; `(any case)` when no input matters.
    public var description: String {
        entries.isEmpty ? "(any case)" : entries.map { "\($0.input)=\($0.value)" }.joined(separator: ", ")
    }

    /// The branch taken at each step: ``verified: `user_verified`; tier: `else` (also matches `a > 1`,
    /// tested first)``; empty without steps.
    public var stepsDescription: String {
        path.map { step in
            var text = "\(step.node): `\(step.label)`"
            if let first = step.firstMatch { text += " (not the first match: `\(first)` holds too and comes first)" }
            return text
        }.joined(separator: "; ")
    }
}

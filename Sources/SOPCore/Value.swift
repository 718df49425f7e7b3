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

/// A complete assignment of inputs that demonstrates a finding, in the inputs' declaration order.
public struct Witness: Hashable, Sendable, CustomStringConvertible {
    public struct Entry: Hashable, Sendable {
        public var input: String
        public var value: Value
        public init(input: String, value: Value) {
            self.input = input
            self.value = value
        }
    }

    public var entries: [Entry]

    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    /// `user_verified=true, region="EU", account_age_days=3`
    public var description: String {
        entries.map { "\($0.input)=\($0.value)" }.joined(separator: ", ")
    }
}

/// The declared type of an input: its domain.
public enum InputType: Hashable, Sendable {
    case bool
    /// One of the listed values.
    case enumeration([String])
    /// An integer in `lower...upper`; an input declared without `range` spans all of `Int`.
    case int(lower: Int, upper: Int)
    /// Any subset of the listed values (a multi-select).
    case set([String])
    /// Free text, compared only for equality with literals.
    case string

    /// The name used in the language and in messages.
    public var name: String {
        switch self {
        case .bool: return "bool"
        case .enumeration: return "enum"
        case .int: return "int"
        case .set: return "set"
        case .string: return "string"
        }
    }

    /// The listed values of an enum or set input.
    public var values: [String]? {
        switch self {
        case .enumeration(let v), .set(let v): return v
        default: return nil
        }
    }

    /// Whether `value` lies in this type's domain.
    public func admits(_ value: Value) -> Bool {
        switch (self, value) {
        case (.bool, .bool): return true
        case (.enumeration(let values), .string(let s)): return values.contains(s)
        case (.int(let lo, let hi), .int(let i)): return lo <= i && i <= hi
        case (.set(let values), .set(let members)): return members.allSatisfy(values.contains)
        case (.string, .string): return true
        default: return false
        }
    }
}

import SOPCore

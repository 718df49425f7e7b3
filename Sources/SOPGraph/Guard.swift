import SOPCore

/// A literal in a guard, typed by the input it is compared with.
public enum Literal: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case string(String)

    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .string(let s): return "'\(s)'"
        }
    }

    public var value: Value {
        switch self {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        }
    }
}

/// A comparison operator between an input and a literal (`input OP literal`).
public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// The operator with its operands swapped: `3 < x` is `x > 3`.
    public var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: return self
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        }
    }

    /// The operator that holds exactly when this one does not.
    public var negated: ComparisonOperator {
        switch self {
        case .equal: return .notEqual
        case .notEqual: return .equal
        case .less: return .greaterOrEqual
        case .lessOrEqual: return .greater
        case .greater: return .lessOrEqual
        case .greaterOrEqual: return .less
        }
    }
}

/// A resolved, type-checked guard: the language of conditions every analysis reasons about.
///
/// Every atom compares one input with literals of that input's type; the compiler has already rejected
/// anything else (two inputs compared, a literal of the wrong type, an enum value not declared).
public indirect enum Guard: Hashable, Sendable {
    case constant(Bool)
    case not(Guard)
    case and([Guard])
    case or([Guard])
    /// `input OP literal`. Ordering operators only on int inputs; `==`/`!=` on bool, enum, int, string.
    case compare(InputID, ComparisonOperator, Literal)
    /// `input in [a, b, ...]` on an enum, int or string input.
    case oneOf(InputID, [Literal])
    /// `'member' in input` on a set input.
    case contains(InputID, String)

    public static let `true` = Guard.constant(true)
    public static let `false` = Guard.constant(false)

    /// Every input this guard reads, in first-use order.
    public var inputs: [InputID] {
        var seen: [InputID] = []
        func visit(_ g: Guard) {
            switch g {
            case .constant: break
            case .not(let inner): visit(inner)
            case .and(let parts), .or(let parts): parts.forEach(visit)
            case .compare(let id, _, _), .oneOf(let id, _), .contains(let id, _):
                if !seen.contains(id) { seen.append(id) }
            }
        }
        visit(self)
        return seen
    }
}

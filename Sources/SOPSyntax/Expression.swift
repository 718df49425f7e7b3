/// A span inside an expression's text, in Unicode scalars from its first character.
public struct TextRange: Hashable, Sendable {
    public var lower: Int
    public var upper: Int
    public init(_ lower: Int, _ upper: Int) {
        self.lower = lower
        self.upper = upper
    }
    public func union(_ other: TextRange) -> TextRange {
        TextRange(min(lower, other.lower), max(upper, other.upper))
    }
}

/// A literal as written in an expression.
public enum LiteralSyntax: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case string(String)
    case bool(Bool)

    public var description: String {
        switch self {
        case .int(let i): return String(i)
        // By bytes, as the tokenizer reads: a quote followed by a combining mark is one Character, and
        // `Character` comparison would miss it.
        case .string(let s): return s.utf8.contains(UInt8(ascii: "'")) ? "\"\(s)\"" : "'\(s)'"
        case .bool(let b): return b ? "true" : "false"
        }
    }
}

/// One side of a comparison or membership test.
public enum Operand: Hashable, Sendable, CustomStringConvertible {
    case identifier(String, TextRange)
    case literal(LiteralSyntax, TextRange)

    public var range: TextRange {
        switch self {
        case .identifier(_, let r), .literal(_, let r): return r
        }
    }

    public var description: String {
        switch self {
        case .identifier(let name, _): return name
        case .literal(let l, _): return l.description
        }
    }
}

/// The comparison operators as written.
public enum ComparisonSyntax: String, Hashable, Sendable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// A guard expression's syntax tree, every part with its range in the expression text.
///
/// `and` and `or` are n-ary: a chain `a or b or c` is one `.or` with three parts (never fewer than two),
/// so a long chain is a flat list, not a tree as deep as the chain is long. The parser bounds the depth
/// (`ExpressionParser.maximumDepth`), so every recursive walk over an expression is bounded too.
public indirect enum Expression: Hashable, Sendable {
    case or([Expression])
    case and([Expression])
    case not(Expression, TextRange)
    /// Parentheses are kept so ranges and printing stay faithful to the source.
    case group(Expression, TextRange)
    /// `true`, `false`, or a bare identifier (a bool input).
    case operand(Operand)
    case comparison(Operand, ComparisonSyntax, Operand, operatorRange: TextRange)
    /// `lhs [not] in [a, b]` or `lhs [not] in ident`.
    case membership(Operand, negated: Bool, MembershipTarget, operatorRange: TextRange)

    /// Where the expression sits in the text.
    public var range: TextRange {
        switch self {
        case .or(let parts), .and(let parts): return parts[0].range.union(parts[parts.count - 1].range)
        case .not(let e, let r): return e.range.union(r)
        case .group(_, let r): return r
        case .operand(let o): return o.range
        case .comparison(let a, _, let b, _): return a.range.union(b.range)
        case .membership(let a, _, let t, _): return a.range.union(t.range)
        }
    }
}

/// The right side of `in`.
public enum MembershipTarget: Hashable, Sendable {
    case list([(LiteralSyntax, TextRange)], TextRange)
    case identifier(String, TextRange)

    public var range: TextRange {
        switch self {
        case .list(_, let r), .identifier(_, let r): return r
        }
    }

    public static func == (a: MembershipTarget, b: MembershipTarget) -> Bool {
        switch (a, b) {
        case (.list(let x, let r1), .list(let y, let r2)):
            return r1 == r2 && x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.identifier(let x, let r1), .identifier(let y, let r2)):
            return x == y && r1 == r2
        default:
            return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .list(let items, let r):
            hasher.combine(r)
            for (l, lr) in items { hasher.combine(l); hasher.combine(lr) }
        case .identifier(let s, let r):
            hasher.combine(s)
            hasher.combine(r)
        }
    }
}

// MARK: - Printing

extension Expression: CustomStringConvertible {
    /// The expression in canonical form: single spaces, parentheses only where precedence needs them
    /// or where the author wrote them.
    public var description: String { printed(precedence: 0) }

    private func printed(precedence: Int) -> String {
        switch self {
        case .or(let parts):
            let text = parts.map { $0.printed(precedence: 1) }.joined(separator: " or ")
            return precedence > 1 ? "(\(text))" : text
        case .and(let parts):
            let text = parts.map { $0.printed(precedence: 2) }.joined(separator: " and ")
            return precedence > 2 ? "(\(text))" : text
        case .not(let e, _):
            return "not \(e.printed(precedence: 3))"
        case .group(let e, _):
            return "(\(e.printed(precedence: 0)))"
        case .operand(let o):
            return o.description
        case .comparison(let a, let op, let b, _):
            return "\(a) \(op.rawValue) \(b)"
        case .membership(let a, let negated, let target, _):
            let keyword = negated ? "not in" : "in"
            switch target {
            case .list(let items, _):
                return "\(a) \(keyword) [" + items.map { $0.0.description }.joined(separator: ", ") + "]"
            case .identifier(let name, _):
                return "\(a) \(keyword) \(name)"
            }
        }
    }
}

import SOPCore

/// The one rule set for a guard's atoms: whether an input's value stands in a relation to a literal.
///
/// Every evaluator of guards calls it: `Guard.evaluate` (checks, `sopc test`, `sopc run --given`), the
/// solver's encoding of atoms as decision diagrams (`SOPSolver.Encoding`) and replay's flattened walk
/// (`SOPReplay.CompiledSOP`, which decides per atom at compile time what this rule leaves to the row). The
/// SQL export writes the same rule as SQL (`SQLGuardWriter`). A test runs all of them over every operator,
/// type and literal on small domains and checks they agree.
///
/// - ints are ordered: all six operators compare numerically;
/// - bools, enum values and strings have equality only: `==` and `!=` compare them (text by
///   `CanonicalText`, i.e. NFC-equal), an ordering operator never holds;
/// - a value and a literal of different types are unequal: only `!=` holds (the compiler rejects such
///   atoms; a graph built by hand may still hold one).
public enum Comparison {
    /// `a op b` on ints.
    @inline(__always)
    public static func holds(_ a: Int, _ op: ComparisonOperator, _ b: Int) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }

    /// `op` applied to the outcome of an equality test, for types without an order.
    @inline(__always)
    public static func holds(equal: Bool, _ op: ComparisonOperator) -> Bool {
        switch op {
        case .equal: return equal
        case .notEqual: return !equal
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return false
        }
    }

    /// `op` between a value and a literal of another type.
    @inline(__always)
    public static func holdsAcrossTypes(_ op: ComparisonOperator) -> Bool { op == .notEqual }

    /// `value op literal`.
    public static func holds(_ value: Value, _ op: ComparisonOperator, _ literal: Literal) -> Bool {
        switch (value, literal) {
        case (.int(let a), .int(let b)): return holds(a, op, b)
        case (.bool(let a), .bool(let b)): return holds(equal: a == b, op)
        case (.string(let a), .string(let b)): return holds(equal: CanonicalText.same(a, b), op)
        default: return holdsAcrossTypes(op)
        }
    }

    /// Whether `value` is one of `literals` (`input in [a, b]`): `==` with any of them.
    public static func isAny(_ value: Value, of literals: [Literal]) -> Bool {
        literals.contains { holds(value, .equal, $0) }
    }

    /// Whether a set value holds `member` (`'member' in input`).
    public static func contains(_ members: [String], _ member: String) -> Bool {
        members.contains { CanonicalText.same($0, member) }
    }
}

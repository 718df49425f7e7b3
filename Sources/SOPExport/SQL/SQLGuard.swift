import SOPGraph

/// Guards written as SQL boolean expressions over the sample columns.
///
/// SQL's NULL logic is Kleene's three-valued logic, the same as `Guard.evaluate`: every atom is NULL
/// exactly when its input is missing (the dialect's set membership is made to keep that), and NOT, AND and
/// OR then propagate "unknown" as replay does. A missing input is therefore never silently false.
struct SQLGuardWriter {
    let program: Program
    let dialect: SQLDialect
    /// The column holding each input's value.
    let column: (InputID) -> String

    func write(_ g: Guard) -> String {
        switch g {
        case .constant(let b):
            return b ? "TRUE" : "FALSE"
        case .not(let inner):
            return "(NOT " + write(inner) + ")"
        case .and(let parts):
            return parts.isEmpty ? "TRUE" : "(" + parts.map(write).joined(separator: " AND ") + ")"
        case .or(let parts):
            return parts.isEmpty ? "FALSE" : "(" + parts.map(write).joined(separator: " OR ") + ")"
        case .compare(let id, let op, let literal):
            guard let l = sqlLiteral(literal, for: id) else {
                // A literal of another type never equals the value (`Guard.compare`'s fallback).
                return known(id, op == .notEqual)
            }
            if case .int = program[id].type {
                return "(\(column(id)) \(sqlOperator(op)) \(l))"
            }
            switch op {
            case .equal: return "(\(column(id)) = \(l))"
            case .notEqual: return "(\(column(id)) <> \(l))"
            default: return known(id, false)
            }
        case .oneOf(let id, let literals):
            let ls = literals.compactMap { sqlLiteral($0, for: id) }
            guard !ls.isEmpty else { return known(id, false) }
            return "(\(column(id)) IN (\(ls.joined(separator: ", "))))"
        case .contains(let id, let member):
            return dialect.contains(column(id), dialect.string(member))
        }
    }

    /// NULL when the input is missing, else the constant.
    private func known(_ id: InputID, _ value: Bool) -> String {
        "(CASE WHEN \(column(id)) IS NULL THEN NULL ELSE \(value ? "TRUE" : "FALSE") END)"
    }

    private func sqlLiteral(_ l: Literal, for id: InputID) -> String? {
        switch (program[id].type, l) {
        case (.bool, .bool(let b)): return b ? "TRUE" : "FALSE"
        case (.int, .int(let i)): return String(i)
        case (.enumeration, .string(let s)), (.string, .string(let s)): return dialect.string(s)
        default: return nil
        }
    }

    private func sqlOperator(_ op: ComparisonOperator) -> String {
        switch op {
        case .equal: return "="
        case .notEqual: return "<>"
        case .less: return "<"
        case .lessOrEqual: return "<="
        case .greater: return ">"
        case .greaterOrEqual: return ">="
        }
    }
}

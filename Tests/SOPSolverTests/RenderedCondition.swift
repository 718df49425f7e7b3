import Foundation
import SOPCore
import SOPGraph
import SOPSyntax

/// A condition as the analysis prints it (`x >= 3 and 'a' in s`, `2 <= x <= 4`), read back with the
/// language's own expression parser into a `Guard` over the SOP's inputs (names as the SOP sees them), so
/// tests can evaluate what the text says with the language's own rules.
struct RenderedCondition {
    let condition: Guard

    /// Parses `text`; nil when it is not a condition over `sop`'s inputs.
    init?(_ text: String, program: Program, sop: SOPID) {
        var names: [String: InputID] = [:]
        for id in program.visibleInputs(of: sop) { names[program.name(of: id, from: sop)] = id }
        // A range `lo <= x <= hi` is the one shorthand the printer uses that the language spells out.
        let chained = try! NSRegularExpression(pattern: #"(-?\d+) <= ([A-Za-z_][A-Za-z0-9_.]*) <= (-?\d+)"#)
        let source = chained.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "($1 <= $2 and $2 <= $3)")
        guard case .success(let e) = ExpressionParser.parse(source), let g = Self.lower(e, names) else { return nil }
        condition = g
    }

    /// The inputs the text names.
    var named: Set<InputID> { Set(condition.inputs) }

    /// Whether the condition holds for `c`.
    func holds(_ c: Case) -> Bool { condition.evaluate(c) == true }

    private static func lower(_ e: SOPSyntax.Expression, _ names: [String: InputID]) -> Guard? {
        switch e {
        case .or(let parts):
            let lowered = parts.compactMap { lower($0, names) }
            return lowered.count == parts.count ? .or(lowered) : nil
        case .and(let parts):
            let lowered = parts.compactMap { lower($0, names) }
            return lowered.count == parts.count ? .and(lowered) : nil
        case .not(let a, _): return lower(a, names).map { .not($0) }
        case .group(let a, _): return lower(a, names)
        case .operand(.literal(.bool(let b), _)): return .constant(b)
        case .operand(.identifier(let name, _)): return names[name].map { .compare($0, .equal, .bool(true)) }
        case .operand: return nil
        case .comparison(let l, let op, let r, _):
            guard let o = ComparisonOperator(rawValue: op.rawValue) else { return nil }
            switch (l, r) {
            case (.identifier(let name, _), .literal(let v, _)): return names[name].map { .compare($0, o, literal(v)) }
            case (.literal(let v, _), .identifier(let name, _)): return names[name].map { .compare($0, o.flipped, literal(v)) }
            default: return nil
            }
        case .membership(let l, let negated, let target, _):
            let g: Guard?
            switch (l, target) {
            case (.identifier(let name, _), .list(let items, _)): g = names[name].map { .oneOf($0, items.map { literal($0.0) }) }
            case (.literal(.string(let member), _), .identifier(let name, _)): g = names[name].map { .contains($0, member) }
            default: g = nil
            }
            return negated ? g.map { .not($0) } : g
        }
    }

    private static func literal(_ l: LiteralSyntax) -> Literal {
        switch l {
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        }
    }
}

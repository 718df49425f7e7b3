import Foundation
import SOPCore
import SOPGraph
import SOPSyntax

/// A condition as the analysis prints it (`x >= 3 and 'a' in s`, `2 <= x <= 4`), read back with the
/// language's own expression parser and evaluated on cases, so tests can check what the text says.
struct RenderedCondition {
    let expression: SOPSyntax.Expression
    let inputs: [String: InputID]
    /// The inputs the text names.
    private(set) var named: Set<InputID> = []

    /// Parses `text`, naming inputs as `sop` sees them; nil when it is not a condition.
    init?(_ text: String, program: Program, sop: SOPID) {
        var names: [String: InputID] = [:]
        for id in program.visibleInputs(of: sop) { names[program.name(of: id, from: sop)] = id }
        inputs = names
        // A range `lo <= x <= hi` is the one shorthand the printer uses that the language spells out.
        let chained = try! NSRegularExpression(pattern: #"(-?\d+) <= ([A-Za-z_][A-Za-z0-9_.]*) <= (-?\d+)"#)
        let source = chained.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "($1 <= $2 and $2 <= $3)")
        guard case .success(let e) = ExpressionParser.parse(source) else { return nil }
        expression = e
        named = collect(e)
    }

    private func collect(_ e: SOPSyntax.Expression) -> Set<InputID> {
        switch e {
        case .or(let a, let b), .and(let a, let b): return collect(a).union(collect(b))
        case .not(let a, _), .group(let a, _): return collect(a)
        case .operand(let o): return id(o).map { [$0] } ?? []
        case .comparison(let l, _, let r, _): return Set([id(l), id(r)].compactMap { $0 })
        case .membership(let l, _, let target, _):
            var result = Set([id(l)].compactMap { $0 })
            if case .identifier(let name, _) = target, let i = inputs[name] { result.insert(i) }
            return result
        }
    }

    private func id(_ o: Operand) -> InputID? {
        if case .identifier(let name, _) = o { return inputs[name] }
        return nil
    }

    /// Whether the condition holds for `c`.
    func holds(_ c: Case) -> Bool { evaluate(expression, c) }

    private func evaluate(_ e: SOPSyntax.Expression, _ c: Case) -> Bool {
        switch e {
        case .or(let a, let b): return evaluate(a, c) || evaluate(b, c)
        case .and(let a, let b): return evaluate(a, c) && evaluate(b, c)
        case .not(let a, _): return !evaluate(a, c)
        case .group(let a, _): return evaluate(a, c)
        case .operand(.literal(.bool(let b), _)): return b
        case .operand(let o): return value(o, c) == .bool(true)
        case .comparison(let l, let op, let r, _):
            guard let a = value(l, c), let b = value(r, c) else { return false }
            switch (a, b) {
            case (.int(let x), .int(let y)):
                switch op {
                case .equal: return x == y
                case .notEqual: return x != y
                case .less: return x < y
                case .lessOrEqual: return x <= y
                case .greater: return x > y
                case .greaterOrEqual: return x >= y
                }
            default:
                return op == .equal ? a == b : (op == .notEqual ? a != b : false)
            }
        case .membership(let l, let negated, let target, _):
            let result: Bool
            switch target {
            case .list(let items, _):
                let v = value(l, c)
                result = items.contains { literal($0.0) == v }
            case .identifier(let name, _):
                guard let set = inputs[name], case .set(let members)? = c[set], case .literal(.string(let m), _) = l else { return false }
                result = members.contains(m)
            }
            return negated ? !result : result
        }
    }

    private func value(_ o: Operand, _ c: Case) -> Value? {
        switch o {
        case .identifier(let name, _): return inputs[name].flatMap { c[$0] }
        case .literal(let l, _): return literal(l)
        }
    }

    private func literal(_ l: LiteralSyntax) -> Value {
        switch l {
        case .int(let i): return .int(i)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        }
    }
}

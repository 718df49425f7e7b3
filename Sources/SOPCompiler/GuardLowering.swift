import SOPCore
import SOPGraph
import SOPSyntax

/// Resolves and type-checks one `when` expression into a `Guard`, pointing each error at its token.
struct GuardLowering {
    let scope: InputScope
    let positions: ScalarPositions
    let node: String
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Input names nothing in scope matched, where they are written.
    private(set) var unresolved: [(span: SourceSpan, word: String)] = []

    init(scope: InputScope, positions: ScalarPositions, node: String, file: String) {
        self.scope = scope
        self.positions = positions
        self.node = node
        self.file = file
    }

    /// The guard, or nil when the expression has an error (already reported).
    mutating func lower(_ expression: Expression) -> Guard? {
        switch expression {
        case .or(let parts):
            return lowerChain(parts, or: true)
        case .and(let parts):
            return lowerChain(parts, or: false)
        case .not(let inner, _):
            return lower(inner).map { .not($0) }
        case .group(let inner, _):
            return lower(inner)
        case .operand(let operand):
            return lowerBare(operand)
        case .comparison(let left, let op, let right, let operatorRange):
            return lowerComparison(left, op, right, operatorRange)
        case .membership(let left, let negated, let target, let operatorRange):
            let g = lowerMembership(left, target, operatorRange)
            return negated ? g.map { .not($0) } : g
        }
    }

    /// An `and`/`or` chain as one n-ary guard; a part of the same kind (written in parentheses) is
    /// spliced in, so `(a or b) or c` is `or(a, b, c)`. Every part is lowered, so each error is reported.
    private mutating func lowerChain(_ parts: [Expression], or: Bool) -> Guard? {
        var result: [Guard] = []
        result.reserveCapacity(parts.count)
        var failed = false
        for part in parts {
            switch (lower(part), or) {
            case (nil, _): failed = true
            case (.or(let inner)?, true), (.and(let inner)?, false): result += inner
            case (let g?, _): result.append(g)
            }
        }
        guard !failed else { return nil }
        return or ? .or(result) : .and(result)
    }

    // MARK: - Atoms

    private mutating func lowerBare(_ operand: Operand) -> Guard? {
        switch operand {
        case .literal(.bool(let b), _):
            return .constant(b)
        case .literal(let literal, let range):
            error(.typeMismatch, range, "`\(literal)` alone is not a condition", help: "compare an input with it, e.g. `input == \(literal)`")
            return nil
        case .identifier(let name, let range):
            guard let id = resolve(name, range) else { return nil }
            guard scope.type(id) == .bool else {
                error(.typeMismatch, range, "`\(name)` is \(article(scope.type(id))) input, not a condition", help: help(forBare: name, scope.type(id)))
                return nil
            }
            return .compare(id, .equal, .bool(true))
        }
    }

    private mutating func lowerComparison(_ left: Operand, _ op: ComparisonSyntax, _ right: Operand, _ operatorRange: TextRange) -> Guard? {
        var op = ComparisonOperator(rawValue: op.rawValue) ?? .equal
        let input: (String, TextRange), literal: (LiteralSyntax, TextRange)
        switch (left, right) {
        case (.identifier(let a, let ra), .identifier(let b, let rb)):
            if let g = unquotedValue(a, ra, op, b, rb) ?? unquotedValue(b, rb, op.flipped, a, ra) { return g }
            let ia = resolve(a, ra), ib = resolve(b, rb)
            if ia != nil, ib != nil {
                error(.typeMismatch, TextRange(ra.lower, rb.upper), "comparing two inputs (`\(a)` and `\(b)`) is not supported", help: "compare each input with a literal; a SOP's questions are answered one fact at a time")
            }
            return nil
        case (.literal(let a, let ra), .literal(let b, _)):
            error(.typeMismatch, TextRange(ra.lower, right.range.upper), "`\(a) \(op.rawValue) \(b)` compares two literals", help: "one side must be an input")
            return nil
        case (.identifier(let a, let ra), .literal(let b, let rb)):
            input = (a, ra)
            literal = (b, rb)
        case (.literal(let a, let ra), .identifier(let b, let rb)):
            input = (b, rb)
            literal = (a, ra)
            op = op.flipped
        }
        guard let id = resolve(input.0, input.1) else { return nil }
        let type = scope.type(id)
        if case .set = type {
            error(.typeMismatch, input.1, "`\(input.0)` is a set input and cannot be compared with `\(op.rawValue)`", help: "test membership: `\(literalHint(literal.0)) in \(input.0)`")
            return nil
        }
        if op != .equal && op != .notEqual, case .int = type {} else if op != .equal && op != .notEqual {
            error(.typeMismatch, operatorRange, "`\(op.rawValue)` needs an int input, and `\(input.0)` is \(article(type))", help: "use `==` or `!=`")
            return nil
        }
        guard let value = check(literal.0, literal.1, against: type, input: input.0) else { return nil }
        return .compare(id, op, value)
    }

    private mutating func lowerMembership(_ left: Operand, _ target: MembershipTarget, _ operatorRange: TextRange) -> Guard? {
        switch target {
        case .list(let items, _):
            guard case .identifier(let name, let range) = left else {
                error(.typeMismatch, left.range, "the left side of `in [...]` must be an input", help: "write `input in [\(left)]`")
                return nil
            }
            guard let id = resolve(name, range) else { return nil }
            let type = scope.type(id)
            if case .set = type {
                error(.typeMismatch, range, "`\(name)` is a set input: test one member at a time", help: "write `'value' in \(name)`, joined with `or`")
                return nil
            }
            var literals: [Literal] = []
            var ok = true
            for (item, itemRange) in items {
                if let l = check(item, itemRange, against: type, input: name) { literals.append(l) } else { ok = false }
            }
            return ok ? .oneOf(id, literals) : nil
        case .identifier(let name, let range):
            guard let id = resolve(name, range) else { return nil }
            let type = scope.type(id)
            guard case .set(let values) = type else {
                let hint = left.description
                error(.typeMismatch, range, "`\(name)` is \(article(type)) input, not a set, so `in \(name)` does not apply",
                      help: type.values != nil || type == .string ? "write `\(name) == \(hint)`" : "use a comparison such as `\(name) == \(hint)`")
                return nil
            }
            if case .identifier(let word, let wordRange) = left, scope.id(word) == nil, values.contains(word) {
                // `minor in flags`: the value without its quotes reads as an input name.
                let span = SourceSpan(file: file, range: positions.range(wordRange))
                let fixes = positions.style == .singleQuoted ? [] : FixIt.rename(span, from: word, to: "'\(word)'").map { [$0] } ?? []
                error(.undefinedReference, wordRange, "`\(word)` is not an input of this SOP",
                      help: "`\(word)` is a value of `\(name)`, and values are quoted: write `'\(word)' in \(name)`", fixes: fixes)
                return nil
            }
            guard case .literal(.string(let member), let memberRange) = left else {
                error(.typeMismatch, left.range, "the left side of `in \(name)` must be a quoted value of the set", help: values.first.map { "e.g. `'\($0)' in \(name)`" })
                return nil
            }
            guard values.contains(member) else {
                unknownValue(member, memberRange, values, input: name)
                return nil
            }
            return .contains(id, member)
        }
    }

    /// `region == EU`: the bare word is one of the input's values, written without the quotes a value
    /// needs (unquoted, it reads as an input name). One finding, with the fix that adds the quotes; nil when
    /// `name` is not an input or `word` not one of its values.
    private mutating func unquotedValue(_ name: String, _ range: TextRange, _ op: ComparisonOperator, _ word: String, _ wordRange: TextRange) -> Guard?? {
        guard let id = scope.id(name), scope.id(word) == nil else { return nil }
        let span = SourceSpan(file: file, range: positions.range(wordRange))
        if scope.type(id) == .bool, let meant = FileLowering.yaml11Bool(word) {
            // `verified == yes`: YAML 1.1's booleans are not the expression language's.
            error(.undefinedReference, wordRange, "`\(word)` is not an input of this SOP",
                  help: "`\(name)` is a bool, and bools are `true` and `false`: write `\(name) \(op.rawValue) \(meant)`",
                  fixes: FixIt.rename(span, from: word, to: String(meant)).map { [$0] } ?? [])
            return .some(nil)
        }
        guard let values = scope.type(id).values, values.contains(word) else { return nil }
        // Inside a single-quoted YAML scalar a quote must be doubled: no automatic fix there.
        let fixes = positions.style == .singleQuoted ? [] : FixIt.rename(span, from: word, to: "'\(word)'").map { [$0] } ?? []
        error(.undefinedReference, wordRange, "`\(word)` is not an input of this SOP",
              help: "`\(word)` is a value of `\(name)`, and values are quoted: write `\(name) \(op.rawValue) '\(word)'`", fixes: fixes)
        return .some(nil)
    }

    // MARK: - Checking

    private mutating func resolve(_ name: String, _ range: TextRange) -> InputID? {
        if let id = scope.id(name) { return id }
        if let (qualified, declaring) = scope.importedInput(name) {
            let span = SourceSpan(file: file, range: positions.range(range))
            error(.undefinedReference, range, "`\(name)` is not an input of this SOP",
                  help: ImportedNames.help(name, qualified: qualified, file: declaring, from: file),
                  fixes: FixIt.rename(span, from: name, to: qualified).map { [$0] } ?? [])
            return nil
        }
        misspelling(.undefinedReference, range, "`\(name)` is not an input of this SOP", word: name, among: scope.names, otherwise: "declare it under `inputs`")
        unresolved.append((SourceSpan(file: file, range: positions.range(range)), name))
        return nil
    }

    /// Checks a literal against the input's type and returns it typed.
    private mutating func check(_ literal: LiteralSyntax, _ range: TextRange, against type: InputType, input: String) -> Literal? {
        switch (type, literal) {
        case (.bool, .bool(let b)): return .bool(b)
        case (.int, .int(let i)): return .int(i)
        case (.string, .string(let s)): return .string(s)
        case (.enumeration(let values), .string(let s)):
            guard values.contains(s) else {
                unknownValue(s, range, values, input: input)
                return nil
            }
            return .string(s)
        case (.enumeration(let values), .int), (.enumeration(let values), .bool):
            let text = literal.description
            if values.contains(text) {
                error(.typeMismatch, range, "enum values are written as quoted strings", help: "write `'\(text)'`")
            } else {
                error(.typeMismatch, range, "`\(input)` is an enum input and cannot be compared with `\(text)`", help: "its values: " + values.map { "'\($0)'" }.joined(separator: ", "))
            }
            return nil
        default:
            error(.typeMismatch, range, "`\(input)` is \(article(type)) input and cannot be compared with \(describe(literal))", help: expectedLiteral(type))
            return nil
        }
    }

    private mutating func unknownValue(_ value: String, _ range: TextRange, _ values: [String], input: String) {
        misspelling(.unknownEnumValue, range, "`\(value)` is not a value of `\(input)`", word: value, among: values,
                    otherwise: "its values: " + values.map { "'\($0)'" }.joined(separator: ", "), quote: true)
    }

    private func describe(_ literal: LiteralSyntax) -> String {
        switch literal {
        case .int(let i): return "the integer `\(i)`"
        case .string(let s): return "the string `'\(s)'`"
        case .bool(let b): return "`\(b)`"
        }
    }

    private func expectedLiteral(_ type: InputType) -> String {
        switch type {
        case .bool: return "compare it with `true` or `false`, or use it alone"
        case .int: return "compare it with an integer"
        case .string: return "compare it with a quoted string"
        case .enumeration(let values): return "its values: " + values.map { "'\($0)'" }.joined(separator: ", ")
        case .set: return "test membership with `'value' in input`"
        }
    }

    private func literalHint(_ literal: LiteralSyntax) -> String {
        if case .string = literal { return literal.description }
        return "'\(literal)'"
    }

    private func help(forBare name: String, _ type: InputType) -> String {
        switch type {
        case .int: return "compare it, e.g. `\(name) > 0`"
        case .enumeration(let values): return "compare it, e.g. `\(name) == '\(values.first ?? "value")'`"
        case .set(let values): return "test a member, e.g. `'\(values.first ?? "value")' in \(name)`"
        default: return "compare it, e.g. `\(name) == 'text'`"
        }
    }

    private func article(_ type: InputType) -> String {
        ["int", "enum"].contains(type.name) ? "an \(type.name)" : "a \(type.name)"
    }

    private mutating func error(_ code: DiagnosticCode, _ range: TextRange, _ message: String, help: String? = nil, fixes: [FixIt] = []) {
        diagnostics.append(Diagnostic(code, at: SourceSpan(file: file, range: positions.range(range)), message, node: node, help: help, fixes: fixes))
    }

    /// `error` with a did-you-mean and its rename fix when one of `candidates` is close to `word`.
    private mutating func misspelling(_ code: DiagnosticCode, _ range: TextRange, _ message: String, word: String, among candidates: [String], otherwise: String?, quote: Bool = false) {
        let correction = Spelling.correction(for: word, among: candidates, at: SourceSpan(file: file, range: positions.range(range)), quote: quote)
        error(code, range, message, help: correction?.help ?? otherwise, fixes: correction?.fixes ?? [])
    }
}

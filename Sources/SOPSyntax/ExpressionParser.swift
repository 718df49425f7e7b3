/// A syntax error inside an expression: where, what, and a fix when there is an obvious one.
public struct ExpressionError: Error, Hashable, Sendable {
    public var range: TextRange
    public var message: String
    public var help: String?
}

/// Parses guard expressions (`grammar/sop-expression.ebnf`) by recursive descent.
///
/// Precedence, loosest first: `or`, `and`, `not`, then comparisons and `in`. Type rules are not checked
/// here: the compiler checks them once names are resolved.
///
/// Hostile text is bounded before it can cost anything: a text longer than `maximumLength` is rejected
/// before it is tokenized, and nesting (parentheses and `not`s open at once) deeper than `maximumDepth`
/// stops the parser at the token that goes too deep, so neither the parser nor any later walk over the
/// tree recurses deeper than a few hundred frames. `and`/`or` chains are read in a loop into one n-ary
/// node: their cost is linear in their length.
public struct ExpressionParser {
    /// The longest expression accepted, in UTF-8 bytes. A real guard is a line or two; 64 KiB leaves
    /// room for generated guards listing thousands of values while bounding the tokens held at once.
    public static let maximumLength = 65_536
    /// The most parentheses and `not`s open at once. A real guard nests two or three levels; the limit
    /// keeps every recursive walk over the tree (lowering, printing, evaluation, encodings) far from the
    /// stack's end on any thread.
    public static let maximumDepth = 64

    private var tokens: [Token]
    private var position = 0
    private let length: Int
    private var depth = 0

    /// Parses `text`, or returns the first syntax error.
    public static func parse(_ text: String) -> Result<Expression, ExpressionError> {
        let bytes = text.utf8.count
        guard bytes <= maximumLength else {
            return .failure(ExpressionError(
                range: TextRange(0, 0),
                message: "the expression is \(bytes) bytes long; the limit is \(maximumLength)",
                help: "split the condition over several branches or nodes, or use an enum input for a long list of values"))
        }
        do {
            var parser = try ExpressionParser(text)
            let expression = try parser.parseOr()
            if let extra = parser.peek {
                throw ExpressionError(range: extra.range, message: "unexpected \(extra.kind.display) after the end of the expression", help: parser.joinHelp(extra))
            }
            return .success(expression)
        } catch let error as ExpressionError {
            return .failure(error)
        } catch {
            return .failure(ExpressionError(range: TextRange(0, 0), message: "\(error)"))
        }
    }

    private init(_ text: String) throws {
        tokens = try Lexer.tokens(of: text)
        length = text.unicodeScalars.count
    }

    // MARK: - Grammar

    private mutating func parseOr() throws -> Expression {
        let first = try parseAnd()
        guard peek?.kind == .keyword(.orKeyword) else { return first }
        var parts = [first]
        while match(.keyword(.orKeyword)) != nil {
            parts.append(try parseAnd())
        }
        return .or(parts)
    }

    private mutating func parseAnd() throws -> Expression {
        let first = try parseNot()
        guard peek?.kind == .keyword(.andKeyword) else { return first }
        var parts = [first]
        while match(.keyword(.andKeyword)) != nil {
            parts.append(try parseNot())
        }
        return .and(parts)
    }

    /// A run of `not`s is read in a loop and wrapped innermost first, so the run costs no recursion.
    private mutating func parseNot() throws -> Expression {
        var nots: [TextRange] = []
        while let token = peek, token.kind == .keyword(.notKeyword) {
            try enter(token)
            nots.append(token.range)
            position += 1
        }
        var expression = try parseAtom()
        for range in nots.reversed() {
            expression = .not(expression, range)
        }
        depth -= nots.count
        return expression
    }

    /// Counts one more level of nesting, or stops at `token` when it goes past the limit.
    private mutating func enter(_ token: Token) throws {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw ExpressionError(
                range: token.range,
                message: "the expression nests more than \(Self.maximumDepth) levels of parentheses and `not`",
                help: "a condition this deep cannot be reviewed; split it over several branches or nodes")
        }
    }

    private mutating func parseAtom() throws -> Expression {
        if let open = peek, open.kind == .punctuation(.openParen) {
            try enter(open)
            position += 1
            let inner = try parseOr()
            depth -= 1
            guard let close = match(.punctuation(.closeParen)) else {
                throw error(expected: "`)` to close the `(`", help: nil, note: open)
            }
            return .group(inner, TextRange(open.range.lower, close.range.upper))
        }
        let left = try parseOperand()
        if let op = peek, case .comparison(let symbol) = op.kind {
            position += 1
            let right = try parseOperand()
            return .comparison(left, symbol, right, operatorRange: op.range)
        }
        if let not = peek, not.kind == .keyword(.notKeyword), peek(1)?.kind == .keyword(.inKeyword) {
            position += 2
            return .membership(left, negated: true, try parseMembershipTarget(), operatorRange: TextRange(not.range.lower, tokens[position - 1].range.upper))
        }
        if let inToken = match(.keyword(.inKeyword)) {
            return .membership(left, negated: false, try parseMembershipTarget(), operatorRange: inToken.range)
        }
        return .operand(left)
    }

    private mutating func parseMembershipTarget() throws -> MembershipTarget {
        if let open = match(.punctuation(.openBracket)) {
            var items: [(LiteralSyntax, TextRange)] = []
            while true {
                guard let token = peek, case .literal(let literal) = token.kind else {
                    throw error(expected: "a literal in the list", help: "list values are quoted strings, integers, `true` or `false`")
                }
                position += 1
                items.append((literal, token.range))
                if let close = match(.punctuation(.closeBracket)) {
                    return .list(items, TextRange(open.range.lower, close.range.upper))
                }
                guard match(.punctuation(.comma)) != nil else {
                    throw error(expected: "`,` or `]` in the list", help: nil)
                }
            }
        }
        guard let token = peek, case .identifier(let name) = token.kind else {
            throw error(expected: "a list `[...]` or a set input after `in`", help: nil)
        }
        position += 1
        return .identifier(name, token.range)
    }

    private mutating func parseOperand() throws -> Operand {
        guard let token = peek else {
            throw error(expected: "an input, a literal or `(`", help: nil)
        }
        switch token.kind {
        case .identifier(let name):
            position += 1
            return .identifier(name, token.range)
        case .literal(let literal):
            position += 1
            return .literal(literal, token.range)
        default:
            throw error(expected: "an input, a literal or `(`", help: joinHelp(token))
        }
    }

    // MARK: - Tokens

    private var peek: Token? { position < tokens.count ? tokens[position] : nil }

    private func peek(_ ahead: Int) -> Token? {
        position + ahead < tokens.count ? tokens[position + ahead] : nil
    }

    private mutating func match(_ kind: Token.Kind) -> Token? {
        guard let token = peek, token.kind == kind else { return nil }
        position += 1
        return token
    }

    private func error(expected: String, help: String?, note: Token? = nil) -> ExpressionError {
        if let token = peek {
            return ExpressionError(range: token.range, message: "expected \(expected), found \(token.kind.display)", help: help)
        }
        return ExpressionError(range: TextRange(length, length), message: "expected \(expected), found the end of the expression", help: help)
    }

    /// Suggests the keyword for operators from other languages.
    fileprivate func joinHelp(_ token: Token) -> String? {
        if case .identifier(let name) = token.kind, ["AND", "And", "OR", "Or", "NOT", "Not"].contains(name) {
            return "keywords are lower-case: write `\(name.lowercased())`"
        }
        return nil
    }
}

// MARK: - Lexer

/// The words the grammar reserves.
enum Keyword: String, Hashable {
    case andKeyword = "and", orKeyword = "or", notKeyword = "not", inKeyword = "in"
}

enum Punctuation: String, Hashable {
    case openParen = "(", closeParen = ")", openBracket = "[", closeBracket = "]", comma = ","
}

struct Token: Hashable {
    enum Kind: Hashable {
        case identifier(String)
        case keyword(Keyword)
        case literal(LiteralSyntax)
        case comparison(ComparisonSyntax)
        case punctuation(Punctuation)

        var display: String {
            switch self {
            case .identifier(let s): return "`\(s)`"
            case .keyword(let k): return "`\(k.rawValue)`"
            case .literal(let l): return "`\(l)`"
            case .comparison(let c): return "`\(c.rawValue)`"
            case .punctuation(let p): return "`\(p.rawValue)`"
            }
        }
    }
    var kind: Kind
    var range: TextRange
}

enum Lexer {

    /// Tokenizes over UTF-8 bytes (every character the grammar gives meaning to is ASCII), then converts
    /// byte offsets to Unicode-scalar offsets when the text has any non-ASCII character.
    static func tokens(of text: String) throws -> [Token] {
        let bytes = Array(text.utf8)
        do {
            let tokens = try scan(bytes)
            return bytes.allSatisfy({ $0 < 0x80 }) ? tokens : tokens.map { Token(kind: $0.kind, range: scalarRange($0.range, bytes)) }
        } catch let error as ExpressionError {
            guard !bytes.allSatisfy({ $0 < 0x80 }) else { throw error }
            throw ExpressionError(range: scalarRange(error.range, bytes), message: error.message, help: error.help)
        }
    }

    /// Byte offsets -> scalar offsets: count the bytes that start a scalar before each offset.
    private static func scalarRange(_ range: TextRange, _ bytes: [UInt8]) -> TextRange {
        func scalars(before offset: Int) -> Int {
            bytes[..<min(offset, bytes.count)].reduce(0) { $0 + (($1 & 0xC0) == 0x80 ? 0 : 1) }
        }
        return TextRange(scalars(before: range.lower), scalars(before: range.upper))
    }

    /// The keyword or boolean spelled by `s[a..<b]`, if any.
    private static func reserved(_ s: [UInt8], _ a: Int, _ b: Int) -> Token.Kind? {
        func spells(_ word: StaticString) -> Bool {
            word.withUTF8Buffer { w in w.count == b - a && w.indices.allSatisfy { w[$0] == s[a + $0] } }
        }
        switch b - a {
        case 2: return spells("or") ? .keyword(.orKeyword) : spells("in") ? .keyword(.inKeyword) : nil
        case 3: return spells("and") ? .keyword(.andKeyword) : spells("not") ? .keyword(.notKeyword) : nil
        case 4: return spells("true") ? .literal(.bool(true)) : nil
        case 5: return spells("false") ? .literal(.bool(false)) : nil
        default: return nil
        }
    }

    /// The value of an optional `-` and decimal digits, or nil when it does not fit in an `Int` (what
    /// `Int(String)` answers, without making the string).
    private static func integer(_ digits: ArraySlice<UInt8>) -> Int? {
        let negative = digits.first == UInt8(ascii: "-")
        var value = 0
        for d in digits.dropFirst(negative ? 1 : 0) {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(Int(d &- 48)) : times.addingReportingOverflow(Int(d &- 48))
            guard !o1 && !o2 else { return nil }
            value = next
        }
        return value
    }

    private static func scan(_ s: [UInt8]) throws -> [Token] {
        var tokens: [Token] = []
        var i = 0
        func isIdentStart(_ c: UInt8) -> Bool { c == UInt8(ascii: "_") || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) || c == UInt8(ascii: "-") }
        func text(_ a: Int, _ b: Int) -> String { String(decoding: s[a..<b], as: UTF8.self) }

        while i < s.count {
            let c = s[i]
            let start = i
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                i += 1
                continue
            }
            if isIdentStart(c) {
                while i < s.count, isIdentPart(s[i]) { i += 1 }
                // One qualifying dot: `otherid.name`.
                if i + 1 < s.count, s[i] == UInt8(ascii: "."), isIdentStart(s[i + 1]) {
                    i += 1
                    while i < s.count, isIdentPart(s[i]) { i += 1 }
                }
                let range = TextRange(start, i)
                // Keywords and booleans are told by their bytes: only names become strings.
                if let kind = reserved(s, start, i) {
                    tokens.append(Token(kind: kind, range: range))
                } else {
                    tokens.append(Token(kind: .identifier(text(start, i)), range: range))
                }
                continue
            }
            if isDigit(c) || (c == UInt8(ascii: "-") && i + 1 < s.count && isDigit(s[i + 1])) {
                i += 1
                while i < s.count, isDigit(s[i]) { i += 1 }
                guard let value = integer(s[start..<i]) else {
                    throw ExpressionError(range: TextRange(start, i), message: "integer `\(text(start, i))` is out of range")
                }
                if i < s.count, isIdentStart(s[i]) {
                    throw ExpressionError(range: TextRange(start, i + 1), message: "a name cannot start with a digit")
                }
                tokens.append(Token(kind: .literal(.int(value)), range: TextRange(start, i)))
                continue
            }
            if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                i += 1
                while i < s.count, s[i] != c { i += 1 }
                guard i < s.count else {
                    throw ExpressionError(range: TextRange(start, s.count), message: "unterminated string", help: "close it with \(Character(Unicode.Scalar(c)))")
                }
                let value = text(start + 1, i)
                i += 1
                tokens.append(Token(kind: .literal(.string(value)), range: TextRange(start, i)))
                continue
            }
            let next: UInt8 = i + 1 < s.count ? s[i + 1] : 0
            let equals = UInt8(ascii: "=")
            var op: ComparisonSyntax?
            var punctuation: Punctuation?
            switch c {
            case UInt8(ascii: "="): op = next == equals ? .equal : nil
            case UInt8(ascii: "!"): op = next == equals ? .notEqual : nil
            case UInt8(ascii: "<"): op = next == equals ? .lessOrEqual : .less
            case UInt8(ascii: ">"): op = next == equals ? .greaterOrEqual : .greater
            case UInt8(ascii: "("): punctuation = .openParen
            case UInt8(ascii: ")"): punctuation = .closeParen
            case UInt8(ascii: "["): punctuation = .openBracket
            case UInt8(ascii: "]"): punctuation = .closeBracket
            case UInt8(ascii: ","): punctuation = .comma
            default: break
            }
            if let op {
                i += op.rawValue.utf8.count
                tokens.append(Token(kind: .comparison(op), range: TextRange(start, i)))
                continue
            }
            if let punctuation {
                i += 1
                tokens.append(Token(kind: .punctuation(punctuation), range: TextRange(start, i)))
                continue
            }
            let two = next == 0 ? "" : text(i, i + 2)
            let range = TextRange(start, start + (two == "&&" || two == "||" ? 2 : 1))
            switch (c, two) {
            case (_, "&&"): throw ExpressionError(range: range, message: "unexpected `&&`", help: "write `and`")
            case (_, "||"): throw ExpressionError(range: range, message: "unexpected `||`", help: "write `or`")
            case (UInt8(ascii: "!"), _): throw ExpressionError(range: range, message: "unexpected `!`", help: "write `not`, or `!=` to compare")
            case (UInt8(ascii: "="), _): throw ExpressionError(range: range, message: "unexpected `=`", help: "write `==` to compare")
            default:
                // Report the whole character, which may take several bytes.
                var end = i + 1
                while end < s.count, (s[end] & 0xC0) == 0x80 { end += 1 }
                throw ExpressionError(range: TextRange(start, end), message: "unexpected character `\(text(start, end))`")
            }
        }
        return tokens
    }
}

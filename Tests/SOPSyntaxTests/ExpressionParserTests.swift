import class Foundation.FileManager
import struct Foundation.Data
import struct Foundation.URL
import SOPCore
import SOPSyntax
import Testing

@Suite("Expression parser")
struct ExpressionParserTests {
    private func parse(_ text: String) throws -> Expression {
        try ExpressionParser.parse(text).get()
    }

    /// Fully parenthesized rendering, to make the tree's shape visible in assertions.
    private func shape(_ e: Expression) -> String {
        switch e {
        case .or(let parts): return "(" + parts.map(shape).joined(separator: " or ") + ")"
        case .and(let parts): return "(" + parts.map(shape).joined(separator: " and ") + ")"
        case .not(let inner, _): return "(not \(shape(inner)))"
        case .group(let inner, _): return shape(inner)
        default: return e.description
        }
    }

    @Test("integer literals read as Int(String) reads them, to the ends of Int", arguments: [
        "0", "-0", "7", "-7", "0042", "9223372036854775807", "-9223372036854775808", "-9223372036854775807",
    ])
    func integers(_ digits: String) throws {
        guard case .comparison(_, _, .literal(.int(let value), _), _) = try parse("x == " + digits) else {
            Issue.record("`x == \(digits)` is not a comparison with an int")
            return
        }
        #expect(value == Int(digits))
    }

    @Test("keywords are told from names that start like them", arguments: [
        ("android or innocent", "(android or innocent)"),
        ("notice and nothing", "(notice and nothing)"),
        ("truthy == falsey", "truthy == falsey"),
        ("order in ors", "order in ors"),
    ])
    func keywordPrefixes(_ input: String, _ expected: String) throws {
        #expect(shape(try parse(input)) == expected)
    }

    @Test("precedence: not binds tighter than and, and tighter than or", arguments: [
        ("a or b and c", "(a or (b and c))"),
        ("a and b or c", "((a and b) or c)"),
        ("not a and b", "((not a) and b)"),
        ("not a or not b and c", "((not a) or ((not b) and c))"),
        ("(a or b) and c", "((a or b) and c)"),
        ("a or b or c", "(a or b or c)"),
        ("(a or b) or c", "((a or b) or c)"),
        ("a and b and c or d and e", "((a and b and c) or (d and e))"),
        ("not not a", "(not (not a))"),
        ("x > 3 and 'v' in s or r == 'EU'", "((x > 3 and 'v' in s) or r == 'EU')"),
        ("x not in [1, 2] and y", "(x not in [1, 2] and y)"),
    ])
    func precedence(_ input: String, _ expected: String) throws {
        #expect(shape(try parse(input)) == expected)
    }

    @Test("atoms keep their operands and ranges")
    func atoms() throws {
        guard case .comparison(.identifier("account_age_days", let r1), .less, .literal(.int(30), let r2), _) = try parse("account_age_days < 30") else {
            Issue.record("not a comparison")
            return
        }
        #expect(r1 == TextRange(0, 16))
        #expect(r2 == TextRange(19, 21))
        guard case .membership(.literal(.string("2fa"), _), negated: false, .identifier("recent_changes", let r3), _) = try parse("'2fa' in recent_changes") else {
            Issue.record("not a membership test")
            return
        }
        #expect(r3 == TextRange(9, 23))
        guard case .comparison(.identifier("common.region", _), .equal, .literal(.string("EU"), _), _) = try parse("common.region == \"EU\"") else {
            Issue.record("qualified names and double quotes")
            return
        }
        guard case .comparison(_, .greaterOrEqual, .literal(.int(-5), _), _) = try parse("x >= -5") else {
            Issue.record("negative integers")
            return
        }
    }

    @Test("every syntax error names the token and, where one exists, the fix", arguments: [
        ("a && b", TextRange(2, 4), "unexpected `&&`", "write `and`"),
        ("a || b", TextRange(2, 4), "unexpected `||`", "write `or`"),
        ("!a", TextRange(0, 1), "unexpected `!`", "write `not`, or `!=` to compare"),
        ("a = 3", TextRange(2, 3), "unexpected `=`", "write `==` to compare"),
        ("(a or b", TextRange(7, 7), "expected `)` to close the `(`, found the end of the expression", nil),
        ("a or", TextRange(4, 4), "expected an input, a literal or `(`, found the end of the expression", nil),
        ("a b", TextRange(2, 3), "unexpected `b` after the end of the expression", nil),
        ("x in [1, ", TextRange(9, 9), "expected a literal in the list, found the end of the expression", "list values are quoted strings, integers, `true` or `false`"),
        ("x in [1 2]", TextRange(8, 9), "expected `,` or `]` in the list, found `2`", nil),
        ("x in []", TextRange(6, 7), "expected a literal in the list, found `]`", "list values are quoted strings, integers, `true` or `false`"),
        ("x in 3", TextRange(5, 6), "expected a list `[...]` or a set input after `in`, found `3`", nil),
        ("x == 'open", TextRange(5, 10), "unterminated string", "close it with '"),
        ("x == 12ab", TextRange(5, 8), "a name cannot start with a digit", nil),
        ("x == 99999999999999999999", TextRange(5, 25), "integer `99999999999999999999` is out of range", nil),
        ("x == 9223372036854775808", TextRange(5, 24), "integer `9223372036854775808` is out of range", nil),
        ("x == -9223372036854775809", TextRange(5, 25), "integer `-9223372036854775809` is out of range", nil),
        ("x == 3 AND y", TextRange(7, 10), "unexpected `AND` after the end of the expression", "keywords are lower-case: write `and`"),
        ("é == 1", TextRange(0, 1), "unexpected character `é`", nil),
        ("r == 'é' and #", TextRange(13, 14), "unexpected character `#`", nil),
        ("", TextRange(0, 0), "expected an input, a literal or `(`, found the end of the expression", nil),
        ("x ==", TextRange(4, 4), "expected an input, a literal or `(`, found the end of the expression", nil),
    ] as [(String, TextRange, String, String?)])
    func errors(_ input: String, _ range: TextRange, _ message: String, _ help: String?) {
        switch ExpressionParser.parse(input) {
        case .success(let e):
            Issue.record("parsed `\(input)` as \(e)")
        case .failure(let error):
            #expect(error.message == message)
            #expect(error.range == range)
            #expect(error.help == help)
        }
    }

    // MARK: - Round trip

    /// Random expressions from the grammar, printed, parsed and printed again: the text must be stable
    /// and the tree's shape preserved.
    @Test("a string holding a quote followed by a combining mark prints in the other quotes and parses back (found by fuzzing)",
          arguments: ["\"'\u{35A}\"", "'\"\u{301}'", "x == \"a'\u{301}b\""])
    func quoteWithCombiningMarkRoundTrips(_ text: String) throws {
        guard case .success(let e) = ExpressionParser.parse(text) else { Issue.record("\(text) does not parse"); return }
        guard case .success(let again) = ExpressionParser.parse(e.description) else { Issue.record("print \(e.description) does not parse"); return }
        #expect(again.description == e.description)
    }

    @Test("every input of the fuzzing corpus (Fuzz/corpus/expression, crashes found included) prints as text that parses back to the same print")
    func fuzzCorpusRoundTrips() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus/expression").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.count > 50)
        for name in files {
            let text = String(decoding: try Data(contentsOf: dir.appendingPathComponent(name)), as: UTF8.self)
            guard case .success(let e) = ExpressionParser.parse(text) else { continue }
            guard case .success(let again) = ExpressionParser.parse(e.description) else { Issue.record("\(name): print \(e.description) does not parse"); continue }
            #expect(again.description == e.description, "\(name)")
        }
    }

    @Test("parse -> print -> parse round-trips on 3,000 random expressions")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let text = randomExpression(&rng, depth: 4)
            let first = try parse(text)
            let printed = first.description
            let second = try parse(printed)
            #expect(second.description == printed, "unstable print of \(text)")
            #expect(shape(second) == shape(first), "shape changed: \(text) -> \(printed)")
        }
    }

    @Test("nesting past 64 levels stops at the token that goes too deep, however deep the text is", arguments: [
        ("(", 30_000, 64), ("not ", 16_000, 256), ("not (", 40, 160),
    ])
    func depthLimit(_ opener: String, _ levels: Int, _ offset: Int) {
        let closers = String(repeating: ")", count: opener.filter { $0 == "(" }.count * levels)
        let text = String(repeating: opener, count: levels) + "a" + closers
        guard case .failure(let error) = ExpressionParser.parse(text) else {
            Issue.record("accepted")
            return
        }
        #expect(error.message == "the expression nests more than 64 levels of parentheses and `not`")
        #expect(error.range.lower == offset)
    }

    @Test("64 levels are accepted, and the tree is exactly that deep")
    func depthAtTheLimit() throws {
        func depth(_ e: Expression) -> Int {
            switch e {
            case .or(let parts), .and(let parts): return 1 + parts.map(depth).max()!
            case .not(let inner, _), .group(let inner, _): return 1 + depth(inner)
            default: return 1
            }
        }
        #expect(depth(try parse(String(repeating: "not ", count: 64) + "a")) == 65)
        #expect(depth(try parse(String(repeating: "(", count: 64) + "a" + String(repeating: ")", count: 64))) == 65)
    }

    @Test("an expression longer than 64 KiB is rejected before it is tokenized")
    func lengthLimit() throws {
        let text = String(repeating: "a or ", count: 20_000) + "b"
        guard case .failure(let error) = ExpressionParser.parse(text) else {
            Issue.record("accepted")
            return
        }
        #expect(error.message == "the expression is 100001 bytes long; the limit is 65536")
        #expect(error.range == TextRange(0, 0))
    }

    @Test("an and/or chain is one flat node with every term, in order")
    func flatChains() throws {
        let terms = (0..<6_000).map { "x\($0)" }
        guard case .or(let parts) = try parse(terms.joined(separator: " or ")) else {
            Issue.record("not an or")
            return
        }
        #expect(parts.map(\.description) == terms)
        guard case .and(let andParts) = try parse("a and b and not c") else {
            Issue.record("not an and")
            return
        }
        #expect(andParts.count == 3)
    }

    private func randomExpression(_ rng: inout SplitMix64, depth: Int) -> String {
        let names = ["a", "b_2", "age", "common.region", "x-y"]
        if depth == 0 || rng.below(6) == 0 {
            let name = names[rng.below(names.count)]
            switch rng.below(6) {
            case 0: return name
            case 1: return "\(name) \(["==", "!=", "<", "<=", ">", ">="][rng.below(6)]) \(rng.below(200) - 100)"
            case 2: return "'v\(rng.below(3))' \(rng.below(2) == 0 ? "in" : "not in") \(name)"
            case 3: return "\(name) in [\((0...rng.below(3)).map { "'e\($0)'" }.joined(separator: ", "))]"
            case 4: return rng.below(2) == 0 ? "true" : "false"
            default: return "\(rng.below(10)) < \(name)"
            }
        }
        switch rng.below(4) {
        case 0: return "\(randomExpression(&rng, depth: depth - 1)) and \(randomExpression(&rng, depth: depth - 1))"
        case 1: return "\(randomExpression(&rng, depth: depth - 1)) or \(randomExpression(&rng, depth: depth - 1))"
        case 2: return "not \(randomExpression(&rng, depth: depth - 1))"
        default: return "(\(randomExpression(&rng, depth: depth - 1)))"
        }
    }
}

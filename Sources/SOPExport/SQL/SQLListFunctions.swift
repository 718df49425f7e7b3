/// `Spelling.suggestion` written as one SQL expression, for engines with higher-order functions over
/// lists: the candidate closest to a word by `Spelling.distance` (optimal string alignment: Levenshtein
/// plus adjacent transpositions, on lowercased text, by character), the first at the least distance, NULL
/// when none is within `limit`.
///
/// The distance is the dynamic-programming table of `Spelling.distance`, one row per character of the
/// word (a fold keeping the last two rows), each row built cell by cell by a second fold. The candidates
/// are one literal list, so the expression, and the Java Spark generates for it, does not grow with
/// their number.
struct SQLListFunctions: Sendable {
    /// A fold: `list`, then a lambda over the accumulator and the element, from `initial`.
    var fold: @Sendable (_ list: String, _ accumulator: String, _ element: String, _ body: String, _ initial: String) -> String
    /// A map: `list`, then a lambda over the element.
    var map: @Sendable (_ list: String, _ element: String, _ body: String) -> String
    /// The integers `from...to` as a list (`to` at least `from`).
    var range: @Sendable (_ from: String, _ to: String) -> String
    /// A list literal of already-written values.
    var list: @Sendable ([String]) -> String
    /// A list with one more element at its end.
    var append: @Sendable (_ list: String, _ value: String) -> String
    /// The element at a 0-based index.
    var at: @Sendable (_ list: String, _ index: String) -> String
    /// A struct of named, already-written values; and one of its fields.
    var record: @Sendable (_ fields: [(String, String)]) -> String
    var field: @Sendable (_ record: String, _ name: String) -> String
    /// The least element; the 1-based position of a value's first occurrence.
    var least: @Sendable (String) -> String
    var position: @Sendable (_ list: String, _ value: String) -> String

    /// The elements for which a lambda over the element holds; the first `count` elements.
    var filter: @Sendable (_ list: String, _ element: String, _ body: String) -> String
    var prefix: @Sendable (_ list: String, _ count: Int) -> String

    /// `candidates` are string literals already written in the dialect; like `Spelling.suggestion`, at
    /// most `measured` of them are measured, the first within the length window.
    func closest(_ word: String, among candidates: [String], within limit: String, measured: Int) -> String {
        let a = "lower(\(word))", b = "lower(sop_c)"
        func char(_ text: String, _ i: String) -> String { "substr(\(text), \(i), 1)" }
        let previous = field("sop_t", "p"), beforePrevious = field("sop_t", "pp")
        let substitution = "CASE WHEN \(char(a, "sop_i")) = \(char(b, "sop_j")) THEN 0 ELSE 1 END"
        let transposition = "CASE WHEN sop_i > 1 AND sop_j > 1 AND \(char(a, "sop_i")) = \(char(b, "sop_j - 1")) AND \(char(a, "sop_i - 1")) = \(char(b, "sop_j")) THEN \(at(beforePrevious, "sop_j - 2")) + 1 ELSE 999 END"
        let cell = "least(\(at(previous, "sop_j")) + 1, \(at("sop_r", "sop_j - 1")) + 1, \(at(previous, "sop_j - 1")) + \(substitution), \(transposition))"
        let row = fold(range("1", "length(\(b))"), "sop_r", "sop_j", append("sop_r", cell), list(["sop_i"]))
        let first = range("0", "length(\(b))")
        let rows = fold(range("1", "length(\(a))"), "sop_t", "sop_i", record([("pp", previous), ("p", row)]), record([("pp", first), ("p", first)]))
        let table = at(field("(\(rows))", "p"), "length(\(b))")
        let distance = "CASE WHEN length(\(a)) = 0 THEN length(\(b)) WHEN length(\(b)) = 0 THEN length(\(a)) ELSE \(table) END"
        // The candidates within the length window, the first `measured` of them (the list is written once).
        let window = filter(list(candidates), "sop_c", "abs(length(sop_c) - length(\(word))) <= \(limit)")
        let names = candidates.count > measured ? prefix(window, measured) : window
        let distances = map(names, "sop_c", distance)
        // The first candidate at the least distance, as `Spelling.suggestion` keeps the earlier on ties.
        let pick = "CASE WHEN \(least("sop_d")) <= \(limit) THEN \(at(names, "\(position("sop_d", least("sop_d"))) - 1")) END"
        return at(map(list([distances]), "sop_d", pick), "0")
    }

    static let spark = SQLListFunctions(
        fold: { "aggregate(\($0), \($4), (\($1), \($2)) -> \($3))" },
        map: { "transform(\($0), \($1) -> \($2))" },
        range: { "sequence(\($0), \($1))" },
        list: { "array(\($0.joined(separator: ", ")))" },
        append: { "concat(\($0), array(\($1)))" },
        at: { "\($0)[\($1)]" },
        record: { "named_struct(" + $0.map { "'\($0.0)', \($0.1)" }.joined(separator: ", ") + ")" },
        field: { "\($0).\($1)" },
        least: { "array_min(\($0))" },
        position: { "CAST(array_position(\($0), \($1)) AS INT)" },
        filter: { "filter(\($0), \($1) -> \($2))" },
        prefix: { "slice(\($0), 1, \($1))" })

    static let duckdb = SQLListFunctions(
        fold: { "list_reduce(\($0), lambda \($1), \($2): \($3), \($4))" },
        map: { "list_transform(\($0), lambda \($1): \($2))" },
        range: { "generate_series(\($0), \($1))" },
        list: { "[\($0.joined(separator: ", "))]" },
        append: { "list_append(\($0), \($1))" },
        at: { "\($0)[\($1) + 1]" },
        record: { "{" + $0.map { "'\($0.0)': \($0.1)" }.joined(separator: ", ") + "}" },
        field: { "\($0)['\($1)']" },
        least: { "list_min(\($0))" },
        position: { "list_position(\($0), \($1))" },
        filter: { "list_filter(\($0), lambda \($1): \($2))" },
        prefix: { "\($0)[1:\($1)]" })
}

/// `Spelling.suggestion` written as one scalar subquery with a recursive CTE, for engines without
/// higher-order list functions (Postgres): the candidate closest to a word by `Spelling.distance`
/// (optimal string alignment: Levenshtein plus adjacent transpositions, on lowercased text, by character),
/// the first at the least distance, NULL when none is within `limit`.
///
/// The recursion computes the distance table of every candidate within the length window one row per
/// step, keeping the row before as an array. A row's cell `j` is the least of deleting, substituting and
/// transposing (which read only the rows before) and of inserting after cell `j - 1`; the insertions are
/// folded in at once as a running minimum, `row[j] = j + min over k ≤ j of (x[k] - k)`, a window
/// function, so a step needs no loop. Like `Spelling.suggestion`, it measures at most `measured`
/// candidates (the first within the window). The candidates are one literal array, so the query does not
/// grow with them beyond their names.
enum SQLRecursiveDistance {
    /// `candidates` are string literals already written in the dialect; `textArray` is the array type.
    static func closest(_ word: String, among candidates: [String], within limit: String, measured: Int, textArray: String) -> String {
        let char = { (text: String, i: String) in "substr(\(text), \(i), 1)" }
        let i = "(t.i + 1)"
        // Cell j of row i before insertions: arrays are 1-based, so `p[j + 1]` is the cell above.
        let cell = """
        least(t.p[g + 1] + 1, t.p[g] + CASE WHEN \(char("w.a", i)) = \(char("c.b", "g")) THEN 0 ELSE 1 END, \
        CASE WHEN \(i) > 1 AND g > 1 AND \(char("w.a", i)) = \(char("c.b", "g - 1")) AND \(char("w.a", "\(i) - 1")) = \(char("c.b", "g")) THEN t.pp[g - 1] + 1 END)
        """
        let row = """
        ARRAY(SELECT x.j + min(x.v - x.j) OVER (ORDER BY x.j) FROM (SELECT 0 AS j, \(i) AS v UNION ALL \
        SELECT g, \(cell) FROM generate_series(1, length(c.b)) AS g) AS x ORDER BY x.j)
        """
        return """
        (WITH RECURSIVE sop_w(a, n, lim) AS (SELECT lower(\(word)), length(\(word)), \(limit)),
          sop_c(k, c, b) AS (SELECT k, c, lower(c) FROM (SELECT u.k, u.c, row_number() OVER (ORDER BY u.k) AS m \
        FROM unnest(CAST(ARRAY[\(candidates.joined(separator: ", "))] AS \(textArray))) WITH ORDINALITY AS u(c, k), sop_w \
        WHERE abs(length(u.c) - sop_w.n) <= sop_w.lim) AS x WHERE m <= \(measured)),
          sop_t(k, i, pp, p) AS (SELECT c.k, 0, CAST(NULL AS int[]), ARRAY(SELECT generate_series(0, length(c.b))) FROM sop_c c
            UNION ALL
            SELECT t.k, t.i + 1, t.p, \(row)
            FROM sop_t t JOIN sop_c c ON c.k = t.k CROSS JOIN sop_w w WHERE t.i < length(w.a))
        SELECT c.c FROM sop_t t JOIN sop_c c ON c.k = t.k CROSS JOIN sop_w w
        WHERE t.i = length(w.a) AND t.p[length(c.b) + 1] <= w.lim ORDER BY t.p[length(c.b) + 1], t.k LIMIT 1)
        """
    }
}

import SOPCore
import SOPGraph
/// How a dialect computes the did-you-mean hint of `Spelling.suggestion`.
enum SQLHint: Sendable {
    /// sopc's own distance, with the engine's higher-order list functions (`SQLListFunctions.closest`).
    case closest(SQLListFunctions)
    /// sopc's own distance, with a recursive CTE in a scalar subquery (`SQLRecursiveDistance`).
    case recursive
    /// sopc's own distance, in a JavaScript function (`SQLJavaScriptSuggestion`) that the script
    /// declares before its first statement: `declare` writes that declaration, ending in `;`, from the
    /// function's name and body.
    case javaScript(declare: @Sendable (_ name: String, _ body: String) -> String)
}

/// How the walk of a deep SOP is cut into stages (`SQLDialect.stages`).
struct SQLStages: Sendable {
    /// Levels per stage; 0 writes one query whatever the depth.
    var levels: Int
    /// The statements that compute `query` into a table or cached view called `name`, the last ending in `;`.
    var materialize: @Sendable (_ name: String, _ query: String) -> String
}

/// Everything that differs between the SQL engines the export targets, in one table.
///
/// The generator writes one query shape for every engine; only the spellings below change. Each entry
/// is a plain value or a small function of already-written SQL fragments.
struct SQLDialect: Sendable {
    /// The `--dialect` value.
    var name: String
    /// Quotes an identifier (a column or table name as the user's table spells it).
    var identifier: @Sendable (String) -> String
    /// A string literal, in NFC (`CanonicalText`): text compares as NFC on both sides.
    var string: @Sendable (String) -> String
    /// A text expression in NFC, so a sample's text matches by `CanonicalText`'s rule as native replay
    /// does; Spark has no normalization function, so there the table's text must already be in NFC.
    var nfc: @Sendable (String) -> String
    var stringType: String
    var doubleType: String
    var intType: String
    var boolType: String
    /// An array of strings (set inputs, the `path` field).
    var arrayType: String
    /// `'member' in input` on an array column, three-valued: NULL when the array is NULL.
    var contains: @Sendable (_ array: String, _ member: String) -> String
    /// The element at a 1-based index, NULL when the index is past the end.
    var element: @Sendable (_ array: String, _ index: String) -> String
    /// The number of elements (used only on a non-NULL array).
    var count: @Sendable (String) -> String
    /// The first element (in order) not in a list of literals, NULL when there is none.
    var firstNotIn: @Sendable (_ array: String, _ list: String) -> String
    /// Joins string expressions with a separator, skipping NULLs.
    var joinSkippingNulls: @Sendable (_ parts: [String], _ separator: String) -> String
    /// Whether a text holds U+0000, which native replay rejects as `encoding` (`RejectKind.nulReason`);
    /// `nil` where a text column cannot hold one at all (Postgres), so its loader rejects the row.
    var hasNUL: (@Sendable (String) -> String)?
    /// How the did-you-mean hint is computed.
    var hint: SQLHint
    /// A table of literal rows: `columns` names, each row already-written literals.
    var inlineTable: @Sendable (_ columns: [String], _ rows: [[String]]) -> String
    /// An ORDER BY key for text, compared byte by byte as sopc does.
    var textOrder: @Sendable (String) -> String
    /// One row per step of a `path` text (`a > b > c`), column `step`, from relation `from` with column
    /// `path`: `SELECT … AS step FROM from …`.
    var steps: @Sendable (_ from: String, _ path: String, _ separator: String) -> String

    /// The dialects, by `--dialect` value.
    static let all: [SQLDialect] = [duckdb, spark, bigquery, postgres]

    /// A column a step of the walk passes on unchanged. Spark's whole-stage code generation gives a
    /// projection a Java method of its own only when the projection reads every column of the one before
    /// at least twice (`ProjectExec.usedInputs`); otherwise it inlines the whole chain of steps into one
    /// method, past the JVM's 64 KB limit. `greatest(c, c)` is the same value read twice (docs/sql.md).
    var carry: @Sendable (String) -> String = { $0 }

    /// How a deep SOP's walk is cut into stages the engine plans and materialises one after another
    /// (docs/sql.md, "Deep SOPs"): `levels` per stage by default (0: one query whatever the depth), and
    /// the statements that materialise a stage's query under a name, each ending in `;` at a line end.
    var stages = SQLStages(levels: 0, materialize: { name, query in "CREATE TEMP TABLE \(name) AS\n\(query);" })

    /// Written after every subquery of the walk to keep the engine from merging it into the one that
    /// reads it. Postgres substitutes a simple subquery's expressions into every reference to them; a
    /// step reads the one before several times, so merged steps grow exponentially with the levels.
    /// `OFFSET 0` keeps each step a subquery of its own, streamed, not stored.
    var fence = ""

    /// `DecisionPath.separator` as a string literal of this dialect.
    var pathSeparator: String { string(DecisionPath.separator) }

    static func named(_ name: String) -> SQLDialect? { all.first { $0.name == name } }

    // MARK: - The table

    static let duckdb = SQLDialect(
        name: "duckdb",
        identifier: doubleQuoted, string: standardString, nfc: { "nfc_normalize(\($0))" }, stringType: "VARCHAR", doubleType: "DOUBLE", intType: "BIGINT", boolType: "BOOLEAN", arrayType: "VARCHAR[]",
        contains: { "list_contains(\($0), \($1))" },
        element: { "\($0)[\($1)]" },
        count: { "len(\($0))" },
        firstNotIn: { "list_filter(\($0), lambda m: m NOT IN (\($1)))[1]" },
        joinSkippingNulls: { "concat_ws(\($1), \($0.joined(separator: ", ")))" },
        hasNUL: { "contains(\($0), chr(0))" },
        hint: .closest(.duckdb),
        inlineTable: valuesTable,
        textOrder: { $0 },
        steps: { "SELECT unnest(string_split(\($1), \($2))) AS step FROM \($0)" },
        stages: SQLStages(levels: 0, materialize: { name, query in "CREATE OR REPLACE TEMP TABLE \(name) AS\n\(query);" }))

    static let spark = SQLDialect(
        name: "spark",
        identifier: backquoted, string: backslashString, nfc: { $0 }, stringType: "STRING", doubleType: "DOUBLE", intType: "BIGINT", boolType: "BOOLEAN", arrayType: "ARRAY<STRING>",
        contains: { "array_contains(\($0), \($1))" },
        element: { "try_element_at(\($0), \($1))" },
        count: { "size(\($0))" },
        firstNotIn: { "try_element_at(filter(\($0), m -> NOT m IN (\($1))), 1)" },
        joinSkippingNulls: { "concat_ws(\($1), \($0.joined(separator: ", ")))" },
        hasNUL: { "(instr(\($0), char(0)) > 0)" },
        hint: .closest(.spark),
        inlineTable: valuesTable,
        textOrder: { $0 },
        steps: { "SELECT explode(split(\($1), \($2))) AS step FROM \($0)" },
        carry: { "greatest(\($0), \($0))" },
        // Spark's planning time grows with the chain, past usefulness beyond a few dozen levels; each stage
        // is written to a table, so the next one is planned over a table, not over the chain before it
        // (a cached view keeps the chain in its plan: each stage then takes longer to plan). docs/sql.md.
        stages: SQLStages(levels: 8, materialize: { name, query in "DROP TABLE IF EXISTS \(name);\nCREATE TABLE \(name) USING parquet AS\n\(query);" }))

    static let bigquery = SQLDialect(
        name: "bigquery",
        identifier: backquoted, string: backslashString, nfc: { "NORMALIZE(\($0), NFC)" }, stringType: "STRING", doubleType: "FLOAT64", intType: "INT64", boolType: "BOOL", arrayType: "ARRAY<STRING>",
        // `x IN UNNEST(NULL)` is FALSE in BigQuery; a missing set must stay unknown.
        contains: { "(CASE WHEN \($0) IS NULL THEN NULL ELSE \($1) IN UNNEST(\($0)) END)" },
        element: { "\($0)[SAFE_ORDINAL(\($1))]" },
        count: { "ARRAY_LENGTH(\($0))" },
        firstNotIn: { "(SELECT m FROM UNNEST(\($0)) AS m WITH OFFSET AS o WHERE m NOT IN (\($1)) ORDER BY o LIMIT 1)" },
        joinSkippingNulls: { "ARRAY_TO_STRING([\($0.joined(separator: ", "))], \($1))" },
        hasNUL: { "(STRPOS(\($0), CODE_POINTS_TO_STRING([0])) > 0)" },
        // No higher-order array functions, no recursion in a correlated subquery: a temporary JS function.
        hint: .javaScript { name, body in
            "CREATE TEMP FUNCTION \(name)(word STRING, candidates ARRAY<STRING>)\nRETURNS STRING\nLANGUAGE js AS r\"\"\"\n\(body)\n\"\"\";"
        },
        inlineTable: { columns, rows in
            "UNNEST([" + rows.map { r in
                "STRUCT(" + zip(r, columns).map { "\($0) AS \($1)" }.joined(separator: ", ") + ")"
            }.joined(separator: ",\n  ") + "])"
        },
        textOrder: { $0 },
        steps: { "SELECT step FROM \($0), UNNEST(SPLIT(\($1), \($2))) AS step" })

    static let postgres = SQLDialect(
        name: "postgres",
        identifier: doubleQuoted, string: standardString, nfc: { "normalize(\($0), NFC)" }, stringType: "TEXT", doubleType: "DOUBLE PRECISION", intType: "BIGINT", boolType: "BOOLEAN", arrayType: "TEXT[]",
        contains: { "(\($1) = ANY(\($0)))" },
        element: { "\($0)[\($1)]" },
        count: { "cardinality(\($0))" },
        firstNotIn: { "(SELECT m FROM unnest(\($0)) WITH ORDINALITY AS u(m, o) WHERE m NOT IN (\($1)) ORDER BY o LIMIT 1)" },
        joinSkippingNulls: { "concat_ws(\($1), \($0.joined(separator: ", ")))" },
        // TEXT cannot hold U+0000: `COPY` and `INSERT` reject it, so no row holds one.
        hasNUL: nil,
        hint: .recursive,
        inlineTable: valuesTable,
        textOrder: { "\($0) COLLATE \"C\"" },
        steps: { "SELECT unnest(string_to_array(\($1), \($2))) AS step FROM \($0)" },
        stages: SQLStages(levels: 0, materialize: { name, query in "DROP TABLE IF EXISTS \(name);\nCREATE TEMP TABLE \(name) AS\n\(query);" }),
        fence: "\n  OFFSET 0")

    // MARK: - Shared spellings

    private static let doubleQuoted: @Sendable (String) -> String = { Escape.sqlIdentifier($0, quote: "\"") }
    private static let backquoted: @Sendable (String) -> String = { Escape.sqlIdentifier($0, quote: "`") }
    /// Standard SQL: quotes doubled, backslashes literal.
    private static let standardString: @Sendable (String) -> String = { Escape.sqlString(CanonicalText.nfc($0)) }
    /// Spark and BigQuery read backslash escapes inside string literals.
    private static let backslashString: @Sendable (String) -> String = { Escape.sqlBackslashString(CanonicalText.nfc($0)) }
    private static let valuesTable: @Sendable ([String], [[String]]) -> String = { columns, rows in
        "(VALUES\n  " + rows.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: ",\n  ") + ") AS t(" + columns.joined(separator: ", ") + ")"
    }
}

import Foundation
import SOPCompiler
import SOPCore
import SOPGraph
import SOPReplay
import Testing
@testable import SOPExport

/// The SQL export's shape: every dialect, the options' errors, linear size on merges, one step per level.
/// Whether the SQL computes what native replay computes is checked by running it on DuckDB
/// (Tests/e2e/test_sql_duckdb.py), Spark (scripts/spark_replay.py) and sqlglot (Tests/e2e/test_sql_dialects.py).
@Suite struct SQLExportTests {
    /// A SOP of `k` diamonds in a row: each diamond's two branches merge again, so there are 2^k routes.
    static func ladder(_ k: Int) -> String {
        var out = """
        sop: ladder
        title: Ladder
        inputs:
          flag: bool
          size: { type: int, range: [0, 100] }
        outcomes:
          done: { title: Done }
          stop: { title: Stop }
        start: d0
        nodes:

        """
        for i in 0..<k {
            let next = i + 1 < k ? "d\(i + 1)" : "done"
            out += """
              d\(i):
                question: "Diamond \(i)?"
                match: first
                branches:
                  - when: "flag"
                    then: l\(i)
                  - else: r\(i)
              l\(i):
                question: "Left \(i)?"
                match: first
                branches:
                  - when: "size > \(i)"
                    then: \(next)
                  - else: stop
              r\(i):
                question: "Right \(i)?"
                match: first
                branches:
                  - when: "size < \(i + 50)"
                    then: \(next)
                  - else: stop

            """
        }
        return out
    }

    static func export(_ yaml: String, _ settings: [String: String] = [:]) throws -> String {
        let compilation = try Compiler.compile(files: ["t.sop.yaml"], loader: MemoryLoader(["t.sop.yaml": yaml]))
        #expect(compilation.diagnostics.filter { $0.severity == .error }.isEmpty)
        let sop = try #require(compilation.program.sops.first { $0.start != nil })
        let request = ExportRequest(program: compilation.program, sops: [sop.id], options: ExportOptions(settings: settings))
        return try #require(Exporters.named("sql")).export(request).first?.contents ?? ""
    }

    @Test func registeredAsSQL() {
        #expect(Exporters.formats.contains("sql"))
    }

    @Test func sizeGrowsLinearlyWithMerges() throws {
        let small = try Self.export(Self.ladder(10)).utf8.count
        let large = try Self.export(Self.ladder(40)).utf8.count
        // 2^40 routes would be astronomically larger; one copy of each node is about 4x.
        #expect(large < 5 * small, "ladder(10): \(small) bytes, ladder(40): \(large) bytes")
    }

    @Test func oneStepPerLevel() throws {
        let sql = try Self.export(Self.ladder(5))
        // Levels: d0, {l0, r0}, d1, ... : 2 per diamond.
        #expect(sql.contains("sop_d10 AS ("))
        #expect(!sql.contains("sop_d11 AS ("))
        #expect(sql.contains("-- 10 levels, 15 nodes."))
    }

    @Test func everyDialect() throws {
        for dialect in ["duckdb", "spark", "bigquery", "postgres"] {
            let sql = try Self.export(Self.ladder(2), ["dialect": dialect])
            #expect(sql.contains("through \(dialect) SQL"))
            let metrics = try Self.export(Self.ladder(2), ["dialect": dialect, "metrics": "true"])
            #expect(metrics.components(separatedBy: ";\n").count == 5)
        }
    }

    @Test("a text value holding U+0000 is an `encoding` rejection with native replay's reason, where the dialect's text can hold one")
    func nulIsAnEncodingRejection() throws {
        let yaml = """
            sop: t
            title: T
            inputs:
              e: { type: enum, values: [a, b] }
              s: string
              m: { type: set, values: [x, y] }
              n: int
            outcomes:
              yes: { title: Yes }
              no: { title: No }
            start: d
            nodes:
              d:
                question: D?
                branches:
                  - when: "e == 'a' and s == 'q' and 'x' in m and n > 1"
                    then: yes
                  - else: no
            """
        for dialect in SQLDialect.all {
            let sql = try Self.export(yaml, ["dialect": dialect.name])
            let reasons = ["e", "s", "m", "label", "ai", "path"].map { dialect.string(RejectKind.nulReason(field: $0)) }
            if let hasNUL = dialect.hasNUL {
                for r in reasons { #expect(sql.contains(r), "\(dialect.name): \(r)") }
                #expect(sql.contains(hasNUL("sop_i0")) && sql.contains(hasNUL("sop_label")) && sql.contains(dialect.string("encoding")))
                // The int input is typed: no NUL check on it.
                #expect(!sql.contains(hasNUL("sop_i3")))
            } else {
                for r in reasons { #expect(!sql.contains(r), "\(dialect.name): \(r)") }
            }
        }
    }

    @Test("BigQuery declares sopc's suggestion rule as a JavaScript function once, before the query, and calls it per hint")
    func bigQueryHintFunction() throws {
        let sql = try Self.export(Self.ladder(40), ["dialect": "bigquery"])
        let statements = sql.components(separatedBy: ";\n")
        #expect(statements.count == 2)
        #expect(statements[0].contains("CREATE TEMP FUNCTION sop_suggestion(word STRING, candidates ARRAY<STRING>)\nRETURNS STRING\nLANGUAGE js AS r\"\"\"\n"))
        #expect(statements[0].hasSuffix("\"\"\""))
        // The body keeps the export's splitting rule and carries Spelling's bounds.
        #expect(!SQLJavaScriptSuggestion.body.split(separator: "\n").contains { $0.hasSuffix(";") })
        #expect(SQLJavaScriptSuggestion.body.contains("> \(Spelling.maximumLength)) return null"))
        #expect(SQLJavaScriptSuggestion.body.contains("> \(Spelling.maximumCandidates)) break"))
        // Label, ai and the path's first unknown node, each over one literal list of candidates (the
        // path's: every node of the ladder, however many).
        #expect(statements[1].components(separatedBy: "sop_suggestion(").count - 1 == 3)
        #expect(statements[1].contains("sop_suggestion(sop_fp, ['d0', "))
        #expect(!statements[1].contains("EDIT_DISTANCE"))
        #expect(try !Self.export(Self.ladder(2), ["dialect": "spark"]).contains("CREATE TEMP FUNCTION"))
    }

    @Test func unknownDialectIsAUsageError() {
        #expect(throws: ExportError.self) { try Self.export(Self.ladder(1), ["dialect": "oracle"]) }
    }

    @Test func stringLiteralsPerDialect() {
        #expect(SQLDialect.duckdb.string("it's \\ ok") == "'it''s \\ ok'")
        #expect(SQLDialect.postgres.string("it's") == "'it''s'")
        #expect(SQLDialect.spark.string("it's \\ ok") == "'it\\'s \\\\ ok'")
        #expect(SQLDialect.bigquery.string("a\nb") == "'a\\nb'")
        #expect(SQLDialect.spark.identifier("common.region") == "`common.region`")
        #expect(SQLDialect.duckdb.identifier("a\"b") == "\"a\"\"b\"")
        // Literals are written in NFC, and each dialect that can normalises sample text to NFC.
        for d in SQLDialect.all { #expect(d.string("cafe\u{301}").unicodeScalars.contains("\u{E9}")) }
        #expect(SQLDialect.duckdb.nfc("x") == "nfc_normalize(x)")
        #expect(SQLDialect.postgres.nfc("x") == "normalize(x, NFC)")
        #expect(SQLDialect.bigquery.nfc("x") == "NORMALIZE(x, NFC)")
    }

    @Test func fieldNamesAndTable() throws {
        let sql = try Self.export(Self.ladder(1), ["table": "warehouse.decisions", "label-field": "qa_label", "path-field": ""])
        #expect(sql.contains("FROM warehouse.decisions"))
        #expect(sql.contains("nfc_normalize(\"qa_label\") AS sop_label"))
        #expect(sql.contains("NULL AS sop_spec"))
        #expect(!sql.contains("-- column: \"path\""))
    }

    @Test func sparkStepsReadEveryColumnTwice() throws {
        // Spark gives a projection its own generated method only when it reads each column of the one
        // before at least twice; a step's pass-through is spelt as the column read twice.
        let sql = try Self.export(Self.ladder(3), ["dialect": "spark"])
        #expect(sql.contains("greatest(sop_id, sop_id) AS sop_id"))
        #expect(sql.contains("THEN greatest(sop_out, sop_out) ELSE"))
        #expect(!sql.contains(".*"))
        // Other engines keep the plain spelling.
        let duck = try Self.export(Self.ladder(3))
        #expect(!duck.contains("greatest("))
        #expect(try !Self.export(Self.ladder(3), ["dialect": "postgres"]).contains("greatest("))
        #expect(duck.contains("SELECT sop_s0.*,"))
    }

    @Test func deepSOPsAreWrittenInStages() throws {
        // ladder(40) has 80 levels: Spark's default writes it in stages, the last being the replay query.
        let sql = try Self.export(Self.ladder(40), ["dialect": "spark"])
        let levels = SQLDialect.spark.stages.levels
        let stages = (80 + levels - 1) / levels
        #expect(stages > 1)
        #expect(sql.components(separatedBy: "\nCREATE TABLE `sop_ladder_stage").count == stages)
        #expect(sql.contains("DROP TABLE IF EXISTS `sop_ladder_stage\(stages - 1)`;\n"))
        // The last stage reads the one before it, and the replay query reads the last level's step.
        #expect(sql.contains("FROM `sop_ladder_stage\(stages - 1)`\n"))
        #expect(sql.hasSuffix("FROM sop_s80\n"))
        // Every level is decided exactly once across the stages.
        for l in 1...80 { #expect(sql.components(separatedBy: "sop_d\(l) AS (").count == 2) }
        // Statements end with `;` at a line end and nowhere else.
        let ends = sql.split(separator: "\n").filter { $0.hasSuffix(";") }
        #expect(ends.count == 2 * (stages - 1))
        // Shallow SOPs and other dialects stay one query; `--stage-levels` sets the size anywhere.
        #expect(!(try Self.export(Self.ladder(3), ["dialect": "spark"])).contains("CREATE TABLE"))
        #expect(!(try Self.export(Self.ladder(40))).contains("CREATE"))
        let duck = try Self.export(Self.ladder(5), ["stage-levels": "4"])
        #expect(duck.components(separatedBy: "CREATE OR REPLACE TEMP TABLE \"sop_ladder_stage").count == 3)
        #expect(try Self.export(Self.ladder(40), ["dialect": "spark", "stage-levels": "0"]).contains("sop_d80 AS (") )
        #expect(!(try Self.export(Self.ladder(40), ["dialect": "spark", "stage-levels": "0"])).contains("CREATE TABLE"))
        #expect(throws: ExportError.self) { try Self.export(Self.ladder(1), ["stage-levels": "-1"]) }
        #expect(throws: ExportError.self) { try Self.export(Self.ladder(1), ["stage-levels": "two"]) }
    }

    @Test func postgresStepsAreFenced() throws {
        // Postgres would substitute each step into the next; `OFFSET 0` keeps every step a subquery.
        let sql = try Self.export(Self.ladder(3), ["dialect": "postgres"])
        #expect(sql.components(separatedBy: "\n  OFFSET 0\n)").count == 3 + 2 * 6 + 1)
        #expect(!(try Self.export(Self.ladder(3))).contains("OFFSET 0"))
    }

    @Test(arguments: ["spark", "duckdb", "postgres"]) func hintIsWrittenOnce(dialect: String) throws {
        // The hint's candidates are one literal array: the query grows by the names only, not by an
        // expression per candidate, and the node hint is kept however many nodes there are.
        let small = try Self.export(Self.ladder(10), ["dialect": dialect])
        let large = try Self.export(Self.ladder(40), ["dialect": dialect])
        let table = ["spark": "aggregate(sequence(1, length(", "duckdb": "list_reduce(generate_series(1, length(",
                     "postgres": "WITH RECURSIVE sop_w("][dialect]!
        #expect(small.components(separatedBy: table).count == large.components(separatedBy: table).count)
        #expect(small.components(separatedBy: table).count > 1)
        #expect(large.contains("'r39'"))
        #expect(small.contains("; did you mean `"))
    }
}

import SOPGraph
import SOPReplay

/// `sopc export --format sql`: the SOP's replay as a query for DuckDB, Spark, BigQuery or Postgres, or
/// with `--metrics` the replay summary computed from that query's result (docs/sql.md).
///
/// Settings: `dialect` (default `duckdb`), `table` (the samples table; with `metrics`, the per-row
/// result, default `sop_replay`), `metrics`, and the sample field names `id-field`, `label-field`,
/// `labeler-field`, `ai-field`, `path-field` (an empty name: the table has no such column), and `stage-levels`
/// (levels per materialised stage of a deep SOP's script; 0: one query; default: the dialect's).
struct SQLExporter: Exporter {
    static let format = "sql"
    static let summary = "replay as SQL for DuckDB, Spark, BigQuery or Postgres (--dialect, --table, --metrics)"

    func export(_ request: ExportRequest) throws(ExportError) -> [ExportArtifact] {
        let settings = request.options.settings
        let dialectName = settings["dialect"] ?? "duckdb"
        guard let dialect = SQLDialect.named(dialectName) else {
            throw ExportError("unknown --dialect `\(dialectName)`; use " + SQLDialect.all.map(\.name).joined(separator: ", "))
        }
        guard request.sops.count == 1, let sop = request.sops.first else {
            let names = request.sops.map { "`\(request.program[$0].name)`" }.joined(separator: ", ")
            throw ExportError("the SQL export replays one SOP; name it with --sop (here: \(names))")
        }
        guard request.program[sop].start != nil else {
            throw ExportError("`\(request.program[sop].name)` is a library (no `start`); export a SOP with nodes")
        }
        let graph = ReplayGraph(program: request.program, sop: sop)
        let metrics = settings["metrics"] == "true"
        let table = settings["table"] ?? (metrics ? "sop_replay" : "samples")
        guard !table.isEmpty else { throw ExportError("--table needs a table name") }
        var fields = FieldNames()
        fields.id = settings["id-field"] ?? fields.id
        fields.label = settings["label-field"] ?? fields.label
        fields.labeler = settings["labeler-field"] ?? fields.labeler
        fields.ai = settings["ai-field"] ?? fields.ai
        fields.path = settings["path-field"] ?? fields.path
        guard !fields.label.isEmpty else { throw ExportError("--label-field cannot be empty: replay needs the label") }
        let name = request.program[sop].name
        if metrics {
            return [ExportArtifact(name: "\(name)-metrics.sql", contents: SQLMetricsQuery(graph: graph, table: table, dialect: dialect).write())]
        }
        var levelsPerStage: Int?
        if let text = settings["stage-levels"] {
            guard let n = Int(text), n >= 0 else { throw ExportError("--stage-levels needs a whole number of levels, 0 or more (0: one query)") }
            levelsPerStage = n
        }
        let query = try SQLReplayQuery(graph: graph, fields: fields, table: table, dialect: dialect, levelsPerStage: levelsPerStage).write()
        return [ExportArtifact(name: "\(name).sql", contents: query + "\n")]
    }
}

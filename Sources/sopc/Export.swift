import ArgumentParser
import Foundation
import SOPCore
import SOPExport
import SOPGraph

extension SOPC {
    /// `sopc export --format FORMAT TREE...`: turn checked SOPs into other formats.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export SOPs to other formats.",
            discussion: "Exit status: 0 written, 1 the SOPs have errors, 2 usage or I/O error.")

        @Argument(help: "SOP files or folders.")
        var paths: [String]

        @Option(help: "Output format.")
        var format: Choice<ExportFormats>

        @Option(help: "Export only the SOP with this `sop:` id.")
        var sop: String?

        @Option(help: "Seed for generated material (quizzes).")
        var seed: UInt64 = 0

        @Option(help: "SQL dialect (--format sql): duckdb, spark, bigquery, postgres.")
        var dialect: String?

        @Option(help: "Table the SQL reads (--format sql): the samples, or with --metrics the replay result.")
        var table: String?

        @Flag(help: "With --format sql: the replay summary computed from the replay query's result.")
        var metrics = false

        @Option(help: "Levels per stage of a deep SOP's SQL script (--format sql; 0: one query; default: 8 for spark, 0 otherwise).")
        var stageLevels: String?

        @Option(help: "Field holding the sample id (--format sql; empty: none).") var idField: String?
        @Option(help: "Field holding the specialist's outcome (--format sql).") var labelField: String?
        @Option(help: "Field holding the specialist's name (--format sql; empty: none).") var labelerField: String?
        @Option(help: "Field holding the AI's outcome (--format sql; empty: none).") var aiField: String?
        @Option(help: "Field holding the specialist's node path (--format sql; empty: none).") var pathField: String?

        @Option(name: [.short, .customLong("output")], help: "A file, or a folder for formats that write several files; standard output when omitted.")
        var output: String?

        func run() throws {
            guard let exporter = Exporters.named(format.name) else {
                throw ExitStatus.usageError("unknown --format `\(format.name)`")
            }
            if let output, !ExportWriting.isFolder(output) {
                try Output.check([("-o", output)], inputs: try SOPLoading.expand(paths))
            }
            let compilation = try SOPLoading.compile(paths)
            let sops = try SOPLoading.exportable(compilation, sop: sop, paths: paths)
            var settings: [String: String] = [:]
            settings["dialect"] = dialect
            settings["table"] = table
            settings["metrics"] = metrics ? "true" : nil
            settings["id-field"] = idField
            settings["label-field"] = labelField
            settings["labeler-field"] = labelerField
            settings["ai-field"] = aiField
            settings["path-field"] = pathField
            settings["stage-levels"] = stageLevels
            let request = ExportRequest(program: compilation.program, sops: sops, options: ExportOptions(seed: seed, settings: settings))
            let artifacts: [ExportArtifact]
            do {
                artifacts = try exporter.export(request)
            } catch {
                throw ExitStatus.usageError(error.description)
            }
            try ExportWriting.write(artifacts, to: output, inputs: Array(compilation.sources.keys))
        }
    }
}

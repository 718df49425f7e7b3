import SOPCore
import SOPGraph

/// What an exporter is asked to export: the checked program and the SOPs the user named.
public struct ExportRequest: Sendable {
    public var program: Program
    /// The SOPs to export, in the order the user named their files (or the one `--sop` named).
    public var sops: [SOPID]
    public var options: ExportOptions

    public init(program: Program, sops: [SOPID], options: ExportOptions) {
        self.program = program
        self.sops = sops
        self.options = options
    }
}

/// Options some exporters read; each documents the ones it uses in `docs/export.md` or `docs/sql.md`.
public struct ExportOptions: Sendable {
    /// Seed for generated material (quizzes); the same seed gives byte-identical output.
    public var seed: UInt64 = 0
    /// Extra settings by name (`dialect`, `table`, …), as given on the command line.
    public var settings: [String: String] = [:]

    public init(seed: UInt64 = 0, settings: [String: String] = [:]) {
        self.seed = seed
        self.settings = settings
    }
}

/// One file an exporter produces. `name` is a relative file name, used when `-o` names a folder.
public struct ExportArtifact: Hashable, Sendable {
    public var name: String
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// Why an export could not be produced: a usage error (exit 2) with a message for the user.
public struct ExportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Turns the checked graph into one output format. Exporters read only the checked graph (and the
/// analysis results where they show conditions) and never print: the command line writes what they return.
public protocol Exporter: Sendable {
    /// The `--format` value.
    static var format: String { get }
    /// One line for `--help`.
    static var summary: String { get }
    init()
    func export(_ request: ExportRequest) throws(ExportError) -> [ExportArtifact]
}

/// The registry of export formats, one line per exporter, sorted by format.
public enum Exporters {
    public static let all: [any Exporter.Type] = [
        DotExporter.self,
        MarkdownExporter.self,
        MermaidExporter.self,
        SQLExporter.self,
    ]

    public static var formats: [String] { all.map { $0.format } }

    public static func named(_ format: String) -> (any Exporter)? {
        all.first { $0.format == format }.map { $0.init() }
    }
}

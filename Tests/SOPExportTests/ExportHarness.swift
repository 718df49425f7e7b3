import Foundation
import SOPCompiler
import SOPCore
import SOPExport
import SOPGraph
import Testing

/// Compiles SOPs and runs exporters the way `sopc export` does.
enum ExportHarness {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static var trees: String { root.appendingPathComponent("trees").path }

    /// Every shipped tree, compiled once, named `trees/…` as `sopc export trees/` at the repository root
    /// names them, so golden files do not depend on where the checkout lives.
    static let shipped: Compilation = {
        let loader = RepositoryLoader()
        let files = ((try? DiskLoader().expand([trees])) ?? []).map { String($0.dropFirst(root.path.count + 1)) }
        return (try? Compiler.compile(files: files, loader: loader)) ?? Compiler.compile(source: "", path: "empty.sop.yaml")
    }()

    /// Reads paths relative to the repository root.
    struct RepositoryLoader: SourceLoader {
        func read(_ path: String) throws(InputError) -> [UInt8] {
            try DiskLoader().read(path.hasPrefix("/") ? path : root.appendingPathComponent(path).path)
        }
        func identity(of path: String) -> String {
            DiskLoader().identity(of: path.hasPrefix("/") ? path : root.appendingPathComponent(path).path)
        }
    }

    /// The SOPs with a start (the decision trees, not the libraries).
    static var shippedTrees: [SOPID] { shipped.program.sops.filter { $0.start != nil }.map(\.id) }

    static func export(_ format: String, _ program: Program, _ sops: [SOPID], seed: UInt64 = 0) throws -> [ExportArtifact] {
        let exporter = try #require(Exporters.named(format), "no exporter `\(format)`")
        return try exporter.export(ExportRequest(program: program, sops: sops, options: ExportOptions(seed: seed)))
    }

    static func compile(_ source: String, path: String = "t.sop.yaml") -> Compilation {
        Compiler.compile(source: source, path: path)
    }

    static func golden(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden").appendingPathComponent(name)
    }

    /// Compares with a committed file, or rewrites it when `SOPC_RECORD=1`.
    static func assertGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = golden(name)
        if ProcessInfo.processInfo.environment["SOPC_RECORD"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(name) differs; review and re-record with SOPC_RECORD=1", sourceLocation: sourceLocation)
    }

    /// A tree whose every piece of user text is hostile markup.
    static let hostile = """
        sop: evil
        title: "</script><img src=x onerror=alert(1)>"
        owner: "<!-- owner -->"
        policy: "]]> {=~#} :: \\\\ `</script>`"
        inputs:
          flag:
            type: bool
            question: "</script><img src=x onerror=alert(1)>"
          count:
            type: int
            range: [0, 100]
            question: "\\"quoted\\" & <b>bold</b> | pipe ; semi end graph style click default"
        outcomes:
          end:
            title: "</script><img src=x onerror=alert(1)>"
            severity: critical
          graph:
            title: "<!-- \\" --> {~=#:}"
            severity: low
        start: style
        nodes:
          style:
            question: "</script><img src=x onerror=alert(1)>"
            guidance: "<script>alert(2)</script> [link](javascript:alert(3))"
            on: flag
            cases:
              true: click
              false: graph
          click:
            question: "<img src=x onerror=alert(4)> \\"--> end"
            match: first
            branches:
              - when: "count >= 50"
                then: end
              - else: graph
        examples:
          - name: "</script><img src=x onerror=alert(1)>"
            given: { flag: true, count: 50 }
            expect: end
        """
}

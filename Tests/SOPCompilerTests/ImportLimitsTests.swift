import SOPCompiler
import SOPCore
import Testing

/// Imports are bounded in depth and count, and confined to the project root.
@Suite("Import limits")
struct ImportLimitsTests {
    /// A library file (no nodes) with one outcome, importing `imports`.
    private static func library(_ id: String, imports: [String] = []) -> String {
        "sop: \(id)\ntitle: \(id)\n" + (imports.isEmpty ? "" : "import: [\(imports.joined(separator: ", "))]\n") + "outcomes:\n  done: { title: Done }\n"
    }

    private func importErrors(_ compilation: Compilation) -> [Diagnostic] {
        compilation.diagnostics.filter { $0.code == .importError }
    }

    @Test("a chain of imports deeper than 32 files stops with one import-error at the 33rd import")
    func depth() throws {
        var files: [String: String] = [:]
        for i in 0..<40 {
            files["f\(i).sop.yaml"] = Self.library("f\(i)", imports: i < 39 ? ["f\(i + 1).sop.yaml"] : [])
        }
        let c = try Compiler.compile(files: ["f0.sop.yaml"], loader: MemoryLoader(files))
        let errors = importErrors(c)
        #expect(errors.count == 1)
        #expect(errors.first?.file == "f31.sop.yaml")
        #expect(errors.first?.message == "imports are nested more than 32 files deep; `f32.sop.yaml` is not read")
        #expect(errors.first?.range.start.line == 3)
        #expect(c.sources.count == 32)
        // 32 files deep is accepted.
        let ok = try Compiler.compile(files: ["f8.sop.yaml"], loader: MemoryLoader(files))
        #expect(importErrors(ok).isEmpty)
    }

    @Test("one run reads at most 1,000 files through imports; those past it are one import-error, counted")
    func count() throws {
        var files: [String: String] = [:]
        let names = (0..<1_005).map { "l\($0).sop.yaml" }
        for (i, name) in names.enumerated() { files[name] = Self.library("l\(i)") }
        files["main.sop.yaml"] = Self.library("main", imports: names)
        let c = try Compiler.compile(files: ["main.sop.yaml"], loader: MemoryLoader(files))
        let errors = importErrors(c)
        #expect(errors.count == 1)
        #expect(errors.first?.message == "more than 1000 files are imported in one run; `l1000.sop.yaml` is not read, nor 4 more imported by this file")
        #expect(c.sources.count == 1_001)
    }

    @Test("an import outside the project root is refused without being read", arguments: [
        ("../secret.sop.yaml", "project"),
        ("/etc/secret.sop.yaml", "project"),
        ("../../x/../secret.sop.yaml", "project/sub"),
    ])
    func outside(_ path: String, _ folder: String) throws {
        let files = [
            "\(folder)/main.sop.yaml": Self.library("main", imports: [path]),
            Paths.join(folder, path): "sop: leaked\ntitle: SECRET CONTENT\n",
        ]
        let c = try Compiler.compile(files: ["\(folder)/main.sop.yaml"], loader: MemoryLoader(files))
        let errors = importErrors(c)
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("`\(path)` is outside the project (\(folder)); imports stay inside it") == true, "\(errors.map(\.message))")
        #expect(errors.first?.range.start.line == 3)
        #expect(c.sources.count == 1)
        #expect(!c.diagnostics.contains { $0.message.contains("SECRET") })
    }

    @Test("the project root given (the configuration's folder) lets files import across its subfolders")
    func projectRoot() throws {
        let files = [
            "p/a/main.sop.yaml": Self.library("main", imports: ["../shared/common.sop.yaml"]),
            "p/shared/common.sop.yaml": Self.library("common"),
        ]
        let confined = try Compiler.compile(files: ["p/a/main.sop.yaml"], loader: MemoryLoader(files))
        #expect(importErrors(confined).map(\.message) == ["`../shared/common.sop.yaml` is outside the project (p/a); imports stay inside it"])
        let open = try Compiler.compile(files: ["p/a/main.sop.yaml"], loader: MemoryLoader(files), projectRoot: "p")
        #expect(importErrors(open).isEmpty)
        // Files named from two folders: the root is the folder holding both.
        let both = try Compiler.compile(files: ["p/a/main.sop.yaml", "p/shared/common.sop.yaml"], loader: MemoryLoader(files))
        #expect(importErrors(both).isEmpty)
        // A project root that does not hold the named file is not used.
        let elsewhere = try Compiler.compile(files: ["p/a/main.sop.yaml"], loader: MemoryLoader(files), projectRoot: "q")
        #expect(importErrors(elsewhere).count == 1)
    }
}

import Foundation
import SOPChecks
import SOPCompiler
import SOPCore
import SOPDriver
import SOPGraph
import SOPSolver

/// Reads files from the editor's open buffers when open, else from the disk.
struct OverlayLoader: SourceLoader {
    var buffers: [String: [UInt8]]
    private let disk = DiskLoader()

    init(buffers: [String: [UInt8]]) {
        self.buffers = buffers
    }

    func read(_ path: String) throws(InputError) -> [UInt8] {
        if let bytes = buffers[Paths.normalize(path)] { return bytes }
        return try disk.read(path)
    }

    func identity(of path: String) -> String {
        let normalized = Paths.normalize(path)
        return buffers[normalized] != nil ? normalized : disk.identity(of: normalized)
    }

    func sopFiles(in folder: String) -> [String] { disk.sopFiles(in: folder) }

    func readIfSmall(_ path: String, limit: Int) -> [UInt8]? {
        if let bytes = buffers[Paths.normalize(path)] { return bytes.count <= limit ? bytes : nil }
        return disk.readIfSmall(path, limit: limit)
    }
}

/// One check of an open document at one version: the compilation (the file and what it imports), the
/// findings, and the index of the names written in each file involved.
struct Analysis: Sendable {
    var path: String
    var version: Int
    var run: CheckRun
    /// Whether the solver-based analyses ran (false for the quick structural pass).
    var semantic: Bool
    /// Indexes of the document and every file it imports, by path.
    var files: [String: FileIndex]
    /// Route finders for hover, built once per check (preparing one for a large SOP costs far more than
    /// asking it for the routes to one node).
    let routes = RouteCache()

    var compilation: Compilation { run.compilation }
    var program: Program { run.compilation.program }

    /// Compiles and checks `path` as the editor sees it: `buffers` hold every open document's text.
    static func check(path: String, version: Int, buffers: [String: [UInt8]], semantic: Bool) -> Analysis {
        let loader = OverlayLoader(buffers: buffers)
        // Imports are confined to the project of the nearest `.sopc.yaml`, as in `sopc check`.
        let root = (try? ProjectConfig.load(explicit: nil, disabled: false, start: Paths.directory(of: path)))?.importRoot
        let compilation: Compilation
        if let bytes = buffers[path] {
            compilation = Compiler.compile(source: String(decoding: bytes, as: UTF8.self), path: path, loader: loader, projectRoot: root)
        } else {
            compilation = (try? Compiler.compile(files: [path], loader: loader, projectRoot: root)) ?? Compiler.compile(source: "", path: path, loader: loader, projectRoot: root)
        }
        let run = CheckRun.check(compilation, semantic: semantic)
        return Analysis(path: path, version: version, run: run, semantic: semantic, files: [:])
    }

    /// The same analysis with the names of every file it read indexed (kept apart from `check` so the
    /// structural diagnostics are published before the index is built).
    func indexed() -> Analysis {
        var copy = self
        for (file, text) in compilation.sources.sorted(by: { $0.key < $1.key }) {
            copy.files[file] = FileIndex(path: file, text: DocumentText(path: file, text: text))
        }
        return copy
    }

    /// Prepares the route finder of the document's SOP, so the first hover does not pay for it.
    func warmRoutes() {
        if let sop = compilation.sop(inFile: path), compilation.validSOPs.contains(sop.id) {
            _ = routes.finder(program: program, sop: sop.id)
        }
    }

    /// Re-runs the checks with the semantic analyses on the same compilation; `run.cancelled` says when
    /// `cancellation` stopped them (the copy's findings then stand for nothing).
    func withSemantic(cancellation: Cancellation = .never) -> Analysis {
        var copy = self
        copy.run = CheckRun.check(compilation, semantic: true, cancellation: cancellation)
        copy.semantic = true
        return copy
    }

    /// The diagnostics that belong to the document itself. Notes (`analysis-skipped`: the semantic checks
    /// wait for the errors to be fixed) are left out: while typing, the errors themselves say enough.
    var diagnostics: [Diagnostic] { run.diagnostics.filter { $0.file == path && $0.severity != .note } }

    /// The SOP declared in `path`'s file, by its id.
    func sop(named name: String) -> SOP? { program.sop(named: name) }
}

/// Route finders by SOP, shared by the copies of one analysis.
final class RouteCache: @unchecked Sendable {
    private let lock = NSLock()
    private var finders: [SOPID: RouteFinder] = [:]

    /// The finder for `sop`; one caller at a time uses it (a finder keeps caches of its own).
    func withFinder<T>(program: Program, sop: SOPID, _ body: (RouteFinder) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(finderLocked(program: program, sop: sop))
    }

    func finder(program: Program, sop: SOPID) -> RouteFinder {
        lock.lock()
        defer { lock.unlock() }
        return finderLocked(program: program, sop: sop)
    }

    private func finderLocked(program: Program, sop: SOPID) -> RouteFinder {
        if let f = finders[sop] { return f }
        let f = RouteFinder(program: program, sop: sop)
        finders[sop] = f
        return f
    }
}

import SOPCore
import SOPGraph
import SOPSyntax

/// The result of compiling a set of SOP files and everything they import.
public struct Compilation: Sendable {
    /// The checked graph of every file compiled (named files and their imports).
    public var program: Program
    /// Every front-end diagnostic, in source order.
    public var diagnostics: [Diagnostic]
    /// Each file's text by the path it is displayed as, for code frames.
    public var sources: [String: String]
    /// The files the user named, expanded and as displayed.
    public var rootFiles: [String]
    /// SOPs whose own file and whose imports compiled without errors: semantic analyses and replay need
    /// these guarantees (every name resolved, every guard typed, no cycle).
    public var validSOPs: Set<SOPID>

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The SOP compiled from `file` (a path as displayed).
    public func sop(inFile file: String) -> SOP? {
        program.sops.first { $0.file == file }
    }
}

/// Compiles SOP files: reads each once, follows imports, and lowers every file into one `Program`.
///
/// Imports stay inside the project: an import that resolves (symbolic links followed) outside the project
/// root is an `import-error` naming the path, and the file is never read, so nothing of it is shown.
/// Chains of imports are at most `maximumImportDepth` files deep and one run reads at most
/// `maximumImportedFiles` files through imports (see `docs/limits.md`).
public struct Compiler {
    /// The longest chain of imports followed (a file importing a file importing ...). Real projects
    /// use two or three levels; the bound keeps the recursion far from the stack's end.
    public static let maximumImportDepth = 32
    /// The most distinct files one run reads through imports (files named on the command line are not
    /// counted). A real project imports a few shared libraries; the bound keeps a file listing thousands
    /// of imports from costing minutes.
    public static let maximumImportedFiles = 1_000

    private let loader: any SourceLoader
    /// The project root's identity: no import may resolve outside it.
    private var root: String = "/"
    private var importedFiles = 0
    private var program = Program()
    private var diagnostics: [Diagnostic] = []
    private var unresolved: [UnresolvedName] = []
    private var sources: [String: String] = [:]
    /// Where each file writes its imports, for the fix that adds one.
    private var importSites: [String: ImportSite] = [:]
    /// Compiled files by identity: the SOP they produced (nil for a file with no usable `sop` id).
    private var compiled: [String: SOPID?] = [:]
    /// Files being compiled, innermost last: an import of one of these is a cycle.
    private var inProgress: [(identity: String, display: String)] = []
    private var fileHasErrors: [SOPID: Bool] = [:]

    public init(loader: any SourceLoader = DiskLoader()) {
        self.loader = loader
    }

    /// Compiles the named files (already expanded from folders). A named file that cannot be read throws:
    /// that is a usage error, not a diagnostic.
    ///
    /// `projectRoot` is the folder imports are confined to (the configuration file's folder); when it is
    /// nil or does not hold every named file, the root is the deepest folder holding every named file.
    public static func compile(files: [String], loader: any SourceLoader = DiskLoader(), projectRoot: String? = nil) throws(InputError) -> Compilation {
        var compiler = Compiler(loader: loader)
        compiler.root = Self.root(of: files, projectRoot: projectRoot, loader: loader)
        var roots: [String] = []
        for file in files {
            let bytes = try loader.read(file)
            roots.append(file)
            _ = compiler.compileFile(file, bytes: bytes)
        }
        return compiler.finish(roots: roots)
    }

    /// Compiles one SOP given as text (imports are read through `loader`, confined as for `compile(files:)`).
    public static func compile(source: String, path: String, loader: any SourceLoader = MemoryLoader([:]), projectRoot: String? = nil) -> Compilation {
        var compiler = Compiler(loader: loader)
        compiler.root = Self.root(of: [path], projectRoot: projectRoot, loader: loader)
        _ = compiler.compileFile(path, bytes: Array(source.utf8))
        return compiler.finish(roots: [path])
    }

    /// The project root's identity: `projectRoot` when it holds every file, else the deepest folder
    /// holding every file.
    static func root(of files: [String], projectRoot: String?, loader: any SourceLoader) -> String {
        let folders = files.map { loader.identity(of: Paths.directory(of: $0)) }
        if let projectRoot {
            let root = loader.identity(of: projectRoot)
            if folders.allSatisfy({ Paths.isInside($0, root: root) }) { return root }
        }
        guard var common = folders.first else { return "." }
        for folder in folders.dropFirst() {
            var steps = 0
            while !Paths.isInside(folder, root: common), steps < 4_096, let up = Paths.parent(common) {
                common = up
                steps += 1
            }
        }
        return common
    }

    private func finish(roots: [String]) -> Compilation {
        var valid: Set<SOPID> = []
        for sop in program.sops where !(fileHasErrors[sop.id] ?? true) {
            var stack = [sop.id]
            var seen: Set<SOPID> = []
            var ok = true
            while let s = stack.popLast() {
                guard seen.insert(s).inserted else { continue }
                if fileHasErrors[s] ?? true { ok = false; break }
                stack += program[s].imports
            }
            if ok { valid.insert(sop.id) }
        }
        var nearby = NearbySOPs(loader: loader, root: root, compiled: Set(compiled.keys))
        let diagnostics = ImportedNames.notImported(unresolved, program: program, sites: importSites, sources: sources, nearby: &nearby, in: diagnostics)
        return Compilation(
            program: program,
            diagnostics: diagnostics.sorted(by: Diagnostic.sourceOrder),
            sources: sources,
            rootFiles: roots,
            validSOPs: valid)
    }

    // MARK: - Files

    /// Compiles a file unless it already was; returns its SOP.
    private mutating func compileFile(_ display: String, bytes: [UInt8]) -> SOPID? {
        let identity = loader.identity(of: display)
        if let done = compiled[identity] { return done }
        let source = SourceText(path: display, bytes: bytes)
        sources[display] = source.text
        let (syntax, syntaxDiagnostics) = SOPFileSyntax.parse(source)
        importSites[display] = ImportSite(syntax)
        var list = DiagnosticList(file: display)
        list.append(contentsOf: syntaxDiagnostics)

        inProgress.append((identity, display))
        var imports: [(SOPID, Located<String>)] = []
        var overLimit: [Located<String>] = []
        for path in syntax.imports {
            if let imported = compileImport(path, from: display, &list, overLimit: &overLimit) {
                imports.append((imported, path))
            }
        }
        inProgress.removeLast()
        // Imports past the run's limit are one diagnostic per file, at the first, counting the rest.
        if let first = overLimit.first {
            let more = overLimit.count > 1 ? ", nor \(overLimit.count - 1) more imported by this file" : ""
            list.add(.importError, first.range, "more than \(Self.maximumImportedFiles) files are imported in one run; `\(first.value)` is not read\(more)", help: "import a few shared library files instead of many small ones")
        }

        var lowering = FileLowering(syntax: consume syntax, program: program, diagnostics: list, imports: imports)
        let sop = lowering.lower()
        program = lowering.program
        diagnostics += lowering.diagnostics.items
        unresolved += lowering.unresolved
        compiled[identity] = .some(sop)
        if let sop { fileHasErrors[sop] = lowering.diagnostics.hasErrors }
        lowering.program = Program()
        Parallel.discard(lowering)
        return sop
    }

    private mutating func compileImport(_ path: Located<String>, from importer: String, _ list: inout DiagnosticList, overLimit: inout [Located<String>]) -> SOPID? {
        let display = Paths.join(Paths.directory(of: importer), path.value)
        let identity = loader.identity(of: display)
        guard Paths.isInside(identity, root: root) else {
            list.add(.importError, path.range, "`\(path.value)` is outside the project (\(root)); imports stay inside it", help: "move the file into the project, or put `.sopc.yaml` in a folder holding both files")
            return nil
        }
        if let cycleStart = inProgress.firstIndex(where: { $0.identity == identity }) {
            let chain = inProgress[cycleStart...].map { "`\($0.display)`" } + ["`\(display)`"]
            list.add(.importError, path.range, "import cycle: " + chain.joined(separator: " -> "), help: "move what both files share into a third file that neither imports back")
            return nil
        }
        if let done = compiled[identity] {
            if done == nil { list.add(.importError, path.range, "`\(display)` has no valid `sop` id, so nothing can be imported from it") }
            return done
        }
        guard inProgress.count < Self.maximumImportDepth else {
            list.add(.importError, path.range, "imports are nested more than \(Self.maximumImportDepth) files deep; `\(display)` is not read", help: "import shared files directly instead of through long chains")
            return nil
        }
        guard importedFiles < Self.maximumImportedFiles else {
            overLimit.append(path)
            return nil
        }
        importedFiles += 1
        let bytes: [UInt8]
        do {
            bytes = try loader.read(display)
        } catch {
            list.add(.importError, path.range, "cannot import `\(path.value)`: \(error)", help: "imports are resolved relative to the importing file's folder")
            return nil
        }
        guard let sop = compileFile(display, bytes: bytes) else {
            list.add(.importError, path.range, "`\(display)` has no valid `sop` id, so nothing can be imported from it")
            return nil
        }
        return sop
    }
}

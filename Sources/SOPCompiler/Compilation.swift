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
public struct Compiler {
    private let loader: any SourceLoader
    private var program = Program()
    private var diagnostics: [Diagnostic] = []
    private var sources: [String: String] = [:]
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
    public static func compile(files: [String], loader: any SourceLoader = DiskLoader()) throws(InputError) -> Compilation {
        var compiler = Compiler(loader: loader)
        var roots: [String] = []
        for file in files {
            let bytes = try loader.read(file)
            roots.append(file)
            _ = compiler.compileFile(file, bytes: bytes)
        }
        return compiler.finish(roots: roots)
    }

    /// Compiles one SOP given as text (imports are read through `loader`).
    public static func compile(source: String, path: String, loader: any SourceLoader = MemoryLoader([:])) -> Compilation {
        var compiler = Compiler(loader: loader)
        _ = compiler.compileFile(path, bytes: Array(source.utf8))
        return compiler.finish(roots: [path])
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
        var list = DiagnosticList(file: display)
        list.append(contentsOf: syntaxDiagnostics)

        inProgress.append((identity, display))
        var imports: [(SOPID, Located<String>)] = []
        for path in syntax.imports {
            if let imported = compileImport(path, from: display, &list) {
                imports.append((imported, path))
            }
        }
        inProgress.removeLast()

        var lowering = FileLowering(syntax: consume syntax, program: program, diagnostics: list, imports: imports)
        let sop = lowering.lower()
        program = lowering.program
        diagnostics += lowering.diagnostics.items
        compiled[identity] = .some(sop)
        if let sop { fileHasErrors[sop] = lowering.diagnostics.hasErrors }
        lowering.program = Program()
        Parallel.discard(lowering)
        return sop
    }

    private mutating func compileImport(_ path: Located<String>, from importer: String, _ list: inout DiagnosticList) -> SOPID? {
        let display = Paths.join(Paths.directory(of: importer), path.value)
        let identity = loader.identity(of: display)
        if let cycleStart = inProgress.firstIndex(where: { $0.identity == identity }) {
            let chain = inProgress[cycleStart...].map { "`\($0.display)`" } + ["`\(display)`"]
            list.add(.importError, path.range, "import cycle: " + chain.joined(separator: " -> "), help: "move what both files share into a third file that neither imports back")
            return nil
        }
        if let done = compiled[identity] {
            if done == nil { list.add(.importError, path.range, "`\(display)` has no valid `sop` id, so nothing can be imported from it") }
            return done
        }
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

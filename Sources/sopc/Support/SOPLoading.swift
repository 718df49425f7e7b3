import SOPCompiler
import SOPCore
import SOPDriver
import SOPGraph
import SOPReplay

/// Reading SOPs and samples the same way in every subcommand, with the same usage errors (exit 2).
enum SOPLoading {
    /// Compiles `files` (folders expanded to their `*.sop.yaml` files); exits with status 2 when they
    /// cannot be read.
    static func compile(_ files: [String]) throws -> Compilation {
        do {
            let loader = DiskLoader()
            return try Compiler.compile(files: try loader.expand(files), loader: loader)
        } catch {
            throw ExitStatus.usageError(error.description)
        }
    }

    /// The SOP files `paths` name: folders expanded to the files the configuration selects; exits with
    /// status 2 when a path does not exist or a folder holds none.
    static func files(_ paths: [String], config: ProjectConfig) throws -> [String] {
        do {
            return try config.files(paths)
        } catch {
            throw ExitStatus.usageError(error.description)
        }
    }

    /// Applies fixes to `files` (already expanded), in memory; exits with status 2 when they cannot be read.
    static func fix(_ files: [String], unsafe: Bool, semantic: Bool) throws -> CheckFix {
        do {
            return try CheckFix.fix(files: files, loader: DiskLoader(), unsafe: unsafe, semantic: semantic)
        } catch {
            throw ExitStatus.usageError(error.description)
        }
    }

    /// Writes fixed files atomically; a file that changed on disk since it was read is left alone.
    static func write(_ fixed: CheckFix) throws {
        for path in fixed.texts.keys.sorted() {
            guard let text = fixed.texts[path], let original = fixed.originals[path] else { continue }
            let current = try? DiskLoader().read(path)
            guard current == Array(original.utf8) else {
                throw ExitStatus.usageError("`\(path)` changed while it was being fixed (or is not UTF-8); nothing written to it")
            }
            try Output.write(text, to: path)
        }
    }

    /// The replay graph of the SOP in `tree` (or the one named `sop`), which must compile cleanly.
    static func graph(tree: String, sop name: String?) throws -> ReplayGraph {
        let compilation = try compile([tree])
        let target: SOP?
        if let name {
            target = compilation.program.sop(named: name)
            guard target != nil else {
                let suggestion = Spelling.suggestion(for: name, among: compilation.program.sops.map(\.name))
                throw ExitStatus.usageError("no SOP `\(name)` in \(tree)" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
            }
        } else {
            target = compilation.rootFiles.first.flatMap(compilation.sop(inFile:))
        }
        guard let sop = target else { throw ExitStatus.usageError("\(tree) declares no SOP") }
        // Replay needs what the checks guarantee too (no cycles, decisions that cover their cases).
        let errors = CheckRun.check(compilation).errorCount
        guard compilation.validSOPs.contains(sop.id), errors == 0 else {
            throw ExitStatus.usageError("\(tree) has errors; run `sopc check \(tree)` and fix them first")
        }
        guard sop.start != nil else {
            throw ExitStatus.usageError("`\(sop.name)` is a library (no `start`); replay a SOP with nodes")
        }
        return ReplayGraph(program: compilation.program, sop: sop.id)
    }

    /// The SOPs `sopc export` exports: the one named `sop`, else every SOP declared in the files named on
    /// the command line. Exits with status 1 when the program has errors (a diagram of a broken tree
    /// would teach the wrong thing).
    static func exportable(_ compilation: Compilation, sop name: String?, paths: [String]) throws -> [SOPID] {
        let program = compilation.program
        let named = compilation.rootFiles.compactMap(compilation.sop(inFile:)).map(\.id)
        var chosen = named
        if let name {
            guard let s = program.sop(named: name) else {
                let suggestion = Spelling.suggestion(for: name, among: program.sops.map(\.name))
                throw ExitStatus.usageError("no SOP `\(name)` in " + paths.joined(separator: ", ") + (suggestion.map { "; did you mean `\($0)`?" } ?? "; SOPs: " + named.map { "`\(program[$0].name)`" }.joined(separator: ", ")))
            }
            chosen = [s.id]
        }
        guard CheckRun.check(compilation).errorCount == 0 else {
            throw ExitStatus.findingsError("the SOPs have errors; run `sopc check " + paths.joined(separator: " ") + "` and fix them first")
        }
        return chosen
    }

    /// The format of a sample file: `--input-format` when given, else from the file name; standard input
    /// (`-`) defaults to JSON Lines.
    static func sampleFormat(_ inputFormat: String?, of path: String) throws -> SampleFormat {
        if let inputFormat {
            guard let f = SampleFormat(rawValue: inputFormat) else {
                throw ExitStatus.usageError("unknown --input-format `\(inputFormat)`; use jsonl or csv")
            }
            return f
        }
        if path == "-" { return .jsonl }
        guard let f = SampleFormat.infer(fromPath: path) else {
            throw ExitStatus.usageError("cannot tell the format of `\(path)` from its name; pass --input-format jsonl or csv")
        }
        return f
    }
}

import SOPChecks
import SOPCompiler
import SOPCore
import SOPDriver
import SOPGraph
import SOPReplay

/// Reading SOPs and samples the same way in every subcommand, with the same usage errors (exit 2).
enum SOPLoading {
    /// Compiles `files` (folders expanded to their `*.sop.yaml` files); exits with status 2 when they
    /// cannot be read. Imports are confined to `config`'s project root (the configuration in effect is
    /// looked up when none is given).
    static func compile(_ files: [String], config: ProjectConfig? = nil) throws -> Compilation {
        do {
            let loader = DiskLoader()
            return try Compiler.compile(files: try loader.expand(files), loader: loader, projectRoot: importRoot(config))
        } catch {
            throw ExitStatus.usageError(error.description)
        }
    }

    /// The folder imports are confined to: that of the configuration in effect, if any. A command without
    /// `--config` options uses the nearest `.sopc.yaml`; an unreadable one leaves the default root.
    static func importRoot(_ config: ProjectConfig?) -> String? {
        (config ?? (try? ProjectConfig.load(explicit: nil, disabled: false)))?.importRoot
    }

    /// `files` with folders expanded to their `*.sop.yaml` files; exits with status 2 when they cannot be listed.
    static func expand(_ files: [String]) throws -> [String] {
        do {
            return try DiskLoader().expand(files)
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
    static func fix(_ files: [String], config: ProjectConfig, unsafe: Bool, limits: AnalysisLimits, semantic: Bool) throws -> CheckFix {
        do {
            return try CheckFix.fix(files: files, loader: DiskLoader(), projectRoot: config.importRoot, unsafe: unsafe, limits: limits, semantic: semantic)
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

    /// The replay graph of the SOP samples go through (`ReplayTarget`: the one named `sop`, else the one
    /// declared in `paths`); exits with status 2 when there is none that may be replayed.
    static func graph(paths: [String], sop name: String?) throws -> ReplayGraph {
        try graph(compile(paths), paths: paths, sop: name)
    }

    /// The same, over a compilation already made.
    static func graph(_ compilation: Compilation, paths: [String], sop name: String?) throws -> ReplayGraph {
        do {
            let sop = try ReplayTarget.choose(in: compilation, sop: name, paths: paths)
            return ReplayGraph(program: compilation.program, sop: sop)
        } catch {
            throw ExitStatus.usageError(error.message)
        }
    }

    /// The SOPs `sopc export` exports: the one named `sop`, else every SOP declared in the files named on
    /// the command line. Exits with status 1 when `ExportCheck` finds errors (a diagram of a broken tree
    /// would teach the wrong thing).
    static func exportable(_ compilation: Compilation, sop name: String?, paths: [String]) throws -> [SOPID] {
        let named = compilation.rootFiles.compactMap(compilation.sop(inFile:)).map(\.id)
        var chosen = named
        if let name {
            let s: SOP
            switch SOPLookup.find(name, in: compilation, paths: paths) {
            case .success(let found): s = found
            case .failure(let failure): throw ExitStatus.usageError(failure.message)
            }
            chosen = [s.id]
        }
        let errors = ExportCheck.errors(compilation)
        if let first = errors.first {
            let count = errors.count == 1 ? "an error" : "\(errors.count) errors"
            throw ExitStatus.findingsError("the SOPs have \(count) (first: \(first.file):\(first.range.start): \(first.code.id)); run `sopc check " + paths.joined(separator: " ") + "` and fix them first")
        }
        return chosen
    }

    /// The format of a sample file (`SampleFormat.resolve`), as a usage error when it cannot be told.
    static func sampleFormat(_ inputFormat: SampleFormat?, of path: String) throws -> SampleFormat {
        do {
            return try SampleFormat.resolve(inputFormat?.rawValue, path: path)
        } catch {
            throw ExitStatus.usageError(error.message)
        }
    }
}

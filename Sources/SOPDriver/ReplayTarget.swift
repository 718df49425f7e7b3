import SOPCompiler
import SOPCore
import SOPGraph

/// The one rule for which SOP samples go through (`sopc replay`, `sopc test --samples`, `sopc run`) and
/// when a SOP may be replayed at all.
///
/// - The SOP is the one named with `--sop`; without it, the one SOP with nodes declared in the files named
///   on the command line (several are a usage error asking for `--sop`).
/// - It may be replayed when it has nodes (a `start`), compiled without errors (its imports too), and the
///   checks report no error in its file or a file it imports: replay walks the graph, so a cycle or a
///   decision that leaves cases uncovered would make the walk meaningless.
public enum ReplayTarget {
    /// Why no SOP can be replayed: a usage error, worded for the command line.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
        package init(_ message: String) { self.message = message }
    }

    /// The SOP `compilation` replays samples through. `paths` are the files as named on the command line,
    /// for messages; `checks` is the check run over `compilation` when the caller already has one.
    public static func choose(in compilation: Compilation, sop name: String?, paths: [String], checks: CheckRun? = nil) throws(Failure) -> SOPID {
        let program = compilation.program
        let named = paths.joined(separator: ", ")
        let sop: SOP
        if let name {
            let s = try SOPLookup.find(name, in: compilation, paths: paths).get()
            sop = s
        } else {
            let declared = compilation.rootFiles.compactMap(compilation.sop(inFile:))
            let candidates = declared.filter { $0.start != nil }
            guard candidates.count <= 1 else {
                throw Failure("several SOPs could be replayed (" + candidates.map { "`\($0.name)`" }.joined(separator: ", ") + "); choose one with --sop")
            }
            guard let only = candidates.first else {
                if let library = declared.first {
                    throw Failure("`\(library.name)` is a library (no `start`); replay a SOP with nodes")
                }
                throw Failure("\(named) declares no SOP")
            }
            sop = only
        }
        guard sop.start != nil else {
            throw Failure("`\(sop.name)` is a library (no `start`); replay a SOP with nodes")
        }
        let files = Set(importClosure(of: sop.id, in: program).map { program[$0].file })
        let run = checks ?? CheckRun.check(compilation)
        let broken = !compilation.validSOPs.contains(sop.id)
            || run.diagnostics.contains { $0.severity == .error && files.contains($0.file) }
        guard !broken else {
            throw Failure("`\(sop.name)` has errors; run `sopc check \(sop.file)` and fix them first")
        }
        return sop.id
    }

    /// `sop` and every SOP it imports, transitively.
    static func importClosure(of sop: SOPID, in program: Program) -> [SOPID] {
        var seen: Set<SOPID> = []
        var order: [SOPID] = []
        var stack = [sop]
        while let s = stack.popLast() {
            guard seen.insert(s).inserted else { continue }
            order.append(s)
            stack += program[s].imports
        }
        return order
    }
}

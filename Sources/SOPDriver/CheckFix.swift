import SOPCompiler
import SOPCore
import SOPChecks

/// `sopc check --fix`: fixes applied in rounds (a fix can uncover another) until none applies, each round
/// re-checked in memory. A round that would add an error the files did not have is not taken, and what
/// it would have changed is reported instead; nothing is written here.
public struct CheckFix: Sendable {
    /// The fixed text of every file that changed, by path as displayed.
    public var texts: [String: String]
    /// The original text of every file that changed.
    public var originals: [String: String]
    /// How many fixes were applied in all.
    public var applied: Int
    /// The check of the fixed files (the original check when nothing was fixed).
    public var run: CheckRun
    /// Errors the next round of fixes would have introduced; that round was not taken.
    public var refused: [Diagnostic]

    /// Applies the fixes the first check offers, and those the re-checks offer, to the named `files`.
    public static func fix(files: [String], loader: any SourceLoader = DiskLoader(), projectRoot: String? = nil, unsafe: Bool, limits: AnalysisLimits = .default, semantic: Bool = true, maxRounds: Int = 5) throws(InputError) -> CheckFix {
        var run = try CheckRun.check(files: files, loader: loader, projectRoot: projectRoot, limits: limits, semantic: semantic)
        let named = Set(run.compilation.rootFiles)
        let originals = run.compilation.sources
        let known = Set(run.diagnostics.filter { $0.severity == .error }.map(errorKey))
        var texts: [String: String] = [:]
        var applied = 0
        var refused: [Diagnostic] = []
        for _ in 0..<maxRounds {
            // Safe fixes first: a rename can make an unsafe fix (deleting what looked unused) wrong.
            var plan = FixApplication.apply(run.diagnostics, unsafe: false, to: run.compilation.sources, files: named)
            if plan.isEmpty && unsafe {
                plan = FixApplication.apply(run.diagnostics, unsafe: true, to: run.compilation.sources, files: named)
            }
            guard !plan.isEmpty else { break }
            var next = texts
            for (file, change) in plan { next[file] = change.text }
            let nextRun = try CheckRun.check(files: files, loader: OverlayLoader(base: loader, texts: next), projectRoot: projectRoot, limits: limits, semantic: semantic)
            let added = nextRun.diagnostics.filter { $0.severity == .error && !known.contains(errorKey($0)) }
            guard added.isEmpty else {
                refused = added
                break
            }
            texts = next
            run = nextRun
            applied += plan.values.map(\.count).reduce(0, +)
        }
        texts = texts.filter { originals[$0.key] != $0.value }
        return CheckFix(texts: texts, originals: originals.filter { texts[$0.key] != nil }, applied: applied, run: run, refused: refused)
    }

    private static func errorKey(_ d: Diagnostic) -> String {
        d.file + "\u{0}" + d.code.id + "\u{0}" + d.message
    }

    /// The unified diff of every changed file, in path order.
    public var diff: String {
        texts.keys.sorted().map { UnifiedDiff.render(path: $0, old: originals[$0] ?? "", new: texts[$0] ?? "") }.joined()
    }
}

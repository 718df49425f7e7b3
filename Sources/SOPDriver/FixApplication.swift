import SOPCompiler
import SOPCore

/// Applying fix-its to file texts, the way `sopc check --fix` does: the first fix each finding offers
/// that the chosen applicability allows, skipping any fix whose edits overlap one already taken (the next
/// run picks it up). Every byte outside the edits is kept.
public enum FixApplication {
    /// The fixes `--fix` takes (`safe`), or `--fix --unsafe-fixes` (`safe` and `unsafe`).
    public static func isApplicable(_ fix: FixIt, unsafe: Bool) -> Bool {
        fix.applicability == .safe || (unsafe && fix.applicability == .unsafe)
    }

    /// The fixed text of each file in `files` some diagnostic has an applicable fix for, with how many
    /// fixes were applied to it.
    public static func apply(_ diagnostics: [Diagnostic], unsafe: Bool, to sources: [String: String], files: Set<String>) -> [String: (text: String, count: Int)] {
        var chosen: [String: [FixIt]] = [:]
        for d in diagnostics where files.contains(d.file) {
            guard let fix = d.fixes.first(where: { isApplicable($0, unsafe: unsafe) }),
                  fix.edits.allSatisfy({ $0.span.file == d.file }) else { continue }
            if !(chosen[d.file]?.contains(fix) ?? false) { chosen[d.file, default: []].append(fix) }
        }
        var result: [String: (text: String, count: Int)] = [:]
        for (file, fixes) in chosen {
            guard let source = sources[file] else { continue }
            var taken: [TextEdit] = []
            var count = 0
            for fix in fixes.sorted(by: { ($0.edits.map(\.span.range.start.offset).min() ?? 0) < ($1.edits.map(\.span.range.start.offset).min() ?? 0) })
            where fix.edits.allSatisfy({ e in !taken.contains { overlaps($0, e) } }) {
                taken += fix.edits
                count += 1
            }
            guard count > 0 else { continue }
            result[file] = (apply(taken, to: source), count)
        }
        return result
    }

    /// `source` with `edits` (non-overlapping) applied; edits outside the text are ignored.
    public static func apply(_ edits: [TextEdit], to source: String) -> String {
        var bytes = Array(source.utf8)
        for e in edits.sorted(by: { $0.span.range.start.offset > $1.span.range.start.offset }) {
            let lower = e.span.range.start.offset, upper = e.span.range.end.offset
            guard 0 <= lower, lower <= upper, upper <= bytes.count else { continue }
            bytes.replaceSubrange(lower..<upper, with: Array(e.text.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Two edits conflict when their ranges overlap, or both insert at one place.
    static func overlaps(_ a: TextEdit, _ b: TextEdit) -> Bool {
        let (a0, a1) = (a.span.range.start.offset, a.span.range.end.offset)
        let (b0, b1) = (b.span.range.start.offset, b.span.range.end.offset)
        if a0 == a1 && b0 == b1 { return a0 == b0 }
        return a0 < b1 && b0 < a1
    }
}

/// Reads some files from memory and the rest from another loader: the compiler sees fixed texts before
/// they are written.
public struct OverlayLoader: SourceLoader {
    public var base: any SourceLoader
    /// Texts by the identity of the file they replace.
    public var texts: [String: String]

    public init(base: any SourceLoader, texts: [String: String]) {
        self.base = base
        var byIdentity: [String: String] = [:]
        for (path, text) in texts { byIdentity[base.identity(of: path)] = text }
        self.texts = byIdentity
    }

    public func read(_ path: String) throws(InputError) -> [UInt8] {
        if let text = texts[base.identity(of: path)] { return Array(text.utf8) }
        return try base.read(path)
    }

    public func identity(of path: String) -> String { base.identity(of: path) }

    public func sopFiles(in folder: String) -> [String] { base.sopFiles(in: folder) }

    public func readIfSmall(_ path: String, limit: Int) -> [UInt8]? {
        if let text = texts[base.identity(of: path)] { return text.utf8.count <= limit ? Array(text.utf8) : nil }
        return base.readIfSmall(path, limit: limit)
    }
}

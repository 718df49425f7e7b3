import Foundation
import SOPCore
import SOPSyntax

/// A SOP a file could import to resolve a name it uses: the SOP's id, its file (as displayed) and the
/// names it declares.
struct ImportCandidate: Sendable, Equatable {
    var sop: String
    var file: String
    var inputs: Set<String>
    var outcomes: Set<String>
    /// Whether it has a `start`, so a target may hand a case to it (a sub-tree call).
    var callable: Bool
}

/// The `*.sop.yaml` files next to a file that the run did not read, read just far enough to say which of
/// them declares a name the file uses without importing it (the did-you-mean for a SOP of the same
/// folder that is not imported).
///
/// A hint must not cost what the check costs, whatever the folder holds, so the reading is bounded (see
/// `docs/limits.md`): the first `maximumFiles` files of a folder in name order; files of at most
/// `maximumFileBytes`, `maximumBytes` in all per run; and a file is parsed only when its bytes contain
/// one of the names looked for, at most `maximumParses` per run. A file past a bound, outside the project
/// root, not a regular file, or without a valid `sop` id is simply not a candidate; nothing read here is
/// reported, except the ids and names a hint quotes.
struct NearbySOPs {
    /// Files looked at per folder (a folder of thousands of SOPs is listed, not read whole).
    static let maximumFiles = 1_000
    /// A SOP file is a few kilobytes; a larger file is not one to suggest.
    static let maximumFileBytes = 1 << 20
    /// Bytes read for hints in one run.
    static let maximumBytes = 32 << 20
    /// Files parsed for hints in one run (each parse costs about what checking the file costs).
    static let maximumParses = 32

    let loader: any SourceLoader
    /// The project root's identity: nothing outside it is read.
    let root: String
    /// Identities of the files the run compiled (the program already holds their SOPs).
    let compiled: Set<String>
    private(set) var bytesRead = 0
    private(set) var parses = 0
    /// Candidates by file identity (nil: read, not a candidate), so a folder seen for two names is read once.
    private var read: [String: ImportCandidate?] = [:]

    init(loader: any SourceLoader, root: String, compiled: Set<String>) {
        self.loader = loader
        self.root = root
        self.compiled = compiled
    }

    /// The SOPs of the files in `folder` that the run did not compile and whose text mentions one of
    /// `words`, in file-name order.
    mutating func candidates(in folder: String, mentioning words: Set<String>) -> [ImportCandidate] {
        guard Paths.isInside(loader.identity(of: folder), root: root) else { return [] }
        let needles = words.filter { !$0.isEmpty }.sorted().map { Array($0.utf8) }
        var result: [ImportCandidate] = []
        for path in loader.sopFiles(in: folder).prefix(Self.maximumFiles) {
            let identity = loader.identity(of: path)
            guard !compiled.contains(identity), Paths.isInside(identity, root: root) else { continue }
            if let known = read[identity] {
                if let known { result.append(known) }
                continue
            }
            let budget = min(Self.maximumFileBytes, Self.maximumBytes - bytesRead)
            guard budget > 0, let bytes = loader.readIfSmall(path, limit: budget) else { continue }
            bytesRead += bytes.count
            guard needles.contains(where: { Self.contains(bytes, $0) }), parses < Self.maximumParses else { continue }
            parses += 1
            let candidate = Self.declarations(of: SourceText(path: path, bytes: bytes))
            read[identity] = .some(candidate)
            if let candidate { result.append(candidate) }
        }
        return result
    }

    /// What a file declares, through the one SOP parser; nil for a file that does not parse or has no
    /// valid `sop` id. Its diagnostics are not reported: the file was not named nor imported.
    static func declarations(of source: SourceText) -> ImportCandidate? {
        let (syntax, diagnostics) = SOPFileSyntax.parse(source)
        guard let sop = syntax.sop?.value, !diagnostics.contains(where: { $0.code == .syntaxError }) else { return nil }
        return ImportCandidate(sop: sop, file: source.path, inputs: Set(syntax.inputs.map(\.name.value)),
                               outcomes: Set(syntax.outcomes.map(\.name.value)), callable: syntax.start != nil && syntax.hasNodes)
    }

    /// Whether `needle` occurs in `bytes` (a filter before parsing, so it may say yes for a name that only
    /// appears in a comment).
    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= bytes.count else { return false }
        let first = needle[0], last = bytes.count - needle.count
        var i = 0
        while i <= last {
            if bytes[i] == first, bytes[(i + 1)..<(i + needle.count)].elementsEqual(needle[1...]) { return true }
            i += 1
        }
        return false
    }
}

/// Where a file's imports are written, to add one: the `import` key and its entries, and the `sop` and
/// `title` values (a new `import:` line goes after them, where the shipped trees write it).
struct ImportSite: Sendable {
    var key: SourceRange?
    var items: [SourceRange]
    var sop: SourceRange?
    var title: SourceRange?

    init(_ syntax: SOPFileSyntax) {
        key = syntax.importKey
        items = syntax.imports.map(\.range)
        sop = syntax.sop?.range
        title = syntax.title?.range
    }

    /// Whether the file has an `import:` key (the help then says to add to it).
    var hasKey: Bool { key != nil }

    /// The edit that adds `path` to the imports, for the layouts files are written in: a one-line flow
    /// list (`import: [a.sop.yaml]`, `import: []`), a block list (one `- a.sop.yaml` per line), or no
    /// `import:` at all (a line `import: [path]` after a one-line top-level `title:`, else `sop:`). nil for
    /// any other layout,
    /// and for a path that is not a plain YAML word.
    func edit(adding path: String, in text: SourceText) -> TextEdit? {
        guard path.utf8.allSatisfy({ Self.plain.contains($0) }), path.first != "-" else { return nil }
        let bytes = text.bytes
        func byte(_ i: Int) -> UInt8? { i >= 0 && i < bytes.count ? bytes[i] : nil }
        func insert(_ s: String, at offset: Int) -> TextEdit {
            let at = text.location(atOffset: offset)
            return TextEdit(SourceSpan(file: text.path, range: SourceRange(start: at, end: at)), s)
        }
        /// The end of line `line` (1-based) without its line break, and the break itself.
        func lineEnd(_ line: Int) -> (Int, String) {
            var end = line < text.lineStarts.count ? text.lineStarts[line] : bytes.count
            var ending = ""
            if byte(end - 1) == UInt8(ascii: "\n") { end -= 1; ending = "\n" }
            if byte(end - 1) == UInt8(ascii: "\r") { end -= 1; ending = "\r" + ending }
            return (end, ending.isEmpty ? "\n" : ending)
        }
        let space = UInt8(ascii: " ")
        if let last = items.last {
            var after = last.end.offset
            while byte(after) == space { after += 1 }
            if byte(after) == UInt8(ascii: "]"), last.end.line == items[0].start.line {
                return insert(", \(path)", at: last.end.offset)
            }
            // A block list: `- item` alone on its line, the new item under it with the same indentation.
            var dash = last.start.offset - 1
            while byte(dash) == space { dash -= 1 }
            let lineStart = text.lineStarts[last.start.line - 1]
            guard byte(dash) == UInt8(ascii: "-"), bytes[lineStart..<dash].allSatisfy({ $0 == space }), last.start.line == last.end.line else { return nil }
            let (end, ending) = lineEnd(last.end.line)
            guard bytes[last.end.offset..<end].allSatisfy({ $0 == space }) else { return nil }
            let prefix = String(decoding: bytes[lineStart..<last.start.offset], as: UTF8.self)
            return insert(ending + prefix + path, at: end)
        }
        if let key {
            // `import: []`
            var open = key.end.offset
            guard byte(open) == UInt8(ascii: ":") else { return nil }
            open += 1
            while byte(open) == space { open += 1 }
            var close = open + 1
            while byte(close) == space { close += 1 }
            guard byte(open) == UInt8(ascii: "["), byte(close) == UInt8(ascii: "]") else { return nil }
            return TextEdit(SourceSpan(file: text.path, range: SourceRange(start: text.location(atOffset: open), end: text.location(atOffset: close + 1))), "[\(path)]")
        }
        for (key, value) in [("title:", title), ("sop:", sop)] {
            guard let value, value.start.line == value.end.line else { continue }
            let lineStart = text.lineStarts[value.start.line - 1]
            guard bytes[lineStart..<min(bytes.count, lineStart + key.utf8.count)].elementsEqual(key.utf8) else { continue }
            let (end, ending) = lineEnd(value.start.line)
            return insert(ending + "import: [\(path)]", at: end)
        }
        return nil
    }

    /// Bytes of a path written bare in a flow list: no quotes, commas, brackets, colons or `#`.
    private static let plain = Set(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-".utf8))
}

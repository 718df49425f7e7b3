import SOPChecks
import SOPCompiler
import SOPCore
import SOPGraph
import SOPSyntax

/// Fix-its that change the file's structure rather than one name: a guard that always holds in the last
/// branch of a `first` node becomes `else` (safe); a dead branch, an unused input or an unused outcome is
/// deleted (unsafe: it removes what the author wrote).
///
/// Analyses see only the checked graph, so these are attached afterwards, from the graph (which branch a
/// finding is about) and the file's text (where the YAML entry starts and ends). Each edit is checked
/// against the text: when the entry is not laid out as expected (flow style, a comment in the way), the
/// finding simply has no fix.
enum StructuralFixes {
    static func attach(to diagnostics: [Diagnostic], _ compilation: Compilation) -> [Diagnostic] {
        var texts: [String: SourceText] = [:]
        let stale = Set(diagnostics.filter { $0.code == .unusedAllow }.map { AllowUse(file: $0.file, range: $0.range) })
        return diagnostics.map { d in
            guard d.fixes.isEmpty, [DiagnosticCode.redundantGuard, .deadBranch, .unusedInput, .unusedOutcome, .unusedAllow].contains(d.code),
                  let source = compilation.sources[d.file] else { return d }
            let text = texts[d.file] ?? SourceText(path: d.file, bytes: Array(source.utf8))
            texts[d.file] = text
            var fixed = d
            if let fix = fix(for: d, program: compilation.program, text: text, stale: stale) { fixed.fixes = [fix] }
            return fixed
        }
    }

    private static func fix(for d: Diagnostic, program: Program, text: SourceText, stale: Set<AllowUse>) -> FixIt? {
        let layout = TextLayout(text)
        switch d.code {
        case .unusedInput:
            guard let input = program.inputs.first(where: { program[$0.sop].file == d.file && $0.range == d.range }) else { return nil }
            return layout.deletePair(keyAt: d.range, named: input.name).map {
                FixIt("remove the unused input `\(input.name)`", .unsafe, edits: [$0])
            }
        case .unusedOutcome:
            guard let outcome = program.outcomes.first(where: { program[$0.sop].file == d.file && $0.range == d.range }) else { return nil }
            return layout.deletePair(keyAt: d.range, named: outcome.name).map {
                FixIt("remove the unused outcome `\(outcome.name)`", .unsafe, edits: [$0])
            }
        case .deadBranch:
            guard let (node, index) = branch(of: d, in: program) else { return nil }
            let branch = node.branches[index]
            let edit: TextEdit?
            switch (node.form, branch.kind) {
            case (.branches, _): edit = layout.deleteItem(containing: branch.range)
            case (.switch, .case(let literal)): edit = layout.deletePair(keyAt: branch.range, named: literal.description)
            case (.switch, _): edit = layout.deleteLine(of: branch.range, key: "else")
            }
            return edit.map { FixIt("remove the dead branch", .unsafe, edits: [$0]) }
        case .redundantGuard:
            guard let (node, index) = branch(of: d, in: program), node.match == .first, index == node.branches.count - 1,
                  case .when = node.branches[index].kind else { return nil }
            return layout.replaceWithElse(when: node.branches[index].range, then: node.branches[index].targetRange)
                .map { FixIt("replace the last branch's guard with `else`", .safe, edits: $0) }
        case .unusedAllow:
            // The whole `allow:` goes when none of its entries accepts anything, else just the entry.
            guard let list = program.sops.filter({ $0.file == d.file }).lazy.flatMap({ program.allowLists(of: $0.id) }).map(\.list)
                .first(where: { $0.entries.contains { $0.range == d.range } }) else { return nil }
            let edit: TextEdit?
            if let key = list.key, list.entries.allSatisfy({ stale.contains(AllowUse(file: d.file, range: $0.range)) }) {
                edit = layout.deleteLine(of: key, key: "allow") ?? list.entries.last.flatMap { layout.deleteFlowPair(key: key, lastItem: $0.range) }
            } else {
                edit = layout.deleteFlowEntry(d.range) ?? layout.deleteItem(containing: d.range)
            }
            let code = list.entries.first { $0.range == d.range }?.code ?? ""
            return edit.map { FixIt("remove `\(code)` from `allow:`", .safe, edits: [$0]) }
        default:
            return nil
        }
    }

    /// The node and branch a finding about a branch points at.
    private static func branch(of d: Diagnostic, in program: Program) -> (Node, Int)? {
        guard let name = d.node,
              let node = program.nodes.first(where: { $0.name == name && program[$0.sop].file == d.file }),
              let index = node.branches.firstIndex(where: { $0.range == d.range }) else { return nil }
        return (node, index)
    }
}

/// Line-level reading of a block-style YAML file, for edits that remove or rewrite whole entries.
struct TextLayout {
    let text: SourceText
    init(_ text: SourceText) { self.text = text }

    private var bytes: [UInt8] { text.bytes }
    private var lineCount: Int { text.lineStarts.count }

    /// The byte range of line `i` (0-based) without its newline.
    private func line(_ i: Int) -> Range<Int> {
        let start = text.lineStarts[i]
        let end = i + 1 < lineCount ? text.lineStarts[i + 1] - 1 : bytes.count
        return start..<max(start, end)
    }

    /// Leading spaces of line `i`, or nil for a blank line.
    private func indent(_ i: Int) -> Int? {
        let r = line(i)
        var n = 0
        while r.lowerBound + n < r.upperBound, bytes[r.lowerBound + n] == UInt8(ascii: " ") { n += 1 }
        let rest = bytes[(r.lowerBound + n)..<r.upperBound]
        return rest.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) ? nil : n
    }

    private func byte(_ i: Int) -> UInt8? { i >= 0 && i < bytes.count ? bytes[i] : nil }

    /// The span of bytes `range` in this file.
    private func span(_ range: Range<Int>) -> SourceSpan {
        SourceSpan(file: text.path, range: SourceRange(start: text.location(atOffset: range.lowerBound), end: text.location(atOffset: range.upperBound)))
    }

    /// Deletes lines `first..<end` (trailing blank lines kept) as one edit.
    private func deleteLines(_ first: Int, through base: Int) -> TextEdit {
        var end = first + 1
        while end < lineCount, indent(end).map({ $0 > base }) ?? true { end += 1 }
        while end - 1 > first, indent(end - 1) == nil { end -= 1 }
        let upper = end < lineCount ? text.lineStarts[end] : bytes.count
        return TextEdit(span(text.lineStarts[first]..<upper), "")
    }

    /// Deletes the mapping entry whose key `name` is written plain at `key`, first on its line.
    func deletePair(keyAt key: SourceRange, named name: String) -> TextEdit? {
        let l = key.start.line - 1
        guard l < lineCount, indent(l) == key.start.column - 1,
              Array(bytes[key.start.offset..<min(bytes.count, key.end.offset)]) == Array(name.utf8) else { return nil }
        return deleteLines(l, through: key.start.column - 1)
    }

    /// Deletes the `else: target` line of a switch, when it is alone on its line.
    func deleteLine(of value: SourceRange, key: String) -> TextEdit? {
        let l = value.start.line - 1
        guard l < lineCount, let base = indent(l) else { return nil }
        let r = line(l)
        guard Array(bytes[(r.lowerBound + base)..<min(r.upperBound, r.lowerBound + base + key.utf8.count)]) == Array(key.utf8) else { return nil }
        return deleteLines(l, through: base)
    }

    /// Deletes the entry at `entry` of a one-line flow sequence (`[a, b]`) with one comma beside it;
    /// nil when the entry has no comma on either side (it is alone, or the list is laid out otherwise).
    func deleteFlowEntry(_ entry: SourceRange) -> TextEdit? {
        guard entry.start.line == entry.end.line else { return nil }
        let space = UInt8(ascii: " ")
        var after = entry.end.offset
        while byte(after) == space { after += 1 }
        if byte(after) == UInt8(ascii: ",") {
            after += 1
            while byte(after) == space { after += 1 }
            return TextEdit(span(entry.start.offset..<after), "")
        }
        var before = entry.start.offset - 1
        while byte(before) == space { before -= 1 }
        guard byte(before) == UInt8(ascii: ",") else { return nil }
        return TextEdit(span(before..<entry.end.offset), "")
    }

    /// Deletes `, key: [..]` from a flow mapping (`{ type: bool, allow: [x] }`), given the key and the
    /// sequence's last item; nil for any other layout.
    func deleteFlowPair(key: SourceRange, lastItem: SourceRange) -> TextEdit? {
        let space = UInt8(ascii: " ")
        var before = key.start.offset - 1
        while byte(before) == space { before -= 1 }
        var after = lastItem.end.offset
        while byte(after) == space { after += 1 }
        guard byte(before) == UInt8(ascii: ","), byte(after) == UInt8(ascii: "]"), key.start.line == lastItem.end.line else { return nil }
        return TextEdit(span(before..<(after + 1)), "")
    }

    /// Deletes the block sequence item (`- when: ...`) that holds `inner`.
    func deleteItem(containing inner: SourceRange) -> TextEdit? {
        var l = inner.start.line - 1
        let column = inner.start.column - 1
        let lowest = max(0, l - 50)
        while l >= lowest {
            if let n = indent(l) {
                let at = text.lineStarts[l] + n
                if bytes[at] == UInt8(ascii: "-"), byte(at + 1).map({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }) ?? true, n < column {
                    return deleteLines(l, through: n)
                }
                if l < inner.start.line - 1, n < column, bytes[at] != UInt8(ascii: "#") { return nil }
            }
            l -= 1
        }
        return nil
    }

    /// The start of the plain key `key` written just before a value at `value` (`key: value`).
    private func keyStart(before value: Int, key: String) -> Int? {
        var i = value - 1
        while let b = byte(i), b == UInt8(ascii: " ") { i -= 1 }
        guard byte(i) == UInt8(ascii: ":") else { return nil }
        let k = Array(key.utf8)
        let start = i - k.count
        guard start >= 0, Array(bytes[start..<i]) == k else { return nil }
        if let before = byte(start - 1), ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "{"), UInt8(ascii: ",")].contains(before) { return nil }
        return start
    }

    /// `when: guard` + `then: target` → `else: target`: the `when` entry is rewritten and the `then` line,
    /// alone on the line after it, removed; nil for any other layout.
    func replaceWithElse(when: SourceRange, then: SourceRange) -> [TextEdit]? {
        guard let whenKey = keyStart(before: when.start.offset, key: "when"),
              let thenKey = keyStart(before: then.start.offset, key: "then"),
              then.start.line > when.end.line else { return nil }
        let thenLine = then.start.line - 1
        let r = line(thenLine)
        guard indent(thenLine).map({ r.lowerBound + $0 }) == thenKey,
              bytes[then.end.offset..<r.upperBound].allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) else { return nil }
        let target = String(decoding: bytes[then.start.offset..<then.end.offset], as: UTF8.self)
        let upper = thenLine + 1 < lineCount ? text.lineStarts[thenLine + 1] : bytes.count
        return [
            TextEdit(span(whenKey..<when.end.offset), "else: " + target),
            TextEdit(span(r.lowerBound..<upper), ""),
        ]
    }
}

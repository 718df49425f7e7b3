import SOPCompiler
import SOPCore
import SOPSyntax

/// What a name in a SOP file refers to. SOPs are named by their `sop:` id, files by normalized path.
enum Symbol: Hashable, Sendable {
    case node(sop: String, name: String)
    case outcome(sop: String, name: String)
    case input(sop: String, name: String)
    case sop(String)
    case file(String)
    case code(String)

    /// Whether rename may change it: nodes, outcomes and inputs.
    var isRenamable: Bool {
        switch self {
        case .node, .outcome, .input: return true
        default: return false
        }
    }

    /// The name as declared (what a rename replaces).
    var name: String {
        switch self {
        case .node(_, let n), .outcome(_, let n), .input(_, let n): return n
        case .sop(let n), .file(let n), .code(let n): return n
        }
    }
}

/// Where a symbol is written in a file: byte offsets, and whether the bytes there are exactly the name
/// (a token inside a multi-line scalar is only located at the scalar's start, and cannot be edited).
struct Occurrence: Sendable {
    var symbol: Symbol
    var start: Int
    var end: Int
    var isDefinition: Bool
    var exact: Bool
}

/// Every name written in one file, resolved by the file's own syntax: what go-to-definition, references,
/// rename and hover look up. Built from the syntax tree only, so a file with errors is still indexed.
struct FileIndex: Sendable {
    var path: String
    var text: DocumentText
    var syntax: SOPFileSyntax
    /// The file's `sop:` id.
    var sopName: String?
    /// Imported files (normalized paths) in `import:` order.
    var importedFiles: [String]
    var occurrences: [Occurrence]

    init(path: String, text: DocumentText) {
        self.path = path
        self.text = text
        let (syntax, _) = SOPFileSyntax.parse(text.source)
        self.syntax = syntax
        sopName = syntax.sop?.value
        importedFiles = syntax.imports.map { Paths.join(Paths.directory(of: path), $0.value) }
        var builder = Builder(text: text, syntax: syntax, sop: sopName ?? "")
        builder.build(importedFiles: importedFiles)
        occurrences = builder.occurrences.sorted { $0.start < $1.start }
    }

    /// The occurrence under a byte offset (its end included, so a cursor just after a name finds it).
    func occurrence(at offset: Int) -> Occurrence? {
        var best: Occurrence?
        for o in occurrences where o.start <= offset && offset <= o.end {
            // The innermost: a qualified name's parts beat a whole-scalar fallback.
            if best == nil || (o.end - o.start) < (best!.end - best!.start) { best = o }
        }
        return best
    }

    func node(named name: String) -> NodeSyntax? { syntax.nodes.first { $0.name.value == name } }
}

private struct Builder {
    let text: DocumentText
    let syntax: SOPFileSyntax
    let sop: String
    var occurrences: [Occurrence] = []
    let nodeNames: Set<String>
    let outcomeNames: Set<String>

    init(text: DocumentText, syntax: SOPFileSyntax, sop: String) {
        self.text = text
        self.syntax = syntax
        self.sop = sop
        nodeNames = Set(syntax.nodes.map(\.name.value))
        outcomeNames = Set(syntax.outcomes.map(\.name.value))
    }

    mutating func build(importedFiles: [String]) {
        if let id = syntax.sop { add(.sop(id.value), id, definition: true) }
        for (path, file) in zip(syntax.imports, importedFiles) { add(.file(file), path, definition: false) }
        for input in syntax.inputs { add(.input(sop: sop, name: input.name.value), input.name, definition: true) }
        for outcome in syntax.outcomes { add(.outcome(sop: sop, name: outcome.name.value), outcome.name, definition: true) }
        if let start = syntax.start { target(start) }
        for node in syntax.nodes {
            add(.node(sop: sop, name: node.name.value), node.name, definition: true)
            for code in node.allow { add(.code(code.value), code, definition: false) }
            if let on = node.on { qualified(on) { .input(sop: $0, name: $1) } }
            for c in node.cases ?? [] { target(c.target) }
            if let e = node.elseTarget { target(e) }
            for branch in node.branches ?? [] {
                if let then = branch.then { target(then) }
                if let e = branch.elseTarget { target(e) }
                for code in branch.allow { add(.code(code.value), code, definition: false) }
                if let expression = branch.expression, let positions = branch.positions {
                    for (name, range) in expression.identifiers {
                        let located = Located(name, at: positions.range(range))
                        qualified(located) { .input(sop: $0, name: $1) }
                    }
                }
            }
        }
        for example in syntax.examples {
            for (name, _) in example.given { qualified(name) { .input(sop: $0, name: $1) } }
            if let expect = example.expect { qualified(expect) { .outcome(sop: $0, name: $1) } }
        }
    }

    /// A branch target: a node or outcome of this SOP, `other.outcome`, or a called SOP's id.
    mutating func target(_ located: Located<String>) {
        let name = located.value
        if name.contains(".") {
            qualified(located) { .outcome(sop: $0, name: $1) }
        } else if nodeNames.contains(name) {
            add(.node(sop: sop, name: name), located, definition: false)
        } else if outcomeNames.contains(name) {
            add(.outcome(sop: sop, name: name), located, definition: false)
        } else {
            add(.sop(name), located, definition: false)
        }
    }

    /// A name that is bare (this SOP's) or `otherid.name` (another SOP's): the id and the name are
    /// separate occurrences.
    mutating func qualified(_ located: Located<String>, _ make: (String, String) -> Symbol) {
        let name = located.value
        guard let dot = name.firstIndex(of: ".") else {
            add(make(sop, name), located, definition: false)
            return
        }
        let other = String(name[..<dot])
        let member = String(name[name.index(after: dot)...])
        guard let (start, end) = exactBytes(of: located) else {
            occurrences.append(Occurrence(symbol: make(other, member), start: located.range.start.offset, end: located.range.end.offset, isDefinition: false, exact: false))
            return
        }
        let split = start + other.utf8.count
        occurrences.append(Occurrence(symbol: .sop(other), start: start, end: split, isDefinition: false, exact: true))
        occurrences.append(Occurrence(symbol: make(other, member), start: split + 1, end: end, isDefinition: false, exact: true))
    }

    mutating func add(_ symbol: Symbol, _ located: Located<String>, definition: Bool) {
        if let (start, end) = exactBytes(of: located) {
            occurrences.append(Occurrence(symbol: symbol, start: start, end: end, isDefinition: definition, exact: true))
        } else {
            occurrences.append(Occurrence(symbol: symbol, start: located.range.start.offset, end: located.range.end.offset, isDefinition: definition, exact: false))
        }
    }

    /// The bytes of `located.value` as written: the range itself for a plain scalar, inside the quotes
    /// for a quoted one; `nil` when the text there is not the value verbatim.
    func exactBytes(of located: Located<String>) -> (Int, Int)? {
        let value = Array(located.value.utf8)
        let bytes = text.bytes
        let lower = located.range.start.offset, upper = located.range.end.offset
        guard lower >= 0, upper <= bytes.count, lower <= upper, !value.isEmpty else { return nil }
        for start in [lower, lower + 1] where start + value.count <= bytes.count {
            if bytes[start..<start + value.count].elementsEqual(value), start + value.count <= max(upper, start + value.count) {
                if start == lower && start + value.count == upper { return (start, upper) }
                if start == lower + 1 && start + value.count == upper - 1 { return (start, start + value.count) }
                if start == lower && upper == lower { return (start, start + value.count) }
            }
        }
        return nil
    }
}

extension Expression {
    /// Every identifier written in the expression (input names), with its range in the expression text.
    var identifiers: [(String, TextRange)] {
        var result: [(String, TextRange)] = []
        func operand(_ o: Operand) {
            if case .identifier(let name, let r) = o, name != "true", name != "false" { result.append((name, r)) }
        }
        func visit(_ e: Expression) {
            switch e {
            case .or(let parts), .and(let parts): parts.forEach(visit)
            case .not(let x, _), .group(let x, _): visit(x)
            case .operand(let o): operand(o)
            case .comparison(let a, _, let b, _): operand(a); operand(b)
            case .membership(let a, _, let target, _):
                operand(a)
                if case .identifier(let name, let r) = target { result.append((name, r)) }
            }
        }
        visit(self)
        return result
    }
}

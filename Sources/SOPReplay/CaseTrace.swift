import SOPCore
import SOPGraph

/// One case walked through a SOP, step by step: what `sopc run --given` prints.
public struct CaseTrace: Sendable {
    /// One decision.
    public struct Step: Sendable {
        /// The node as a path names it.
        public var node: String
        public var question: String
        /// The branch taken, as written: its `when` expression, `input == value`, or `else`.
        public var decidedBy: String
        /// Whether the node takes the first branch that holds (`match: first`).
        public var first: Bool
        /// The inputs the node's branches read, with the case's values (`nil`: unset).
        public var reads: [(input: String, value: Value?)]
        /// Where the branch leads: a node, an outcome, or a sub-tree call.
        public var next: String
    }

    public let sop: SOPID
    public let walk: Walk
    public let steps: [Step]
    /// The path, spelled by `DecisionPath`.
    public let path: String

    /// Walks `c` from `graph`'s SOP and records each decision.
    public init(graph: ReplayGraph, case c: Case) {
        let program = graph.program
        sop = graph.sop
        walk = program.walk(c, from: graph.sop)
        path = program.pathText(walk, from: graph.sop)
        steps = walk.steps.map { step in
            let node = program[step.node]
            var reads: [InputID] = []
            for b in node.branches {
                for i in b.condition.inputs where !reads.contains(i) { reads.append(i) }
            }
            let next: String
            switch node.branches[step.branch].target {
            case .outcome(let o)?: next = "outcome `\(program.name(of: o, from: graph.sop))`"
            case .node(let n)?: next = "`\(program.pathName(of: n, from: graph.sop))`"
            case .call(let s)?: next = "sub-tree `\(program[s].name)`"
            case nil: next = "?"
            }
            return Step(node: program.pathName(of: step.node, from: graph.sop), question: node.question,
                        decidedBy: graph.describe(node: step.node, branch: step.branch), first: node.match == .first,
                        reads: reads.map { (program.name(of: $0, from: graph.sop), c[$0]) }, next: next)
        }
    }

    /// The trace as text: one block per node, then the outcome; user text escaped by `TerminalText`.
    public func text(program: Program) -> String {
        TerminalText.escape(plainText(program: program), keepingLayout: true)
    }

    private func plainText(program: Program) -> String {
        var out = ""
        for (k, step) in steps.enumerated() {
            out += "\(k + 1). \(step.node): \(step.question)\n"
            if !step.reads.isEmpty {
                out += "   read: " + step.reads.map { "\($0.input)=\($0.value.map(\.description) ?? "(unset)")" }.joined(separator: ", ") + "\n"
            }
            out += "   took: \(step.decidedBy == "else" ? "else (no other branch holds)" : step.decidedBy) -> \(step.next)\n"
        }
        switch walk.end {
        case .outcome(let o):
            let outcome = program[o]
            out += "outcome: \(program.name(of: o, from: sop)) (\(outcome.title))" + (outcome.severity.map { ", severity \($0)" } ?? "") + "\n"
        case .missingInput(let node, let inputs):
            out += "stopped at \(program.pathName(of: node, from: sop)): missing " + inputs.map { "`\(program.name(of: $0, from: sop))`" }.joined(separator: ", ") + "\n"
        case .noBranch(let node):
            out += "stopped at \(program.pathName(of: node, from: sop)): no branch applies\n"
        case .malformed:
            out += "stopped: the walk could not reach an outcome\n"
        }
        out += "path: \(path)\n"
        return out
    }

    /// The trace as JSON.
    public func json(program: Program) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if let o = walk.outcome { fields.append(("outcome", .string(program.name(of: o, from: sop)))) }
        fields.append(("path", .string(path)))
        fields.append(("steps", .array(steps.map { s in
            .object([
                ("node", .string(s.node)), ("question", .string(s.question)), ("decided_by", .string(s.decidedBy)),
                ("read", .object(s.reads.map { ($0.input, $0.value.map { JSONValue.string($0.description) } ?? .null) })),
                ("next", .string(s.next)),
            ])
        })))
        return .object(fields)
    }
}

/// Reading a case from `name=value` assignments (`sopc run --given`), checked against each input's type.
public enum GivenValues {
    /// The case the assignments describe, or one message per problem (unknown input with did-you-mean,
    /// value outside the type with did-you-mean, an input given twice).
    public static func parse(_ assignments: [String], graph: ReplayGraph) -> Result<Case, GivenErrors> {
        let program = graph.program
        let visible = program.visibleInputs(of: graph.sop)
        let names = visible.map { program.name(of: $0, from: graph.sop) }
        var c = Case(inputCount: program.inputs.count)
        var seen: Set<String> = []
        var errors: [String] = []
        for a in assignments {
            guard let eq = a.firstIndex(of: "=") else {
                errors.append("`\(a)` is not `name=value`")
                continue
            }
            let name = String(a[..<eq]).trimmingSpaces
            let text = String(a[a.index(after: eq)...]).trimmingSpaces
            guard let k = names.firstIndex(of: name) else {
                let suggestion = Spelling.suggestion(for: name, among: names)
                errors.append("no input `\(name)` in `\(program[graph.sop].name)`" + (suggestion.map { "; did you mean `\($0)`?" } ?? ""))
                continue
            }
            guard seen.insert(name).inserted else {
                errors.append("`\(name)` is given twice")
                continue
            }
            switch value(text, program[visible[k]].type) {
            case .success(let v): c[visible[k]] = v
            case .failure(let message): errors.append("`\(name)`: \(message.text)")
            }
        }
        return errors.isEmpty ? .success(c) : .failure(GivenErrors(messages: errors))
    }

    /// `text` as a value of `type`.
    static func value(_ text: String, _ type: InputType) -> Result<Value, GivenErrors.Message> {
        func quoted(_ s: String) -> String { "`\(s.count > 60 ? String(s.prefix(60)) + "…" : s)`" }
        switch type {
        case .bool:
            switch text.lowercased() {
            case "true": return .success(.bool(true))
            case "false": return .success(.bool(false))
            default: return .failure(.init("\(quoted(text)) must be true or false"))
            }
        case .int(let lo, let hi):
            guard let i = Int(text) else { return .failure(.init("\(quoted(text)) must be an integer")) }
            guard lo <= i && i <= hi else { return .failure(.init("\(i) is outside its range \(lo)...\(hi)")) }
            return .success(.int(i))
        case .enumeration(let values):
            guard values.contains(text) else { return .failure(.init(unknownValue(text, values))) }
            return .success(.string(text))
        case .set(let values):
            var inner = Substring(text)
            if inner.hasPrefix("[") && inner.hasSuffix("]") { inner = inner.dropFirst().dropLast() }
            let members = inner.split(whereSeparator: { $0 == "," || $0 == "|" }).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            for m in members where !values.contains(m) { return .failure(.init(unknownValue(m, values))) }
            // Members in declared order, as `Value.set` keeps them.
            return .success(.set(values.filter(members.contains)))
        case .string:
            return .success(.string(text))
        }
    }

    private static func unknownValue(_ text: String, _ values: [String]) -> String {
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        let suggestion = Spelling.suggestion(for: text, among: values)
        return "`\(shown)` is not one of " + values.map { "`\($0)`" }.joined(separator: ", ") + (suggestion.map { "; did you mean `\($0)`?" } ?? "")
    }
}

/// Why `--given` assignments do not make a case.
public struct GivenErrors: Error, Sendable {
    public struct Message: Error, Sendable {
        public var text: String
        init(_ text: String) { self.text = text }
    }

    public var messages: [String]

    init(messages: [String]) { self.messages = messages }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

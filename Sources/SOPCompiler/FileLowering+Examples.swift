import SOPCore
import SOPGraph
import SOPSyntax

/// `examples:` entries: resolve the inputs `given` names, type-check their values, resolve `expect`.
extension FileLowering {
    mutating func lowerExamples() {
        for example in syntax.examples {
            var given: [InputID: Value] = [:]
            for (name, node) in example.given {
                guard let id = scope.id(name.value) else {
                    diagnostics.addMisspelling(.undefinedReference, name.range, "`\(name.value)` is not an input of this SOP", word: name.value, among: scope.names)
                    continue
                }
                if let value = exampleValue(node, type: scope.type(id), input: name.value) {
                    given[id] = value
                }
            }
            var expect: OutcomeID?
            if let e = example.expect {
                expect = outcome(named: e.value)
                if expect == nil {
                    let candidates = syntax.outcomes.map(\.name.value) + visibleSOPs.values.sorted().flatMap { s in program[s].outcomes.map { program[$0].qualifiedName } }
                    diagnostics.addMisspelling(.undefinedReference, e.range, "`expect` names `\(e.value)`, which is not an outcome", word: e.value, among: candidates)
                }
            }
            program.sops[sopID.index].examples.append(Example(name: example.name?.value ?? "", given: given, expect: expect, range: example.range, expectRange: example.expect?.range ?? example.range))
        }
    }

    private mutating func exampleValue(_ node: YAMLNode, type: InputType, input: String) -> Value? {
        func mismatch(_ expected: String) -> Value? {
            diagnostics.add(.typeMismatch, node.range, "`\(input)` is \(expected), found \(node.scalar.map { "`\($0)`" } ?? node.kindDescription)")
            return nil
        }
        switch type {
        case .bool:
            guard let s = node.scalar, node.style == .plain else { return mismatch("a bool input (`true` or `false`)") }
            switch s {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: return mismatch("a bool input (`true` or `false`)")
            }
        case .int(let lower, let upper):
            guard let s = node.scalar, node.style == .plain, let i = Int(s) else { return mismatch("an int input") }
            guard lower <= i, i <= upper else {
                diagnostics.add(.invalidValue, node.range, "\(i) is outside the range of `\(input)` [\(lower), \(upper)]")
                return nil
            }
            return .int(i)
        case .string:
            guard let s = node.scalar, !node.isNull else { return mismatch("a string input") }
            return .string(s)
        case .enumeration(let values):
            guard let s = node.scalar, !node.isNull else { return mismatch("an enum input") }
            guard values.contains(s) else {
                diagnostics.addMisspelling(.unknownEnumValue, node.range, "`\(s)` is not a value of `\(input)`", word: s, among: values,
                                           otherwise: "its values: " + values.map { "`\($0)`" }.joined(separator: ", "))
                return nil
            }
            return .string(s)
        case .set(let values):
            guard let items = node.sequence else { return mismatch("a set input (a list such as `[\(values.first ?? "a")]`)") }
            var members: Set<String> = []
            for item in items {
                guard let s = item.scalar, !item.isNull else { return mismatch("a set input (a list of its values)") }
                guard values.contains(s) else {
                    diagnostics.addMisspelling(.unknownEnumValue, item.range, "`\(s)` is not a value of `\(input)`", word: s, among: values)
                    return nil
                }
                members.insert(s)
            }
            return .set(values.filter(members.contains))
        }
    }
}

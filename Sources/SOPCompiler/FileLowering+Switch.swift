import SOPCore
import SOPGraph
import SOPSyntax

/// Switch nodes (`on:` + `cases:`): each case key becomes `input == value`.
extension FileLowering {
    /// The switch's input and its branches, or nil when the input does not resolve or cannot be switched on.
    mutating func lowerSwitch(_ node: NodeSyntax, on: Located<String>) -> (InputID, [Branch])? {
        let name = node.name.value
        guard let input = scope.id(on.value) else {
            diagnostics.addMisspelling(.undefinedReference, on.range, "`on` names `\(on.value)`, which is not an input of this SOP", word: on.value, among: scope.names, node: name)
            return nil
        }
        let type = scope.type(input)
        switch type {
        case .set, .string:
            diagnostics.add(.typeMismatch, on.range, "cannot switch on `\(on.value)`: it is a \(type.name) input", node: name,
                            help: type == .string ? "use `branches` with `when: \"\(on.value) == 'text'\"`" : "use `branches` with `when: \"'value' in \(on.value)\"`")
            return nil
        default:
            break
        }
        var branches: [Branch] = []
        var seen: [Literal: SourceRange] = [:]
        var rejected = false
        var misread: Set<Literal> = []
        for c in node.cases ?? [] {
            guard let (literal, recovered) = caseValue(c, type: type, input: on.value, node: name) else {
                // The key is reported; its target is still checked, and the values it may have meant are
                // not reported missing as well.
                _ = resolveTarget(c.target, node: name)
                rejected = true
                continue
            }
            // A misread key (`EUU` read as `EU`) and a case for the value it was read as are not a
            // duplicate: the misread key is the one finding.
            if seen[literal] != nil && (recovered || misread.contains(literal)) {
                rejected = true
                continue
            }
            if recovered { misread.insert(literal) }
            if let first = seen[literal] {
                diagnostics.add(.duplicateCase, c.key.range, "case `\(c.key.value)` repeats the value \(literal) of `\(on.value)`", node: name,
                                notes: [Note("first case for it", at: diagnostics.span(first))], help: "remove one of the two cases")
                continue
            }
            seen[literal] = c.key.range
            let target = resolveTarget(c.target, node: name)
            branches.append(Branch(kind: .case(literal), condition: .compare(input, .equal, literal), target: target, range: c.key.range, targetRange: c.target.range, allow: .none))
        }
        if let elseTarget = node.elseTarget {
            branches.append(Branch(kind: .else, condition: .true, target: resolveTarget(elseTarget, node: name), range: elseTarget.range, targetRange: elseTarget.range, allow: .none))
        } else if node.cases != nil && !rejected {
            reportMissingCases(type: type, covered: Set(seen.keys), node: node, input: on.value)
        }
        return (input, branches)
    }

    /// The value a case key stands for, and whether it was recovered from a reported slip (read as the
    /// value it most likely means, so the rest of the switch is checked as intended).
    private mutating func caseValue(_ c: CaseSyntax, type: InputType, input: String, node: String) -> (Literal, recovered: Bool)? {
        let key = c.key.value
        switch type {
        case .bool:
            switch key {
            case "true", "True", "TRUE": return (.bool(true), false)
            case "false", "False", "FALSE": return (.bool(false), false)
            default:
                // YAML 1.1 read `yes`/`no`/`on`/`off` as booleans; YAML 1.2 (and sopc) reads them as text.
                // The key is an error, read as the bool it meant so the switch is checked as intended.
                guard let meant = Self.yaml11Bool(key) else {
                    diagnostics.add(.typeMismatch, c.key.range, "`\(input)` is a bool input: its cases are `true` and `false`, not `\(key)`", node: node)
                    return nil
                }
                diagnostics.add(.typeMismatch, c.key.range, "`\(input)` is a bool input: its cases are `true` and `false`, not `\(key)`", node: node,
                                help: "`\(key)` is text in a SOP file (YAML 1.2), not a bool: write `\(meant)`",
                                fixes: FixIt.rename(diagnostics.span(c.key.range), from: key, to: String(meant)).map { [$0] } ?? [])
                return (.bool(meant), true)
            }
        case .int:
            guard c.style == .plain, let value = Int(key) else {
                diagnostics.add(.typeMismatch, c.key.range, "`\(input)` is an int input: its cases are integers, not `\(key)`", node: node)
                return nil
            }
            return (.int(value), false)
        case .enumeration(let values):
            guard values.contains(key) else {
                diagnostics.addMisspelling(.unknownEnumValue, c.key.range, "`\(key)` is not a value of `\(input)`", word: key, among: values, node: node,
                                           otherwise: "its values: " + values.map { "`\($0)`" }.joined(separator: ", "))
                return Spelling.suggestion(for: key, among: values).map { (.string($0), true) }
            }
            return (.string(key), false)
        case .set, .string:
            return nil
        }
    }

    /// The bool YAML 1.1 read `word` as (`yes`, `no`, `on`, `off`, `y`, `n` in any case), if any.
    static func yaml11Bool(_ word: String) -> Bool? {
        switch word.lowercased() {
        case "yes", "y", "on": return true
        case "no", "n", "off": return false
        default: return nil
        }
    }

    private mutating func reportMissingCases(type: InputType, covered: Set<Literal>, node: NodeSyntax, input: String) {
        var missing: [String] = []
        switch type {
        case .bool:
            missing = [true, false].filter { !covered.contains(.bool($0)) }.map { $0 ? "true" : "false" }
        case .enumeration(let values):
            missing = values.filter { !covered.contains(.string($0)) }
        case .int(let lower, let upper):
            let span = upper.subtractingReportingOverflow(lower)
            if span.overflow || span.partialValue >= 256 {
                diagnostics.add(.missingCase, node.name.range, "a switch on int input `\(input)` needs `else`: its cases cannot list every value", node: node.name.value, help: "add `else: <target>` to node `\(node.name.value)`")
                return
            }
            missing = (lower...upper).filter { !covered.contains(.int($0)) }.map(String.init)
        case .set, .string:
            return
        }
        guard !missing.isEmpty else { return }
        let shown = missing.prefix(5).map { "`\($0)`" }.joined(separator: ", ") + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
        diagnostics.add(.missingCase, node.name.range, "switch on `\(input)` has no case for \(shown) and no `else`", node: node.name.value,
                        help: "add a case for each missing value, or `else: <target>`")
    }
}

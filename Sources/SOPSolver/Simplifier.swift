import SOPCore
import SOPGraph

/// Turns a diagram back into readable conditions: a short disjunction of conjunctions in which each input
/// appears once, int bounds merged (`18 <= age <= 64`), enum values grouped (`region in ['EU', 'US']`),
/// and anything implied by the domains dropped.
struct Simplifier {
    let encoding: Encoding
    let program: Program
    let sop: SOPID

    /// At most this many disjuncts are rendered; the rest are counted.
    static let disjunctLimit = 64

    /// The disjuncts of `f`, each a conjunction rendered as text; `["true"]` and `["false"]` for constants.
    /// Constraints implied by `care` (what is already known) are left out.
    /// Constraints on the levels in `focus` are dropped last, so a condition about those inputs within
    /// `care` mentions nothing else wherever it can.
    func disjuncts(_ f: DecisionDiagram.Ref, within care: DecisionDiagram.Ref = DecisionDiagram.trueRef, focus: Set<Int> = [], in dd: DecisionDiagram) -> (lines: [String], omitted: Int) {
        if f == DecisionDiagram.trueRef { return (["true"], 0) }
        if f == DecisionDiagram.falseRef { return (["false"], 0) }
        let (raw, complete) = dd.cubes(f, limit: Self.disjunctLimit * 4)
        var cubes = raw
        if complete { cubes = expand(cubes, f, care, focus: focus, in: dd) }
        let merged = merge(cubes.map(variableCube))
        let lines = merged.prefix(Self.disjunctLimit).map(render)
        var omitted = merged.count - lines.count
        if !complete { omitted += 1 }
        return (lines, omitted)
    }

    /// The disjuncts of `f` with the constraints every one of them shares taken out in front:
    /// `common and (rest_1 or rest_2 ...)`. Each entry is a list of conjuncts. Constraints implied by
    /// `care` are left out.
    func factored(_ f: DecisionDiagram.Ref, within care: DecisionDiagram.Ref = DecisionDiagram.trueRef, in dd: DecisionDiagram) -> (common: [String], rest: [[String]], omitted: Int) {
        if f == DecisionDiagram.trueRef { return ([], [], 0) }
        if f == DecisionDiagram.falseRef { return ([], [["false"]], 0) }
        let (raw, complete) = dd.cubes(f, limit: Self.disjunctLimit * 4)
        let cubes = complete ? expand(raw, f, care, in: dd) : raw
        let merged = merge(cubes.map(variableCube))
        let shown = merged.prefix(Self.disjunctLimit).map(conjuncts)
        let omitted = merged.count - shown.count + (complete ? 0 : 1)
        guard shown.count > 1, omitted == 0 else { return ([], shown, omitted) }
        let common = shown[0].filter { c in shown.allSatisfy { $0.contains(c) } }
        return (common, shown.map { $0.filter { !common.contains($0) } }, omitted)
    }

    /// One line: the disjuncts joined with `or`.
    func render(_ f: DecisionDiagram.Ref, within care: DecisionDiagram.Ref = DecisionDiagram.trueRef, focus: Set<Int> = [], in dd: DecisionDiagram) -> String {
        let (lines, omitted) = disjuncts(f, within: care, focus: focus, in: dd)
        if lines.count == 1 && omitted == 0 { return lines[0] }
        var parts = lines.map { $0.contains(" and ") ? "(\($0))" : $0 }
        if omitted > 0 { parts.append("...") }
        return parts.joined(separator: " or ")
    }

    // MARK: - Fewer, larger cubes

    /// Drops every constraint a cube does not need to stay inside `f` (where `care` holds), levels outside
    /// `focus` first, then cubes another cube contains, then cubes the others cover where `care` holds.
    private func expand(_ cubes: [[Int: [Int]]], _ f: DecisionDiagram.Ref, _ care: DecisionDiagram.Ref, focus: Set<Int> = [], in dd: DecisionDiagram) -> [[Int: [Int]]] {
        var result: [[Int: [Int]]] = []
        for var cube in cubes {
            for level in cube.keys.sorted(by: { (focus.contains($0) ? 1 : 0, $0) < (focus.contains($1) ? 1 : 0, $1) }) {
                var wider = cube
                wider[level] = nil
                if dd.implies(dd.and(diagram(wider, in: dd), care), f) { cube = wider }
            }
            result.append(cube)
        }
        var kept: [[Int: [Int]]] = []
        for (i, cube) in result.enumerated() {
            let redundant = result.enumerated().contains { j, other in
                j != i && contains(other, cube) && (!contains(cube, other) || j < i)
            }
            if !redundant { kept.append(cube) }
        }
        // A cube the others cover where `care` holds adds nothing: each cube stays inside `f` there, so
        // the rest still equals `f` within `care`.
        guard care != DecisionDiagram.trueRef, kept.count > 1, kept.count <= Self.disjunctLimit else { return kept }
        var diagrams = kept.map { dd.and(diagram($0, in: dd), care) }
        var k = kept.count - 1
        while k >= 0 && kept.count > 1 {
            let others = diagrams.indices.filter { $0 != k }.reduce(DecisionDiagram.falseRef) { dd.or($0, diagrams[$1]) }
            if dd.exhausted { return kept }
            if dd.implies(diagrams[k], others) {
                kept.remove(at: k)
                diagrams.remove(at: k)
            }
            k -= 1
        }
        return kept
    }

    private func contains(_ outer: [Int: [Int]], _ inner: [Int: [Int]]) -> Bool {
        outer.allSatisfy { level, values in
            guard let innerValues = inner[level] else { return false }
            return innerValues.allSatisfy(values.contains)
        }
    }

    private func diagram(_ cube: [Int: [Int]], in dd: DecisionDiagram) -> DecisionDiagram.Ref {
        var r = DecisionDiagram.trueRef
        for (level, values) in cube.sorted(by: { $0.key < $1.key }) {
            var allowed = Array(repeating: false, count: dd.sizes[level])
            for v in values { allowed[v] = true }
            r = dd.and(r, dd.literal(level: level, values: allowed))
        }
        return r
    }

    // MARK: - Text

    /// A cube by variable: the key is a variable's first level (one key per set member level), the value
    /// the allowed values (intervals for ints); unconstrained keys are absent.
    typealias VariableCube = [Int: Set<Int>]

    private func variableCube(_ cube: [Int: [Int]]) -> VariableCube {
        var result: VariableCube = [:]
        for variable in encoding.variables {
            switch variable.domain {
            case .set:
                for level in variable.firstLevel..<(variable.firstLevel + variable.levelCount) {
                    if let values = cube[level], values.count < 2 { result[level] = Set(values) }
                }
            case .int(let starts, _):
                // Per bit level, whether 0 and 1 are allowed; a cube that tests no bit allows every interval.
                let bits = (0..<variable.levelCount).map { cube[variable.firstLevel + $0] }
                if bits.allSatisfy({ $0 == nil }) { continue }
                let zero = bits.map { $0?.contains(0) ?? true }, one = bits.map { $0?.contains(1) ?? true }
                var allowed: Set<Int> = []
                for code in 0..<(1 << variable.levelCount) {
                    let fits = (0..<variable.levelCount).allSatisfy { j in
                        (code >> (variable.levelCount - 1 - j)) & 1 == 0 ? zero[j] : one[j]
                    }
                    if fits { allowed.insert(Encoding.interval(code: code, count: starts.count)) }
                }
                if allowed.count < starts.count { result[variable.firstLevel] = allowed }
            default:
                if let values = cube[variable.firstLevel], values.count < encoding.sizes[variable.firstLevel] {
                    result[variable.firstLevel] = Set(values)
                }
            }
        }
        return result
    }

    /// Joins cubes that differ in one variable only, and drops cubes another contains.
    private func merge(_ cubes: [VariableCube]) -> [VariableCube] {
        var result = cubes
        var changed = true
        while changed {
            changed = false
            outer: for i in result.indices {
                for j in result.indices where j > i {
                    let a = result[i], b = result[j]
                    if contains(a, b) {
                        result.remove(at: j)
                        changed = true
                        break outer
                    }
                    if contains(b, a) {
                        result[i] = b
                        result.remove(at: j)
                        changed = true
                        break outer
                    }
                    guard Set(a.keys) == Set(b.keys) else { continue }
                    let differing = a.keys.filter { a[$0] != b[$0] }
                    if differing.count == 1, let key = differing.first, let x = a[key], let y = b[key] {
                        var joined = a
                        let union = x.union(y)
                        joined[key] = union.count == fullSize(key) ? nil : union
                        result[i] = joined
                        result.remove(at: j)
                        changed = true
                        break outer
                    }
                }
            }
        }
        return result
    }

    private func contains(_ outer: VariableCube, _ inner: VariableCube) -> Bool {
        outer.allSatisfy { key, values in inner[key].map { $0.isSubset(of: values) } ?? false }
    }

    private func fullSize(_ key: Int) -> Int {
        let variable = encoding.variables[encoding.levelVariable[key]]
        if case .int(let starts, _) = variable.domain { return starts.count }
        return encoding.sizes[key]
    }

    /// A conjunction, inputs in level order.
    func render(_ cube: VariableCube) -> String {
        let parts = conjuncts(cube)
        return parts.isEmpty ? "true" : parts.joined(separator: " and ")
    }

    /// The constraints of a cube, one per input (one per constrained set member), in level order.
    func conjuncts(_ cube: VariableCube) -> [String] {
        var parts: [String] = []
        for variable in encoding.variables {
            let name = program.name(of: variable.input, from: sop)
            if case .set(let members) = variable.domain {
                for (m, member) in members.enumerated() {
                    guard let values = cube[variable.firstLevel + m], values.count == 1 else { continue }
                    parts.append(values.contains(1) ? "'\(member)' in \(name)" : "'\(member)' not in \(name)")
                }
                continue
            }
            guard variable.levelCount > 0, let values = cube[variable.firstLevel] else { continue }
            parts.append(render(name, variable.domain, values))
        }
        return parts
    }

    private func render(_ name: String, _ domain: Encoding.Domain, _ allowed: Set<Int>) -> String {
        switch domain {
        case .bool:
            return allowed.contains(1) ? name : "not \(name)"
        case .enumeration(let values):
            return membership(name, values.indices.filter(allowed.contains).map { values[$0] },
                              values.indices.filter { !allowed.contains($0) }.map { values[$0] })
        case .string(let literals, _):
            let inside = literals.indices.filter(allowed.contains).map { literals[$0] }
            let outside = literals.indices.filter { !allowed.contains($0) }.map { literals[$0] }
            // The fresh value stands for every other string, so a set holding it reads as an exclusion.
            if allowed.contains(literals.count) { return membership(name, [], outside, forceNegative: true) }
            return membership(name, inside, [], forcePositive: true)
        case .int(let starts, let upper):
            return intervals(name, starts, upper, allowed)
        case .set:
            return name
        }
    }

    private func membership(_ name: String, _ inside: [String], _ outside: [String], forcePositive: Bool = false, forceNegative: Bool = false) -> String {
        let quote = { (v: String) in "'\(v)'" }
        let positive = forcePositive || (!forceNegative && inside.count <= outside.count)
        if positive {
            return inside.count == 1 ? "\(name) == \(quote(inside[0]))" : "\(name) in [\(inside.map(quote).joined(separator: ", "))]"
        }
        return outside.count == 1 ? "\(name) != \(quote(outside[0]))" : "\(name) not in [\(outside.map(quote).joined(separator: ", "))]"
    }

    private func intervals(_ name: String, _ starts: [Int], _ upper: Int, _ allowed: Set<Int>) -> String {
        let lower = starts[0]
        // Maximal runs of allowed intervals, as value ranges.
        var runs: [(Int, Int)] = []
        var i = 0
        while i < starts.count {
            guard allowed.contains(i) else { i += 1; continue }
            var j = i
            while j + 1 < starts.count && allowed.contains(j + 1) { j += 1 }
            runs.append((starts[i], j + 1 < starts.count ? starts[j + 1] - 1 : upper))
            i = j + 1
        }
        // Excluding single points reads better than listing what is left.
        if runs.count > 1 && runs.first?.0 == lower && runs.last?.1 == upper {
            var holes: [Int] = []
            var point = true
            for k in 1..<runs.count {
                let from = runs[k - 1].1 + 1, to = runs[k].0 - 1
                if from == to { holes.append(from) } else { point = false }
            }
            if point {
                return holes.count == 1 ? "\(name) != \(holes[0])" : "\(name) not in [\(holes.map(String.init).joined(separator: ", "))]"
            }
        }
        let texts = runs.map { lo, hi -> String in
            if lo == hi { return "\(name) == \(lo)" }
            if lo == lower { return "\(name) <= \(hi)" }
            if hi == upper { return "\(name) >= \(lo)" }
            return "\(lo) <= \(name) <= \(hi)"
        }
        return texts.count == 1 ? texts[0] : "(" + texts.joined(separator: " or ") + ")"
    }
}

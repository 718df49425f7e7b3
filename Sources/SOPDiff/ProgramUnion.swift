import SOPCore
import SOPGraph

/// Two versions of a program merged into one, so one decision procedure can reason about both at once.
///
/// The old program's tables come first, unchanged; the new program's SOPs, nodes and outcomes follow with
/// their ids shifted. Inputs are shared by qualified name (`sopid.name`) when both versions give them a
/// compatible type, widened to hold both versions' values (an enum's values, an int's range, a set's
/// members); each version's own type becomes its domain guard. An input whose type changed kind is kept
/// as two inputs.
struct ProgramUnion {
    var program: Program
    let old: Program
    let new: Program
    /// Old input index → union input; new input index → union input.
    var oldInputs: [InputID]
    var newInputs: [InputID]
    let sopOffset: Int
    let nodeOffset: Int
    let outcomeOffset: Int
    var oldDomain: Guard = .true
    var newDomain: Guard = .true
    /// Inputs (qualified names) whose type changed kind.
    var retyped: [String] = []

    init(old: Program, new: Program) {
        self.old = old
        self.new = new
        var program = old
        sopOffset = old.sops.count
        nodeOffset = old.nodes.count
        outcomeOffset = old.outcomes.count
        oldInputs = old.inputs.map(\.id)
        var byName: [String: InputID] = [:]
        for i in old.inputs { byName[i.qualifiedName] = i.id }
        var newInputs: [InputID] = []
        var retyped: [String] = []
        for i in new.inputs {
            if let u = byName[i.qualifiedName], let widened = Self.widen(program.inputs[u.index].type, i.type) {
                program.inputs[u.index].type = widened
                // Named as the new version names it (conditions are read from the new SOP's side).
                program.inputs[u.index].sop = SOPID(i.sop.index + old.sops.count)
                if program.inputs[u.index].question == nil { program.inputs[u.index].question = i.question }
                newInputs.append(u)
                continue
            }
            if byName[i.qualifiedName] != nil { retyped.append(i.qualifiedName) }
            let id = InputID(program.inputs.count)
            program.inputs.append(Input(id: id, name: i.name, qualifiedName: i.qualifiedName, sop: SOPID(i.sop.index + old.sops.count),
                                        type: i.type, question: i.question, range: i.range))
            newInputs.append(id)
        }
        self.newInputs = newInputs
        self.retyped = retyped
        let so = sopOffset, no = nodeOffset, oo = outcomeOffset
        let mapInput = { (i: InputID) in newInputs[i.index] }
        for s in new.sops {
            var c = s
            c = SOP(id: SOPID(s.id.index + so), name: s.name, title: s.title, file: s.file, range: s.range)
            c.version = s.version
            c.start = s.start.map { NodeID($0.index + no) }
            c.inputs = s.inputs.map(mapInput)
            c.outcomes = s.outcomes.map { OutcomeID($0.index + oo) }
            c.nodes = s.nodes.map { NodeID($0.index + no) }
            c.imports = s.imports.map { SOPID($0.index + so) }
            c.examples = []
            program.sops.append(c)
        }
        for o in new.outcomes {
            program.outcomes.append(Outcome(id: OutcomeID(o.id.index + oo), name: o.name, qualifiedName: o.qualifiedName,
                                            sop: SOPID(o.sop.index + so), title: o.title, severity: o.severity, range: o.range))
        }
        for n in new.nodes {
            let form: Node.Form
            switch n.form {
            case .switch(let i): form = .switch(mapInput(i))
            case .branches: form = .branches
            }
            let branches = n.branches.map { b -> Branch in
                var c = b
                c.condition = Self.remap(b.condition, mapInput)
                switch b.target {
                case .node(let t)?: c.target = .node(NodeID(t.index + no))
                case .outcome(let t)?: c.target = .outcome(OutcomeID(t.index + oo))
                case .call(let t)?: c.target = .call(SOPID(t.index + so))
                case nil: c.target = nil
                }
                return c
            }
            program.nodes.append(Node(id: NodeID(n.id.index + no), name: n.name, sop: SOPID(n.sop.index + so), question: n.question,
                                      guidance: n.guidance, form: form, match: n.match, branches: branches, allow: n.allow, range: n.range))
        }
        self.program = program
        oldDomain = Self.domain(old.inputs, oldInputs, program)
        newDomain = Self.domain(new.inputs, newInputs, program)
    }

    /// A type holding both, when they are the same kind.
    static func widen(_ a: InputType, _ b: InputType) -> InputType? {
        switch (a, b) {
        case (.bool, .bool): return .bool
        case (.string, .string): return .string
        case (.enumeration(let x), .enumeration(let y)): return .enumeration(x + y.filter { !x.contains($0) })
        case (.set(let x), .set(let y)): return .set(x + y.filter { !x.contains($0) })
        case (.int(let l1, let u1), .int(let l2, let u2)): return .int(lower: min(l1, l2), upper: max(u1, u2))
        default: return nil
        }
    }

    /// What a version's own input types allow, over the union's widened inputs.
    static func domain(_ inputs: [Input], _ map: [InputID], _ program: Program) -> Guard {
        var parts: [Guard] = []
        for i in inputs {
            let u = map[i.id.index]
            let union = program.inputs[u.index].type
            guard union != i.type else { continue }
            switch (i.type, union) {
            case (.enumeration(let own), .enumeration):
                parts.append(.oneOf(u, own.map { .string($0) }))
            case (.int(let lo, let hi), .int(let ulo, let uhi)):
                if lo > ulo { parts.append(.compare(u, .greaterOrEqual, .int(lo))) }
                if hi < uhi { parts.append(.compare(u, .lessOrEqual, .int(hi))) }
            case (.set(let own), .set(let all)):
                for m in all where !own.contains(m) { parts.append(.not(.contains(u, m))) }
            default:
                break
            }
        }
        return parts.isEmpty ? .true : .and(parts)
    }

    static func remap(_ g: Guard, _ map: (InputID) -> InputID) -> Guard {
        switch g {
        case .constant: return g
        case .not(let inner): return .not(remap(inner, map))
        case .and(let parts): return .and(parts.map { remap($0, map) })
        case .or(let parts): return .or(parts.map { remap($0, map) })
        case .compare(let i, let op, let l): return .compare(map(i), op, l)
        case .oneOf(let i, let ls): return .oneOf(map(i), ls)
        case .contains(let i, let m): return .contains(map(i), m)
        }
    }

    func newSOP(_ s: SOPID) -> SOPID { SOPID(s.index + sopOffset) }
    func newOutcome(_ o: OutcomeID) -> OutcomeID { OutcomeID(o.index + outcomeOffset) }
    /// A union outcome of the new version, as the new program numbers it.
    func newProgramOutcome(_ o: OutcomeID) -> OutcomeID { OutcomeID(o.index - outcomeOffset) }

    /// A union case as each version sees it.
    func oldCase(_ c: Case) -> Case { Case(values: old.inputs.map { c[oldInputs[$0.id.index]] }) }
    func newCase(_ c: Case) -> Case { Case(values: new.inputs.map { c[newInputs[$0.id.index]] }) }
}

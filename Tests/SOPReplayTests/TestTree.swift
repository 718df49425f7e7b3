import SOPCore
import SOPGraph
@testable import SOPReplay

/// Builds checked programs directly, for replay tests that do not depend on the YAML front end.
struct TreeBuilder {
    var program = Program()
    private var nodeIDs: [String: NodeID] = [:]

    mutating func sop(_ name: String) -> SOPID {
        let id = SOPID(program.sops.count)
        program.sops.append(SOP(id: id, name: name, title: name, file: name + ".sop.yaml", range: .fileStart))
        return id
    }

    @discardableResult
    mutating func input(_ name: String, _ type: InputType, in sop: SOPID) -> InputID {
        let id = InputID(program.inputs.count)
        let qualified = program.sops[sop.index].name + "." + name
        program.inputs.append(Input(id: id, name: name, qualifiedName: qualified, sop: sop, type: type, question: nil, range: .fileStart))
        program.sops[sop.index].inputs.append(id)
        return id
    }

    @discardableResult
    mutating func outcome(_ name: String, in sop: SOPID) -> OutcomeID {
        let id = OutcomeID(program.outcomes.count)
        let qualified = program.sops[sop.index].name + "." + name
        program.outcomes.append(Outcome(id: id, name: name, qualifiedName: qualified, sop: sop, title: name, severity: nil, range: .fileStart))
        program.sops[sop.index].outcomes.append(id)
        return id
    }

    /// Declares a node so targets can name it before its branches are known.
    mutating func declare(_ name: String, in sop: SOPID) -> NodeID {
        let id = NodeID(program.nodes.count)
        program.nodes.append(Node(id: id, name: name, sop: sop, question: name + "?", guidance: nil, form: .branches, match: .exclusive, branches: [], allow: [], range: .fileStart))
        program.sops[sop.index].nodes.append(id)
        if program.sops[sop.index].start == nil { program.sops[sop.index].start = id }
        nodeIDs[name] = id
        return id
    }

    mutating func branches(_ node: NodeID, match: MatchMode = .exclusive, on: InputID? = nil, _ list: [(Branch.Kind, Guard, Target)]) {
        program.nodes[node.index].match = match
        if let on { program.nodes[node.index].form = .switch(on) }
        program.nodes[node.index].branches = list.map {
            Branch(kind: $0.0, condition: $0.1, target: $0.2, range: .fileStart, targetRange: .fileStart, allow: [])
        }
    }
}

/// The moderation tree most tests replay through:
///
///     start (switch on verified):  true -> check_region, false -> check_age
///     check_region (first):        region == 'EU' -> escalate; else -> allow
///     check_age:                   age < 18 -> ban; else -> check_changes
///     check_changes:               '2fa' in changes -> review; else -> allow
///
/// `archive` is declared but unreachable. `note` is an input no node reads.
struct Moderation {
    let graph: ReplayGraph
    let verified, region, age, changes, note: InputID
    let allow, review, ban, escalate, archive: OutcomeID
    let start, checkRegion, checkAge, checkChanges: NodeID

    init() {
        var b = TreeBuilder()
        let s = b.sop("moderation")
        verified = b.input("verified", .bool, in: s)
        region = b.input("region", .enumeration(["EU", "US", "APAC"]), in: s)
        age = b.input("age", .int(lower: 0, upper: 150), in: s)
        changes = b.input("changes", .set(["2fa", "email", "password"]), in: s)
        note = b.input("note", .string, in: s)
        allow = b.outcome("allow", in: s)
        review = b.outcome("review", in: s)
        ban = b.outcome("ban", in: s)
        escalate = b.outcome("escalate", in: s)
        archive = b.outcome("archive", in: s)
        start = b.declare("start", in: s)
        checkRegion = b.declare("check_region", in: s)
        checkAge = b.declare("check_age", in: s)
        checkChanges = b.declare("check_changes", in: s)
        b.branches(start, on: verified, [
            (.case(.bool(true)), .compare(verified, .equal, .bool(true)), .node(checkRegion)),
            (.case(.bool(false)), .compare(verified, .equal, .bool(false)), .node(checkAge)),
        ])
        b.branches(checkRegion, match: .first, [
            (.when(source: "region == 'EU'"), .compare(region, .equal, .string("EU")), .outcome(escalate)),
            (.else, .true, .outcome(allow)),
        ])
        b.branches(checkAge, [
            (.when(source: "age < 18"), .compare(age, .less, .int(18)), .outcome(ban)),
            (.else, .true, .node(checkChanges)),
        ])
        b.branches(checkChanges, [
            (.when(source: "'2fa' in changes"), .contains(changes, "2fa"), .outcome(review)),
            (.else, .true, .outcome(allow)),
        ])
        graph = ReplayGraph(program: b.program, sop: s)
    }

    /// Replays `text` (JSON Lines unless `format` says otherwise).
    func replay(_ text: String, format: SampleFormat = .jsonl, jobs: Int = 1, chunkSize: Int = 1 << 20, maxDisagreements: Int = 100, maxRejected: Int = 100) throws -> ReplayResult {
        var options = ReplayOptions()
        options.format = format
        options.jobs = jobs
        options.chunkSize = chunkSize
        options.maxDisagreements = maxDisagreements
        options.maxRejected = maxRejected
        return try Replayer(graph: graph, options: options).replay(ByteSource(bytes: Array(text.utf8)))
    }
}

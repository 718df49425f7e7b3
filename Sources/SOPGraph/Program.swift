import SOPCore

/// The checked graph: every SOP of one compilation, resolved and type-checked.
///
/// All SOPs share the tables below, so a sub-tree call is an edge into the callee's nodes and an imported
/// input is the same `InputID` in the importer and in the SOP that declares it. Analyses, replay and
/// exports read this, never YAML.
public struct Program: Sendable {
    public var sops: [SOP] = []
    public var inputs: [Input] = []
    public var outcomes: [Outcome] = []
    public var nodes: [Node] = []

    public init() {}

    public subscript(id: SOPID) -> SOP { sops[id.index] }
    public subscript(id: InputID) -> Input { inputs[id.index] }
    public subscript(id: OutcomeID) -> Outcome { outcomes[id.index] }
    public subscript(id: NodeID) -> Node { nodes[id.index] }

    /// The SOP declared with this `sop:` id.
    public func sop(named id: String) -> SOP? { sops.first { $0.name == id } }

    /// The node a branch target leads to, following a sub-tree call to the callee's start.
    public func entryNode(of target: Target) -> NodeID? {
        switch target {
        case .node(let n): return n
        case .outcome: return nil
        case .call(let s): return sops[s.index].start
        }
    }

    /// The inputs a case for `sop` may set: its own, then those of every SOP it imports (transitively),
    /// in declaration order. These are the names sample rows and witnesses use.
    public func visibleInputs(of sop: SOPID) -> [InputID] {
        var result: [InputID] = []
        var seenSOPs: Set<SOPID> = []
        func visit(_ s: SOPID) {
            guard seenSOPs.insert(s).inserted else { return }
            result.append(contentsOf: sops[s.index].inputs)
            sops[s.index].imports.forEach(visit)
        }
        visit(sop)
        return result
    }

    /// The name an input goes by as seen from `sop`: bare if `sop` declares it, else `otherid.name`.
    public func name(of input: InputID, from sop: SOPID) -> String {
        let i = inputs[input.index]
        return i.sop == sop ? i.name : i.qualifiedName
    }

    /// The name an outcome goes by as seen from `sop`.
    public func name(of outcome: OutcomeID, from sop: SOPID) -> String {
        let o = outcomes[outcome.index]
        return o.sop == sop ? o.name : o.qualifiedName
    }
}

/// One compiled `*.sop.yaml` file.
public struct SOP: Sendable {
    public let id: SOPID
    /// The `sop:` id.
    public var name: String
    public var title: String
    public var version: String?
    public var owner: String?
    public var policy: String?
    /// The file as the user (or the importing file) named it.
    public var file: String
    /// The `sop:` key's location.
    public var range: SourceRange
    /// `nil` for a library file that only declares inputs and outcomes for others to import.
    public var start: NodeID?
    public var startRange: SourceRange?
    /// Declared here, in source order.
    public var inputs: [InputID] = []
    public var outcomes: [OutcomeID] = []
    public var nodes: [NodeID] = []
    /// Directly imported SOPs, in `import:` order.
    public var imports: [SOPID] = []
    public var examples: [Example] = []
    /// Finding codes accepted on purpose anywhere in the file (`allow:` at the top level).
    public var allow = AllowList.none

    public init(id: SOPID, name: String, title: String, file: String, range: SourceRange) {
        self.id = id
        self.name = name
        self.title = title
        self.file = file
        self.range = range
    }
}

/// A fact an agent or model determines about a case.
public struct Input: Sendable {
    public let id: InputID
    /// As declared, without the SOP prefix.
    public var name: String
    /// `sopid.name`
    public var qualifiedName: String
    public var sop: SOPID
    public var type: InputType
    public var question: String?
    /// The input's key.
    public var range: SourceRange
    /// Finding codes accepted on purpose for this input.
    public var allow = AllowList.none

    public init(id: InputID, name: String, qualifiedName: String, sop: SOPID, type: InputType, question: String?, range: SourceRange) {
        self.id = id
        self.name = name
        self.qualifiedName = qualifiedName
        self.sop = sop
        self.type = type
        self.question = question
        self.range = range
    }
}

/// A terminal decision: the label QA specialists assign.
public struct Outcome: Sendable {
    public let id: OutcomeID
    public var name: String
    public var qualifiedName: String
    public var sop: SOPID
    public var title: String
    public var severity: String?
    public var range: SourceRange
    /// Finding codes accepted on purpose for this outcome.
    public var allow = AllowList.none

    public init(id: OutcomeID, name: String, qualifiedName: String, sop: SOPID, title: String, severity: String?, range: SourceRange) {
        self.id = id
        self.name = name
        self.qualifiedName = qualifiedName
        self.sop = sop
        self.title = title
        self.severity = severity
        self.range = range
    }
}

/// Where a branch leads.
public enum Target: Hashable, Sendable {
    case node(NodeID)
    case outcome(OutcomeID)
    /// A sub-tree call: the case continues at the called SOP's start and ends in one of its outcomes.
    case call(SOPID)
}

/// How a node with `branches:` picks one.
public enum MatchMode: String, Hashable, Sendable {
    /// Exactly one guard may hold for any case (the default); overlap is an error.
    case exclusive
    /// Ordered: the first guard that holds wins.
    case first
}

/// A question in the tree.
public struct Node: Sendable {
    public enum Form: Hashable, Sendable {
        /// `on: input` with `cases:`; each case is `input == value`.
        case `switch`(InputID)
        /// `branches:` with `when:` guards.
        case branches
    }

    public let id: NodeID
    public var name: String
    public var sop: SOPID
    public var question: String
    public var guidance: String?
    public var form: Form
    public var match: MatchMode
    /// In source order; an `else`, if any, is last.
    public var branches: [Branch]
    /// Finding codes accepted on purpose for this node.
    public var allow: AllowList
    /// The node's key.
    public var range: SourceRange

    public init(id: NodeID, name: String, sop: SOPID, question: String, guidance: String?, form: Form, match: MatchMode, branches: [Branch], allow: AllowList, range: SourceRange) {
        self.id = id
        self.name = name
        self.sop = sop
        self.question = question
        self.guidance = guidance
        self.form = form
        self.match = match
        self.branches = branches
        self.allow = allow
        self.range = range
    }

    /// The node's `else` branch, if it has one.
    public var elseBranch: Branch? { branches.last.flatMap { $0.isElse ? $0 : nil } }
}

/// One way out of a node.
public struct Branch: Sendable {
    public enum Kind: Hashable, Sendable {
        /// `when: "<expression>"`; `source` is the expression as written.
        case when(source: String)
        /// A switch case `value: target`.
        case `case`(Literal)
        /// `else: target`: taken when no other branch applies.
        case `else`
    }

    public var kind: Kind
    /// The branch's own condition, without regard to earlier branches: the `when` guard, `input == value`
    /// for a case, `true` for `else`. See `Program.effectiveGuards(of:)` for what `first` and `else` mean.
    public var condition: Guard
    /// `nil` only when the target did not resolve (the program then has errors).
    public var target: Target?
    /// The `when` scalar, the case key, or the `else` key.
    public var range: SourceRange
    /// The target scalar.
    public var targetRange: SourceRange
    /// Finding codes accepted on purpose for this branch.
    public var allow: AllowList

    public init(kind: Kind, condition: Guard, target: Target?, range: SourceRange, targetRange: SourceRange, allow: AllowList) {
        self.kind = kind
        self.condition = condition
        self.target = target
        self.range = range
        self.targetRange = targetRange
        self.allow = allow
    }

    public var isElse: Bool { kind == .else }
}

/// An `examples:` entry: a SOP unit test.
public struct Example: Sendable {
    public var name: String
    /// Values by input, for the inputs `given` names (resolved and type-checked).
    public var given: [InputID: Value]
    public var expect: OutcomeID?
    /// The `name:` key (or the entry) location.
    public var range: SourceRange
    public var expectRange: SourceRange

    public init(name: String, given: [InputID: Value], expect: OutcomeID?, range: SourceRange, expectRange: SourceRange) {
        self.name = name
        self.given = given
        self.expect = expect
        self.range = range
        self.expectRange = expectRange
    }
}

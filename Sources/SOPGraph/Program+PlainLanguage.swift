import SOPCore

/// The one way the graph is put into words for people: a branch as the answer a reviewer gives, a guard as
/// a sentence. Handbooks, the player, quizzes and `sopc why` all read these, so a decision reads the same
/// everywhere.
extension Program {
    /// An id as a person reads it: the part after the SOP prefix, underscores as spaces.
    public static func words(_ id: String) -> String {
        let bare = id.split(separator: ".").last.map(String.init) ?? id
        return spaced(bare)
    }

    /// A value as a person reads it: `yes`/`no`, words for enum values, set members joined.
    public static func words(_ value: Value) -> String {
        switch value {
        case .bool(let b): return b ? "yes" : "no"
        case .int(let i): return String(i)
        case .string(let s): return spaced(s)
        case .set(let members): return members.isEmpty ? "none" : members.map(spaced).joined(separator: ", ")
        }
    }

    private static func spaced(_ s: String) -> String {
        String(s.map { $0 == "_" ? " " : $0 })
    }

    /// The answer that takes branch `index` of `node`: a switch case's value, a guard in words, or the
    /// catch-all for `else`.
    public func answer(_ node: Node, branch index: Int) -> String {
        let branch = node.branches[index]
        switch branch.kind {
        case .case(let literal): return Self.words(literal.value)
        case .when: return words(branch.condition, from: node.sop)
        case .else: return node.branches.count == 1 ? "always" : (node.match == .first || node.form != .branches ? "anything else" : "none of the above")
        }
    }

    /// Where a branch leads, in words: an outcome's title, the next question, or the called SOP.
    public func destination(_ target: Target?) -> String {
        switch target {
        case .outcome(let o)?: return outcomes[o.index].title
        case .node(let n)?: return nodes[n.index].question
        case .call(let s)?: return "continue with the SOP \u{201C}" + sops[s.index].title + "\u{201D}"
        case nil: return "(unresolved)"
        }
    }

    /// A guard as a sentence, inputs named in words as seen from `sop`.
    public func words(_ g: Guard, from sop: SOPID) -> String {
        words(g, from: sop, nested: false)
    }

    private func words(_ g: Guard, from sop: SOPID, nested: Bool) -> String {
        func name(_ id: InputID) -> String { Self.words(self.name(of: id, from: sop)) }
        func wrap(_ s: String) -> String { nested ? "(" + s + ")" : s }
        switch g {
        case .constant(let b):
            return b ? "always" : "never"
        case .and(let parts):
            return wrap(parts.map { words($0, from: sop, nested: true) }.joined(separator: " and "))
        case .or(let parts):
            if case .contains(let id, _)? = parts.first {
                let members = parts.compactMap { p -> String? in
                    if case .contains(id, let m) = p { return Self.quoted(m) }
                    return nil
                }
                if members.count == parts.count { return wrap("\(name(id)) include " + Self.list(members, "or")) }
            }
            return wrap(parts.map { words($0, from: sop, nested: true) }.joined(separator: " or "))
        case .not(.contains(let id, let member)):
            return "\(name(id)) do not include \(Self.quoted(member))"
        case .not(.compare(let id, let op, let lit)):
            return words(.compare(id, op.negated, lit), from: sop, nested: nested)
        case .not(.oneOf(let id, let lits)):
            return "\(name(id)) is not " + Self.list(lits.map(Self.quotedWords), "or")
        case .not(let inner):
            return "not " + words(inner, from: sop, nested: true)
        case .contains(let id, let member):
            return "\(name(id)) include \(Self.quoted(member))"
        case .oneOf(let id, let lits):
            return "\(name(id)) is " + Self.list(lits.map(Self.quotedWords), "or")
        case .compare(let id, let op, let lit):
            let v = Self.quotedWords(lit)
            switch op {
            case .equal: return "\(name(id)) is \(v)"
            case .notEqual: return "\(name(id)) is not \(v)"
            case .less: return "\(name(id)) is less than \(v)"
            case .lessOrEqual: return "\(name(id)) is at most \(v)"
            case .greater: return "\(name(id)) is more than \(v)"
            case .greaterOrEqual: return "\(name(id)) is at least \(v)"
            }
        }
    }

    /// A value inside a sentence: quoted when it is a word, so `names time or place` reads as one value.
    private static func quoted(_ s: String) -> String { "\u{201C}" + spaced(s) + "\u{201D}" }

    private static func quotedWords(_ lit: Literal) -> String {
        if case .string(let s) = lit { return quoted(s) }
        return words(lit.value)
    }

    /// `a, b or c`.
    public static func list(_ items: [String], _ conjunction: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
    }
}

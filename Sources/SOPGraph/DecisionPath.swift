import SOPCore

/// The one spelling of a decision path, shared by every output that prints one (check witnesses,
/// `sopc run`, `sopc test`, `sopc replay`, `sopc diff`, the SQL export) and by every input that reads one
/// back (a sample's `path` field).
///
/// A path is the node ids the case visits, in order, then the outcome it ends in, joined by ` > `:
/// `first_contact > volume > newacct`. Node and outcome ids are named as seen from the SOP the case
/// starts in: bare for that SOP's own, `sopid.name` for a called or imported SOP's.
public enum DecisionPath {
    /// Between two steps. Readers also accept `>` without spaces.
    public static let separator = " > "

    /// First step of a path shown from partway down, from a node reached by any route (`… > n12 > remove`):
    /// printed only where the output says which node that is, never read back.
    public static let elision = "…"

    /// Joins already-named steps.
    public static func join<S: Sequence>(_ parts: S) -> String where S.Element == String {
        parts.joined(separator: separator)
    }

    /// Splits a path written by a person or copied from sopc's output: on `>`, each part trimmed of
    /// spaces; empty parts (a trailing `>`) are dropped.
    public static func split(_ text: String) -> [String] {
        text.split(separator: ">", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: " \t") }
            .filter { !$0.isEmpty }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self[...]
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension Program {
    /// A node's id as a path names it from `sop`: bare for `sop`'s own nodes, `sopid.node` otherwise.
    public func pathName(of node: NodeID, from sop: SOPID) -> String {
        let n = nodes[node.index]
        return n.sop == sop ? n.name : sops[n.sop.index].name + "." + n.name
    }

    /// The path a walk took from `sop`, spelled by `DecisionPath`: its nodes, then the outcome when it
    /// reached one. A walk `partway` began at a node other than the start: its path opens with
    /// `DecisionPath.elision`.
    public func pathText(_ walk: Walk, from sop: SOPID, partway: Bool = false) -> String {
        var parts = (partway ? [DecisionPath.elision] : []) + walk.steps.map { pathName(of: $0.node, from: sop) }
        if let o = walk.outcome { parts.append(name(of: o, from: sop)) }
        return DecisionPath.join(parts)
    }
}

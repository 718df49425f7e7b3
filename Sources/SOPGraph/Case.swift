import SOPCore

/// A concrete case: a value (or nothing) for every input of the program, indexed by `InputID`.
public struct Case: Hashable, Sendable {
    public var values: [Value?]

    public init(inputCount: Int) {
        values = Array(repeating: nil, count: inputCount)
    }

    public init(values: [Value?]) {
        self.values = values
    }

    public subscript(id: InputID) -> Value? {
        get { values[id.index] }
        set { values[id.index] = newValue }
    }
}

extension Guard {
    /// Evaluates the guard on a case with Kleene's three-valued logic: `nil` when the answer depends on
    /// an input the case does not set.
    public func evaluate(_ c: Case) -> Bool? {
        switch self {
        case .constant(let b):
            return b
        case .not(let inner):
            return inner.evaluate(c).map { !$0 }
        case .and(let parts):
            var unknown = false
            for p in parts {
                switch p.evaluate(c) {
                case false?: return false
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? nil : true
        case .or(let parts):
            var unknown = false
            for p in parts {
                switch p.evaluate(c) {
                case true?: return true
                case nil: unknown = true
                case false?: break
                }
            }
            return unknown ? nil : false
        case .compare(let id, let op, let literal):
            guard let v = c[id] else { return nil }
            return Comparison.holds(v, op, literal)
        case .oneOf(let id, let literals):
            guard let v = c[id] else { return nil }
            return Comparison.isAny(v, of: literals)
        case .contains(let id, let member):
            guard case .set(let members)? = c[id] else { return c[id] == nil ? nil : false }
            return Comparison.contains(members, member)
        }
    }
}

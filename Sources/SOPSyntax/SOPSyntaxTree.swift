import SOPCore

/// A value with the range it was written at.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var range: SourceRange
    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// The syntax tree of one `*.sop.yaml` file: its structure, checked for shape, names not yet resolved.
public struct SOPFileSyntax: Sendable {
    public var source: SourceText
    public var sop: Located<String>?
    public var title: Located<String>?
    public var version: Located<String>?
    public var owner: Located<String>?
    public var policy: Located<String>?
    public var description: Located<String>?
    public var imports: [Located<String>] = []
    /// The `import` key, when the file has one.
    public var importKey: SourceRange?
    public var inputs: [InputSyntax] = []
    public var outcomes: [OutcomeSyntax] = []
    public var start: Located<String>?
    public var nodes: [NodeSyntax] = []
    /// Whether the file has a `nodes:` key at all (a library has neither `start` nor `nodes`).
    public var hasNodes = false
    public var examples: [ExampleSyntax] = []
    /// `allow:` at the top level: codes accepted anywhere in the file.
    public var allow: [Located<String>] = []
    public var allowKey: SourceRange?

    public init(source: SourceText) {
        self.source = source
    }
}

public struct InputSyntax: Sendable {
    public var name: Located<String>
    /// `bool`, `enum`, `int`, `set`, `string` (nil when the declaration is malformed).
    public var type: Located<String>?
    public var values: [Located<String>]?
    public var range: (lower: Located<Int>, upper: Located<Int>)?
    public var question: Located<String>?
    public var allow: [Located<String>] = []
    public var allowKey: SourceRange?
}

public struct OutcomeSyntax: Sendable {
    public var name: Located<String>
    public var title: Located<String>?
    public var severity: Located<String>?
    public var allow: [Located<String>] = []
    public var allowKey: SourceRange?
}

public struct NodeSyntax: Sendable {
    public var name: Located<String>
    public var question: Located<String>?
    public var guidance: Located<String>?
    public var allow: [Located<String>] = []
    public var allowKey: SourceRange?
    /// Switch form.
    public var on: Located<String>?
    public var cases: [CaseSyntax]?
    public var elseTarget: Located<String>?
    /// Branch form.
    public var match: Located<String>?
    public var branches: [BranchSyntax]?
}

/// A switch case: the key as written, and its target.
public struct CaseSyntax: Sendable {
    public var key: Located<String>
    public var style: YAMLNode.ScalarStyle
    public var target: Located<String>
}

public struct BranchSyntax: Sendable {
    /// The `when` scalar and its parsed expression (nil when it did not parse, after a `syntax-error`).
    public var when: Located<String>?
    public var expression: Expression?
    /// Maps offsets in the expression to the file.
    public var positions: ScalarPositions?
    public var then: Located<String>?
    /// `else: target`: the key's range and the target.
    public var elseKey: SourceRange?
    public var elseTarget: Located<String>?
    public var allow: [Located<String>] = []
    public var allowKey: SourceRange?
    public var range: SourceRange
}

public struct ExampleSyntax: Sendable {
    public var name: Located<String>?
    public var given: [(name: Located<String>, value: YAMLNode)] = []
    public var expect: Located<String>?
    public var range: SourceRange
}

/// The names of the sample fields that are not inputs.
public struct FieldNames: Hashable, Sendable {
    public var id = "id"
    public var label = "label"
    public var labeler = "labeler"
    public var ai = "ai"
    public var path = "path"

    /// The default names: `id`, `label`, `labeler`, `ai`, `path`.
    public init() {}
}

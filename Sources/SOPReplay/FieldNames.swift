/// The names of the sample fields that are not inputs.
public struct FieldNames: Hashable, Sendable {
    public var id = "id"
    public var label = "label"
    public var labeler = "labeler"
    public var ai = "ai"
    public var path = "path"
    /// When the sample was labeled (ISO 8601); read only when set.
    public var time: String?
    /// Seconds spent on the sample; read only when set.
    public var duration: String?

    /// The default names: `id`, `label`, `labeler`, `ai`, `path`.
    public init() {}
}

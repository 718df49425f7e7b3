import SOPCore

/// A rendering of a `CheckReport` in one output format, selected with `sopc check --format`.
public protocol Reporter: Sendable {
    /// The name `--format` takes.
    static var identifier: String { get }
    /// The whole output, ending in a newline when it is not empty.
    func render(_ report: CheckReport) -> String
}

/// The registry of output formats.
public enum Reporters {
    /// Every `--format` value, in the order help text lists them.
    public static let identifiers: [String] = [
        TextReporter.identifier,
        JSONReporter.identifier,
        SARIFReporter.identifier,
        GitHubReporter.identifier,
    ]

    /// The reporter for a `--format` value, or `nil` if there is none; `color` applies to text only.
    public static func named(_ identifier: String, color: Bool = false) -> (any Reporter)? {
        switch identifier {
        case TextReporter.identifier: return TextReporter(color: color)
        case JSONReporter.identifier: return JSONReporter()
        case SARIFReporter.identifier: return SARIFReporter()
        case GitHubReporter.identifier: return GitHubReporter()
        default: return nil
        }
    }
}

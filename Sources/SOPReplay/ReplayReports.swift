import SOPCore

/// A rendering of a replay result: the report formats of `sopc replay --format`.
public protocol ReplayReport: Sendable {
    /// The `--format` name.
    var name: String { get }
    /// The whole report; renderers format the result's values and compute nothing of their own.
    func render(_ result: ReplayResult, target: Double) -> String
}

/// Every replay report format, sorted by name.
public enum ReplayReports {
    public static let all: [any ReplayReport] = [HTMLReplayReport(), JSONReplayReport(), TextReplayReport()]

    public static var names: [String] { all.map(\.name) }

    public static func renderer(named name: String) -> (any ReplayReport)? { all.first { $0.name == name } }
}

/// The aligned text report.
public struct TextReplayReport: ReplayReport {
    public init() {}
    public var name: String { "text" }
    public func render(_ result: ReplayResult, target: Double) -> String { result.text(target: target) }
}

/// The JSON report (field names in docs/replay.md).
public struct JSONReplayReport: ReplayReport {
    public init() {}
    public var name: String { "json" }
    public func render(_ result: ReplayResult, target: Double) -> String { result.json(target: target).rendered() + "\n" }
}

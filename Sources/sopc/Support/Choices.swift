import ArgumentParser
import Foundation
import SOPCore
import SOPDriver
import SOPExport
import SOPReplay
import SOPReporters

// MARK: - Values from a fixed list

/// A list of names an option takes, known only at run time (a registry of reporters or exporters).
protocol NameList {
    static var names: [String] { get }
}

/// An option value from a `NameList`: `--help` lists the names, and any other value is a usage error
/// (exit 2) that lists them, exactly as for the options whose values are an enumeration.
struct Choice<List: NameList>: ExpressibleByArgument, Sendable, Equatable {
    let name: String

    init?(argument: String) {
        guard List.names.contains(argument) else { return nil }
        name = argument
    }

    static var allValueStrings: [String] { List.names }
    static var defaultCompletionKind: CompletionKind { .list(List.names) }
    var defaultValueDescription: String { name }
}

extension ProjectConfig {
    /// A value of `option` in `section` of the configuration, read as the command-line option reads it;
    /// any other value is a usage error listing the values (with a did-you-mean).
    func choice<T: ExpressibleByArgument>(_ section: String, _ option: String, as type: T.Type = T.self) throws -> T? {
        guard let text = value(section, option)?.string else { return nil }
        if let v = T(argument: text) { return v }
        let values = T.allValueStrings
        let hint = Spelling.suggestion(for: text, among: values).map { "; did you mean `\($0)`?" } ?? ""
        throw ExitStatus.usageError("`\(option): \(text)` in the `\(section):` section of \(path ?? ".sopc.yaml") is not one of "
            + values.joined(separator: ", ") + hint)
    }
}

// MARK: - Color

/// Whether to color terminal output.
enum ColorChoice: String, CaseIterable, Sendable, ExpressibleByArgument {
    case auto, always, never

    /// `auto` colors only a terminal, and never when `NO_COLOR` is set or `TERM` is `dumb`.
    func enabled(for fileDescriptor: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let env = ProcessInfo.processInfo.environment
            if env["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
            if env["TERM"] == "dumb" { return false }
            return isatty(fileDescriptor) == 1
        }
    }
}

/// `--color auto|always|never`, the one option group every subcommand that prints text uses.
struct ColorOptions: ParsableArguments {
    @Option(help: "Color text output: auto (a terminal, without NO_COLOR), always or never (default: auto, or `color:` in the subcommand's section of `.sopc.yaml`).")
    var color: ColorChoice?

    /// The style for text written to `output` (standard output when nil or `-`): a file is never
    /// colored; the configuration's `color` in `section` applies when the option is not given.
    func style(output: String?, config: ProjectConfig? = nil, section: String? = nil) throws -> TerminalStyle {
        let configured: ColorChoice? = try section.flatMap { s in try config?.choice(s, "color") }
        let choice = color ?? configured ?? .auto
        let toStandardOutput = output == nil || output == "-"
        return TerminalStyle(enabled: toStandardOutput && choice.enabled(for: STDOUT_FILENO))
    }
}

// MARK: - The registries' names

/// `sopc check --format`: the reporters.
enum CheckFormats: NameList { static var names: [String] { Reporters.identifiers } }
/// `sopc replay --format`: the replay reports.
enum ReplayFormats: NameList { static var names: [String] { ReplayReports.names } }
/// `sopc export --format`: the exporters.
enum ExportFormats: NameList { static var names: [String] { Exporters.formats } }

extension SampleFormat: ExpressibleByArgument {}
extension ReviewPeriod: ExpressibleByArgument {}

import Foundation
import SOPCompiler
import SOPCore
import SOPSyntax

/// The project configuration, `.sopc.yaml`: which files a folder expands to, the severity of each code,
/// and default options for each subcommand. See `docs/configuration.md`.
public struct ProjectConfig: Sendable {
    /// The name looked for in the working directory and each directory above it.
    public static let fileName = ".sopc.yaml"

    /// What a `severity:` entry sets a code to.
    public enum Level: String, Sendable, CaseIterable {
        case error, warning, off
    }

    /// The configuration file, or nil when none is used (`--no-config`, or none found).
    public var path: String?
    /// The project root: the configuration file's directory, or the working directory without one.
    /// Imports are confined to it.
    public var directory: String
    /// Globs (relative to `directory`) a file found in a folder must match one of; empty: every file.
    public var include: [String] = []
    /// Globs (relative to `directory`) of files and folders never checked when found in a folder.
    public var exclude: [String] = []
    /// Severity overrides by code id.
    public var severity: [String: Level] = [:]
    /// Default options by subcommand (`check`, `test`, `replay`), as written, by option name.
    public var defaults: [String: [String: ConfigValue]] = [:]

    /// The folder imports are confined to: the configuration file's folder. Without a configuration
    /// file, nil: the compiler confines imports to the deepest folder holding the files named.
    public var importRoot: String? { path == nil ? nil : directory }

    public init(path: String? = nil, directory: String) {
        self.path = path
        self.directory = directory
    }

    /// The options each subcommand's section accepts, with the kind of value each takes. They are the
    /// command-line options' long names.
    public static let sections: [String: [String: ConfigValue.Kind]] = [
        "check": ["format": .string, "color": .string, "strict": .bool, "semantic": .bool, "show-allowed": .bool, "baseline": .string],
        "test": ["format": .string, "color": .string, "coverage": .bool, "coverage-min": .number, "coverage-imports": .bool, "quiet": .bool],
        "replay": ["format": .string, "color": .string, "id-field": .string, "label-field": .string, "labeler-field": .string, "ai-field": .string, "path-field": .string,
                   "target": .number, "min-agreement": .number, "min-kappa": .number, "max-rejected-rate": .number, "max-disagreements": .number, "max-rejected": .number],
    ]

    static let topLevelKeys = ["include", "exclude", "severity"] + sections.keys.sorted()

    // MARK: - Finding and reading

    /// The configuration in effect: `explicit` when given, else the nearest `.sopc.yaml` in `start` or a
    /// directory above it, else none (`disabled` skips the search).
    public static func load(explicit: String?, disabled: Bool, start: String = FileManager.default.currentDirectoryPath) throws(ConfigError) -> ProjectConfig {
        if let explicit {
            return try read(explicit)
        }
        guard !disabled else { return ProjectConfig(directory: start) }
        var dir = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return try read(candidate) }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path || dir.path == "/" { break }
            dir = parent
        }
        return ProjectConfig(directory: start)
    }

    /// Reads and validates one configuration file.
    public static func read(_ path: String) throws(ConfigError) -> ProjectConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw ConfigError(message: "cannot read configuration `\(path)`", diagnostics: []) }
        let directory = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        let (config, diagnostics) = parse(SourceText(path: path, bytes: [UInt8](data)), directory: directory)
        guard diagnostics.isEmpty else { throw ConfigError(message: "invalid configuration `\(path)`", diagnostics: diagnostics) }
        return config
    }

    /// Parses configuration text; every problem is a diagnostic at its place, with a did-you-mean.
    public static func parse(_ source: SourceText, directory: String) -> (ProjectConfig, [Diagnostic]) {
        var config = ProjectConfig(path: source.path, directory: directory)
        var list = DiagnosticList(file: source.path)
        let (root, yamlDiagnostics) = YAMLReader.read(source)
        list.append(contentsOf: yamlDiagnostics)
        guard let root, !root.isNull else { return (config, list.items) }
        guard let pairs = root.mapping else {
            list.add(.invalidValue, root.range, "the configuration must be a mapping, found \(root.kindDescription)")
            return (config, list.items)
        }
        for pair in pairs {
            guard let key = pair.key.scalar else { continue }
            switch key {
            case "include": config.include = strings(pair.value, key, &list)
            case "exclude": config.exclude = strings(pair.value, key, &list)
            case "severity":
                for (code, value) in entries(pair.value, key, &list) {
                    guard DiagnosticCode.all.contains(where: { $0.id == code.value }) else {
                        list.addMisspelling(.unknownKey, code.range, "unknown diagnostic code `\(code.value)` in `severity`", word: code.value, among: DiagnosticCode.all.map(\.id))
                        continue
                    }
                    guard let level = value.scalar.flatMap(Level.init(rawValue:)) else {
                        list.addMisspelling(.invalidValue, value.range, "the severity of `\(code.value)` must be `error`, `warning` or `off`", word: value.scalar ?? "", among: Level.allCases.map(\.rawValue))
                        continue
                    }
                    config.severity[code.value] = level
                }
            default:
                guard let options = sections[key] else {
                    list.addMisspelling(.unknownKey, pair.key.range, "unknown key `\(key)` in the configuration", word: key, among: topLevelKeys,
                                        otherwise: "allowed keys: " + topLevelKeys.map { "`\($0)`" }.joined(separator: ", "))
                    continue
                }
                var values: [String: ConfigValue] = [:]
                for (name, value) in entries(pair.value, key, &list) {
                    guard let kind = options[name.value] else {
                        list.addMisspelling(.unknownKey, name.range, "unknown option `\(name.value)` for `sopc \(key)`", word: name.value, among: options.keys.sorted(),
                                            otherwise: "options: " + options.keys.sorted().map { "`\($0)`" }.joined(separator: ", "))
                        continue
                    }
                    guard let v = ConfigValue(value, kind: kind) else {
                        list.add(.invalidValue, value.range, "`\(name.value)` takes \(kind.description), found \(value.scalar.map { "`\($0)`" } ?? value.kindDescription)")
                        continue
                    }
                    values[name.value] = v
                }
                config.defaults[key] = values
            }
        }
        return (config, list.items)
    }

    private static func strings(_ node: YAMLNode, _ key: String, _ list: inout DiagnosticList) -> [String] {
        if let s = node.scalar, !node.isNull { return [s] }
        guard let items = node.sequence else {
            list.add(.invalidValue, node.range, "`\(key)` must be a list of globs, found \(node.kindDescription)")
            return []
        }
        return items.compactMap { item in
            guard let s = item.scalar, !item.isNull else {
                list.add(.invalidValue, item.range, "`\(key)` must be a list of globs, found \(item.kindDescription)")
                return nil
            }
            return s
        }
    }

    private static func entries(_ node: YAMLNode, _ key: String, _ list: inout DiagnosticList) -> [(Located<String>, YAMLNode)] {
        if node.isNull { return [] }
        guard let pairs = node.mapping else {
            list.add(.invalidValue, node.range, "`\(key)` must be a mapping, found \(node.kindDescription)")
            return []
        }
        return pairs.compactMap { p in p.key.scalar.map { (Located($0, at: p.key.range), p.value) } }
    }

    // MARK: - Using it

    /// The default for `option` of `subcommand`, if the configuration sets one.
    public func value(_ subcommand: String, _ option: String) -> ConfigValue? {
        defaults[subcommand]?[option]
    }

    /// A path written in the configuration, relative to the project root.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
    }

    /// Diagnostics with the configured severities: `off` removes a finding.
    public func applySeverity(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !severity.isEmpty else { return diagnostics }
        return diagnostics.compactMap { d in
            switch severity[d.code.id] {
            case nil: return d
            case .off: return nil
            case .error?: var e = d; e.severity = .error; return e
            case .warning?: var w = d; w.severity = .warning; return w
            }
        }
    }

    /// Expands the paths named on the command line into SOP files: a file is kept as named; a folder
    /// gives the `*.sop.yaml` files below it that `include` (when set) lists and `exclude` does not.
    public func files(_ paths: [String]) throws(InputError) -> [String] {
        let loader = DiskLoader()
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                result += try loader.expand([path])
                continue
            }
            // A folder named on the command line is checked even when a glob excludes it (or a folder
            // above it): only the globs that do not already match it apply below it.
            var scoped = self
            scoped.exclude = exclude.filter { !Glob.matches($0, relativePath(path)) }
            let found = try loader.expand([path]).filter(scoped.isSelected)
            guard !found.isEmpty else { throw .noSOPFiles(path + " (after the configuration's include and exclude)") }
            result += found
        }
        return result
    }

    /// Whether a file found in a folder is checked.
    public func isSelected(_ file: String) -> Bool {
        let relative = relativePath(file)
        if exclude.contains(where: { Glob.matches($0, relative) }) { return false }
        return include.isEmpty || include.contains { Glob.matches($0, relative) }
    }

    /// `file` relative to the project root (or absolute when outside it).
    func relativePath(_ file: String) -> String {
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let normalized = Paths.normalize(absolute)
        let root = Paths.normalize(directory)
        if normalized.hasPrefix(root == "/" ? "/" : root + "/") { return String(normalized.dropFirst(root == "/" ? 1 : root.count + 1)) }
        return normalized
    }

    // MARK: - Showing it

    /// The effective settings as a configuration file would write them (`sopc config`).
    public var rendered: String {
        var out = "# configuration: " + (path ?? "none (defaults)") + "\n"
        out += "# project root: \(directory)\n"
        out += "include: " + list(include) + "\n"
        out += "exclude: " + list(exclude) + "\n"
        out += "severity:" + (severity.isEmpty ? " {}\n" : "\n" + severity.keys.sorted().map { "  \($0): \(severity[$0]!.rawValue)\n" }.joined())
        for section in Self.sections.keys.sorted() {
            let values = defaults[section] ?? [:]
            out += "\(section):" + (values.isEmpty ? " {}\n" : "\n" + values.keys.sorted().map { "  \($0): \(values[$0]!)\n" }.joined())
        }
        return out
    }

    private func list(_ items: [String]) -> String {
        "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }
}

/// A value of a subcommand option in the configuration.
public enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case bool(Bool)
    case number(Double, written: String)

    public enum Kind: Sendable {
        case string, bool, number
        var description: String {
            switch self {
            case .string: return "a string"
            case .bool: return "`true` or `false`"
            case .number: return "a number"
            }
        }
    }

    init?(_ node: YAMLNode, kind: Kind) {
        guard let s = node.scalar, !node.isNull else { return nil }
        switch kind {
        case .string: self = .string(s)
        case .bool:
            guard node.style == .plain, s == "true" || s == "false" else { return nil }
            self = .bool(s == "true")
        case .number:
            // A ratio may be written as a percentage (`95%`), as on the command line.
            guard node.style == .plain else { return nil }
            let number = s.hasSuffix("%") ? Double(s.dropLast()).map { $0 / 100 } : Double(s)
            guard let number, number.isFinite else { return nil }
            self = .number(number, written: s)
        }
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var bool: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var number: Double? { if case .number(let n, _) = self { return n } else { return nil } }
    /// The number as written (`0.9` or `90%`).
    public var written: String? { if case .number(_, let w) = self { return w } else { return nil } }

    public var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return String(b)
        case .number(_, let w): return w
        }
    }
}

/// A configuration file that cannot be used: exit status 2, with its diagnostics.
public struct ConfigError: Error, Sendable {
    public var message: String
    public var diagnostics: [Diagnostic]
}

/// Glob patterns over `/`-separated paths relative to the project root: `*` and `?` within one
/// segment, `**` for any number of segments. A pattern also matches everything below what it matches
/// (`Tests` excludes `Tests/a/b.sop.yaml`), and a pattern without `/` matches at any depth, as in
/// `.gitignore`.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        var p = pattern
        while p.hasPrefix("./") { p.removeFirst(2) }
        while p.hasSuffix("/") { p.removeLast() }
        var segments = p.split(separator: "/").map(String.init)
        if segments.isEmpty { return false }
        if segments.count == 1 && segments[0] != "**" { segments.insert("**", at: 0) }
        // Anything below a match matches too.
        segments.append("**")
        return match(segments[...], path.split(separator: "/").map(String.init)[...])
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            var rest = path
            while true {
                if match(pattern.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let segment = path.first, segmentMatches(Array(first.unicodeScalars)[...], Array(segment.unicodeScalars)[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    private static func segmentMatches(_ p: ArraySlice<Unicode.Scalar>, _ s: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let c = p.first else { return s.isEmpty }
        switch c {
        case "*":
            var rest = s
            while true {
                if segmentMatches(p.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        case "?":
            return !s.isEmpty && segmentMatches(p.dropFirst(), s.dropFirst())
        default:
            return s.first == c && segmentMatches(p.dropFirst(), s.dropFirst())
        }
    }
}

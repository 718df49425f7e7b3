import Foundation
import SOPCore

/// A committed list of accepted findings (`sopc check --baseline FILE`), so a team can adopt a check on an
/// old repository and fail only on new findings.
///
/// Findings are matched by fingerprint (code, file relative to the project root, message, node: the
/// fingerprint SARIF's `partialFingerprints` carries), never by line, so editing above a finding keeps it
/// matched. A fingerprint listed n times accepts n findings. Entries no finding matches any more are
/// stale: the finding was fixed, and the baseline should be rewritten (`--write-baseline`).
public struct Baseline: Sendable, Equatable {
    public struct Entry: Hashable, Sendable {
        public var fingerprint: String
        public var file: String
        public var code: String
        public var node: String?
        public var message: String

        public init(fingerprint: String, file: String, code: String, node: String?, message: String) {
            self.fingerprint = fingerprint
            self.file = file
            self.code = code
            self.node = node
            self.message = message
        }
    }

    /// Sorted by file, code, node, message: a rewritten baseline differs only where findings did.
    public var entries: [Entry]

    public static let formatVersion = 1

    public init(entries: [Entry]) {
        self.entries = entries.sorted { ($0.file, $0.code, $0.node ?? "", $0.message, $0.fingerprint) < ($1.file, $1.code, $1.node ?? "", $1.message, $1.fingerprint) }
    }

    /// The baseline of `diagnostics`: every error and warning not already accepted (notes never fail).
    public init(accepting diagnostics: [Diagnostic], root: String) {
        self.init(entries: diagnostics.filter { $0.severity != .note && !$0.isAllowed }.map { Self.entry($0, root: root) })
    }

    /// The entry for a finding; its file is made relative to the project root, so a baseline written
    /// from one directory of the project matches from any other.
    static func entry(_ d: Diagnostic, root: String) -> Entry {
        let absolute = d.file.hasPrefix("/") ? d.file : FileManager.default.currentDirectoryPath + "/" + d.file
        let path = RepositoryPath(absolute, currentDirectory: root)
        return Entry(fingerprint: d.fingerprint(uri: path.uri), file: path.path, code: d.code.id, node: d.node, message: d.message)
    }

    // MARK: - Matching

    /// What a baseline does to one run's findings.
    public struct Match: Sendable {
        /// The findings, those the baseline accepts marked allowed (`acceptedByBaseline`).
        public var diagnostics: [Diagnostic]
        /// How many findings the baseline accepted.
        public var accepted: Int
        /// Entries no finding matched: fixed since the baseline was written.
        public var stale: [Entry]
    }

    /// Marks the findings the baseline lists as accepted; the rest stay as they are.
    public func apply(to diagnostics: [Diagnostic], root: String) -> Match {
        var remaining: [String: Int] = [:]
        for e in entries { remaining[e.fingerprint, default: 0] += 1 }
        var accepted = 0
        let marked = diagnostics.map { d -> Diagnostic in
            guard d.severity != .note, !d.isAllowed else { return d }
            let key = Self.entry(d, root: root).fingerprint
            guard let n = remaining[key], n > 0 else { return d }
            remaining[key] = n - 1
            accepted += 1
            var a = d
            a.isAllowed = true
            a.acceptedByBaseline = true
            return a
        }
        // The last entries of a fingerprint are the stale ones (all of them are alike but for order).
        var stale: [Entry] = []
        var left = remaining
        for e in entries.reversed() where (left[e.fingerprint] ?? 0) > 0 {
            left[e.fingerprint]! -= 1
            stale.append(e)
        }
        return Match(diagnostics: marked, accepted: accepted, stale: stale.reversed())
    }

    // MARK: - The file

    /// The baseline file: pretty JSON, one object per entry, in a stable order.
    public var rendered: String {
        let items: [JSONValue] = entries.map { e in
            var members: [(String, JSONValue)] = [("fingerprint", .string(e.fingerprint)), ("file", .string(e.file)), ("code", .string(e.code))]
            if let node = e.node { members.append(("node", .string(node))) }
            members.append(("message", .string(e.message)))
            return .object(members)
        }
        return JSONValue.object([
            ("version", .int(Self.formatVersion)),
            ("tool", .string("sopc")),
            ("findings", .array(items)),
        ]).rendered(indent: 2) + "\n"
    }

    /// Reads a baseline file's text; the error says what is wrong, for a usage error.
    public static func parse(_ data: Data, path: String) throws(BaselineError) -> Baseline {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BaselineError(message: "`\(path)` is not a sopc baseline: it is not valid JSON")
        }
        guard let root = object as? [String: Any], let findings = root["findings"] as? [Any] else {
            throw BaselineError(message: "`\(path)` is not a sopc baseline: expected an object with a `findings` list (write one with --write-baseline)")
        }
        if let version = root["version"] as? Int, version != formatVersion {
            throw BaselineError(message: "`\(path)` is a version \(version) baseline; this sopc reads version \(formatVersion)")
        }
        var entries: [Entry] = []
        for (i, item) in findings.enumerated() {
            guard let e = item as? [String: Any], let fingerprint = e["fingerprint"] as? String, !fingerprint.isEmpty else {
                throw BaselineError(message: "`\(path)`: finding \(i + 1) has no `fingerprint`")
            }
            entries.append(Entry(fingerprint: fingerprint, file: e["file"] as? String ?? "", code: e["code"] as? String ?? "",
                                 node: e["node"] as? String, message: e["message"] as? String ?? ""))
        }
        return Baseline(entries: entries)
    }

    /// Reads a baseline file.
    public static func read(_ path: String) throws(BaselineError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BaselineError(message: "cannot read baseline `\(path)`")
        }
        return try parse(data, path: path)
    }
}

public struct BaselineError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

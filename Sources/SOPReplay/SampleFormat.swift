import SOPCore

/// The sample file formats replay reads.
public enum SampleFormat: String, CaseIterable, Sendable {
    case jsonl
    case csv

    /// The format a file name implies (`.jsonl`, `.ndjson`, `.json`, `.csv`, each with `.gz` or not), if any.
    /// A `.json` file is read as JSON Lines (one object per line); a JSON array is reported as such.
    public static func infer(fromPath path: String) -> SampleFormat? {
        var p = path.lowercased()
        if p.hasSuffix(".gz") { p.removeLast(3) }
        if p.hasSuffix(".jsonl") || p.hasSuffix(".ndjson") || p.hasSuffix(".json") { return .jsonl }
        if p.hasSuffix(".csv") { return .csv }
        return nil
    }

    /// The format of a sample file: `explicit` (an `--input-format` value) when given, else from the
    /// file name; standard input (`-`) defaults to JSON Lines.
    public static func resolve(_ explicit: String?, path: String) throws(IOError) -> SampleFormat {
        if let explicit {
            guard let f = SampleFormat(rawValue: explicit) else {
                throw IOError("unknown --input-format `\(explicit)`; use jsonl or csv")
            }
            return f
        }
        if path == "-" { return .jsonl }
        guard let f = infer(fromPath: path) else {
            throw IOError("cannot tell the format of `\(path)` from its name; pass --input-format jsonl or csv")
        }
        return f
    }

    /// The name used in messages.
    public var title: String {
        switch self {
        case .jsonl: return "JSON Lines"
        case .csv: return "CSV"
        }
    }
}

/// The sample file formats replay reads.
public enum SampleFormat: String, CaseIterable, Sendable {
    case jsonl
    case csv

    /// The format a file name implies (`.jsonl`, `.csv`, either with `.gz`), if any.
    public static func infer(fromPath path: String) -> SampleFormat? {
        var p = path.lowercased()
        if p.hasSuffix(".gz") { p.removeLast(3) }
        if p.hasSuffix(".jsonl") || p.hasSuffix(".ndjson") { return .jsonl }
        if p.hasSuffix(".csv") { return .csv }
        return nil
    }
}

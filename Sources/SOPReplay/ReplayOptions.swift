#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a replay run reads its input and what it keeps.
public struct ReplayOptions: Sendable {
    public var fields = FieldNames()
    public var format: SampleFormat = .jsonl
    /// Worker threads; the result does not depend on it.
    public var jobs: Int
    /// Bytes read per batch.
    public var chunkSize = 4 << 20
    /// Disagreements listed in the report (all are counted, and all go to the disagreements file).
    public var maxDisagreements = 100
    /// Rejected rows listed in the report (all are counted).
    public var maxRejected = 100
    /// Whether every sample must carry a label: replay and `sopc test` compare with it, `sopc run` only
    /// walks the cases. Without it, a CSV header lacking the label column is fine.
    public var requireLabel = true
    /// The longest record kept (see `docs/limits.md`); a longer one is a `too-long` rejected row, skipped
    /// without holding it in memory.
    public var maxRecordBytes = 8 << 20
    /// Whether to build the disagreements file's rows (`DisagreementCSV.write`): every disagreement, as the
    /// workers find them.
    public var disagreementRows = false
    /// The QA review: trends, productivity, several labelers per item, gold set, root causes.
    public var review = ReviewOptions()

    /// The most distinct labelers a run tracks (see `docs/limits.md`): rows of labelers first seen past it
    /// are replayed and counted everywhere but in the per-labeler tables, and counted as unattributed.
    public var maxLabelers = ReplayOptions.defaultMaxLabelers
    public static let defaultMaxLabelers = 1_000

    /// The most memory the table of rows grouped by item may take (see `docs/limits.md`): the rows with an
    /// id join it in input order while they fit; later ones count everywhere but in the analyses by item
    /// (several labelers per item, consensus, repeated pairs).
    public var maxItemBytes = ReplayOptions.defaultMaxItemBytes
    public static let defaultMaxItemBytes = 512 << 20

    /// The most workers a run may ask for (see `docs/limits.md`).
    public static let maxJobs = 64
    /// The most disagreements or rejected rows a report may list (all are counted whatever the number).
    public static let maxListed = 1_000_000

    /// Defaults: JSON Lines, one worker per core.
    public init() {
        jobs = min(Self.maxJobs, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    }
}

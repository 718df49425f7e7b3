#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SOPCore

/// The disagreements file's rows while the pass runs, each complete but for its cause (known only once
/// every row is read): in memory, or in an unnamed temporary file so that a run with many disagreements
/// does not hold them all (`DisagreementCSV.write` reads them back in order and adds the causes).
///
/// Rows are added by the merging thread only, in input order, and read after the pass; hence
/// `@unchecked Sendable` (a `ReplayResult` carries it).
public final class DisagreementSpool: @unchecked Sendable {
    /// The temporary file, or -1 in memory.
    private let fd: Int32
    /// Bytes not yet written to the file; every row when in memory.
    private var pending: [UInt8] = []
    /// Each row's length, in order.
    private var lengths: [UInt32] = []
    /// The first write or read error, reported when the rows are read back.
    private var failure: IOError?
    private let name: String
    /// Bytes written or read at a time.
    private let block: Int

    /// Rows kept in memory.
    public init() {
        fd = -1
        name = "memory"
        block = 1 << 20
    }

    /// Rows kept in a temporary file in the folder of `path` (after symbolic links), the output they are
    /// for, so they take room where the output will; in the temporary folder when `path` names something
    /// other than a regular file (`/dev/null`, a pipe). The file is unlinked as soon as it is made: it has
    /// no name, and is gone when the process ends however it ends.
    public convenience init(beside path: String) throws(IOError) {
        try self.init(beside: path, block: 1 << 20)
    }

    /// `init(beside:)` writing and reading `block` bytes at a time (small in tests, so rows straddle blocks).
    init(beside path: String, block: Int) throws(IOError) {
        self.block = max(1, block)
        let target = (try? OutputPaths.followingLinks(path)) ?? path
        var info = stat()
        var dir: String
        if stat(target, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            dir = getenv("TMPDIR").map { String(cString: $0) } ?? ""
            if dir.isEmpty { dir = "/tmp" }
            if !dir.hasSuffix("/") { dir += "/" }
        } else {
            dir = OutputPaths.folderPrefix(of: target)
        }
        guard let (fd, temporary) = OutputPaths.makeTemporary(dir + ".sopc-disagreements-XXXXXX") else {
            throw IOError("cannot write a temporary file beside `\(path)`: \(String(cString: strerror(errno)))")
        }
        unlink(temporary)
        self.fd = fd
        name = path
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Rows added.
    public var count: Int { lengths.count }

    /// Adds one batch's rows as the workers built them (`DisagreementCSV.Chunk`), with each row's line in
    /// the input (`lines`, one per row, in order): the id cell (the line when the row has none), the line,
    /// then the cells the worker wrote.
    func append(_ chunk: DisagreementCSV.Chunk, lines: some Sequence<Int>) {
        var row = 0
        var it = lines.makeIterator()
        chunk.bytes.withUnsafeBufferPointer { b in
            var start = 0
            while row < chunk.count, let line = it.next() {
                let idEnd = chunk.ends[2 * row], end = chunk.ends[2 * row + 1]
                let before = pending.count
                if idEnd > start {
                    pending.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<idEnd]))
                } else {
                    // No id: the line stands in for it, as in the report.
                    CaseRunner.appendDecimal(line, to: &pending)
                }
                pending.append(DisagreementCSV.comma)
                CaseRunner.appendDecimal(line, to: &pending)
                pending.append(DisagreementCSV.comma)
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: b[idEnd..<end]))
                lengths.append(UInt32(truncatingIfNeeded: pending.count - before))
                start = end
                row += 1
            }
        }
        if fd >= 0 && pending.count >= block { flush() }
    }

    /// Writes what is pending to the file.
    private func flush() {
        guard fd >= 0, failure == nil else { return pending.removeAll(keepingCapacity: true) }
        pending.withUnsafeBytes { raw in
            var at = 0
            while at < raw.count {
                let n = write(fd, raw.baseAddress! + at, raw.count - at)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    failure = IOError("cannot write a temporary file beside `\(name)`: \(String(cString: strerror(errno)))")
                    return
                }
                at += n
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with each row, in order (the file is read in blocks; a row is never split).
    func forEachRow(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if fd < 0 {
            try pending.withUnsafeBufferPointer { b in
                var start = 0
                for n in lengths {
                    try body(UnsafeBufferPointer(rebasing: b[start..<(start + Int(n))]))
                    start += Int(n)
                }
            }
            return
        }
        flush()
        if let failure { throw failure }
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw IOError("cannot read back a temporary file beside `\(name)`: \(String(cString: strerror(errno)))") }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(block)
        var start = 0
        for n in lengths {
            let n = Int(n)
            if buffer.count - start < n {
                // Keep the rest of the block, then read until the row is whole (a block at a time).
                buffer.removeSubrange(0..<start)
                start = 0
                var got = buffer.count
                buffer.append(contentsOf: repeatElement(0, count: max(block, n) - got))
                while got < n {
                    let r = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, $0.count - got) }
                    if r < 0 && errno == EINTR { continue }
                    guard r > 0 else { throw IOError("cannot read back a temporary file beside `\(name)`: \(r == 0 ? "it ended early" : String(cString: strerror(errno)))") }
                    got += r
                }
                buffer.removeLast(buffer.count - got)
            }
            try buffer.withUnsafeBufferPointer { b in try body(UnsafeBufferPointer(rebasing: b[start..<(start + n)])) }
            start += n
        }
    }
}

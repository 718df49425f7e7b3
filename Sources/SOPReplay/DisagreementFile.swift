import SOPGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written to a temporary name in the same directory and renamed into place when complete, so
/// readers never see half a file.
public final class AtomicFile {
    public let path: String
    private let temporary: String
    private var handle: UnsafeMutablePointer<FILE>?

    /// Creates the temporary file next to `path`.
    public init(path: String) throws(ReplayIOError) {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((dir + "." + base + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { b in b.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw ReplayIOError("cannot write `\(path)`: \(String(cString: strerror(errno)))") }
        temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fchmod(fd, 0o644)
        handle = fdopen(fd, "w")
        guard handle != nil else {
            close(fd)
            throw ReplayIOError("cannot write `\(path)`")
        }
    }

    deinit { discard() }

    /// Appends text.
    public func write(_ text: String) throws(ReplayIOError) {
        guard let handle else { throw ReplayIOError("cannot write `\(path)`: already closed") }
        var t = text
        let ok = t.withUTF8 { b in b.isEmpty || fwrite(b.baseAddress, 1, b.count, handle) == b.count }
        guard ok else { throw ReplayIOError("cannot write `\(path)`: \(String(cString: strerror(errno)))") }
    }

    /// Flushes and renames the file into place.
    public func commit() throws(ReplayIOError) {
        guard let h = handle else { return }
        handle = nil
        guard fflush(h) == 0, fsync(fileno(h)) == 0 || errno == EINVAL, fclose(h) == 0 else {
            unlink(temporary)
            throw ReplayIOError("cannot write `\(path)`: \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw ReplayIOError("cannot write `\(path)`: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the temporary file without touching `path`.
    public func discard() {
        guard let h = handle else { return }
        handle = nil
        fclose(h)
        unlink(temporary)
    }
}

/// Writes one CSV row per disagreement.
public struct DisagreementCSV {
    public let graph: ReplayGraph

    /// A writer naming nodes and outcomes as `graph` does.
    public init(graph: ReplayGraph) { self.graph = graph }

    public static let header = "id,line,label,sop,divergence,sop_branch,reason,path,specialist_path,labeler,ai\n"

    /// The CSV row for `d`.
    public func row(_ d: DisagreementRecord) -> String {
        var cells: [String] = [d.id, String(d.line), graph.name(of: d.label), graph.name(of: d.sop)]
        switch d.divergence {
        case .node(let n, let b): cells += [graph.name(of: n), graph.describe(node: n, branch: b), ""]
        case .labelUnreachable: cells += ["", "", "label-unreachable"]
        }
        cells.append(d.path.map(graph.name(of:)).joined(separator: ">"))
        cells.append(d.specialistPath.map { $0.map(graph.name(of:)).joined(separator: ">") } ?? "")
        cells.append(d.labeler ?? "")
        cells.append(d.ai.map(graph.name(of:)) ?? "")
        return cells.map(Self.escape).joined(separator: ",") + "\n"
    }

    /// Quotes a cell holding a comma, quote or line break.
    public static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for c in s {
            if c == "\"" { out += "\"\"" } else { out.append(c) }
        }
        return out + "\""
    }
}

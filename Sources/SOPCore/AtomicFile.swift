#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written to a temporary name in the same directory and renamed into place when complete, so
/// readers never see half a file.
///
/// A path that names something other than a regular file (`/dev/null`, `/dev/stdout`, a pipe) is written
/// directly: renaming over it would replace the device or pipe with a plain file.
public final class AtomicFile {
    public let path: String
    /// `nil` when writing directly to a non-regular file.
    private let temporary: String?
    private var handle: UnsafeMutablePointer<FILE>?

    /// Creates the temporary file next to `path`.
    public init(path: String) throws(IOError) {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            temporary = nil
            handle = fopen(path, "w")
            guard handle != nil else { throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))") }
            return
        }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((dir + "." + base + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { b in b.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))") }
        temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        fchmod(fd, 0o644)
        handle = fdopen(fd, "w")
        guard handle != nil else {
            close(fd)
            throw IOError("cannot write `\(path)`")
        }
    }

    deinit { discard() }

    /// Appends text.
    public func write(_ text: String) throws(IOError) {
        guard let handle else { throw IOError("cannot write `\(path)`: already closed") }
        var t = text
        let ok = t.withUTF8 { b in b.isEmpty || fwrite(b.baseAddress, 1, b.count, handle) == b.count }
        guard ok else { throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))") }
    }

    /// Appends bytes.
    public func write(_ bytes: [UInt8]) throws(IOError) {
        guard let handle else { throw IOError("cannot write `\(path)`: already closed") }
        let ok = bytes.withUnsafeBufferPointer { b in b.isEmpty || fwrite(b.baseAddress, 1, b.count, handle) == b.count }
        guard ok else { throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))") }
    }

    /// Flushes and renames the file into place.
    public func commit() throws(IOError) {
        guard let h = handle else { return }
        handle = nil
        guard let temporary else {
            guard fclose(h) == 0 else { throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))") }
            return
        }
        guard fflush(h) == 0, fsync(fileno(h)) == 0 || errno == EINVAL, fclose(h) == 0 else {
            unlink(temporary)
            throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))")
        }
    }

    /// Removes the temporary file without touching `path`.
    public func discard() {
        guard let h = handle else { return }
        handle = nil
        fclose(h)
        if let temporary { unlink(temporary) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written to a temporary name in the same directory and renamed into place when complete, so
/// readers never see half a file.
///
/// - A symbolic link is written through: the file it points to is replaced, and the link stays.
/// - A path that names something other than a regular file (`/dev/null`, `/dev/stdout`, a pipe) is
///   written directly: renaming over it would replace the device or pipe with a plain file.
/// - The file keeps the mode of the file it replaces; a new file gets `0666` less the umask, like any
///   file a shell redirection creates.
/// - The temporary file is removed when the process is interrupted (`TemporaryFiles`).
public final class AtomicFile {
    public let path: String
    /// Where the bytes go: `path` with symbolic links followed.
    public let target: String
    /// `nil` when writing directly to a non-regular file.
    private let temporary: String?
    private var handle: UnsafeMutablePointer<FILE>?
    private var slot: Int?

    /// Creates the temporary file next to `path`'s target.
    public init(path: String) throws(IOError) {
        self.path = path
        let target = try OutputPaths.followingLinks(path)
        self.target = target
        var info = stat()
        let exists = stat(target, &info) == 0
        if exists && (info.st_mode & S_IFMT) == S_IFDIR {
            throw IOError("cannot write `\(path)`: it is a folder")
        }
        if exists && (info.st_mode & S_IFMT) != S_IFREG {
            temporary = nil
            handle = fopen(target, "w")
            guard handle != nil else { throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))") }
            return
        }
        let dir = OutputPaths.folderPrefix(of: target)
        guard let (fd, temp) = OutputPaths.makeTemporary(dir + "." + target.dropFirst(dir.count) + ".tmp-XXXXXX") else {
            throw IOError("cannot write `\(path)`: \(String(cString: strerror(errno)))")
        }
        temporary = temp
        slot = TemporaryFiles.register(temp)
        let mode = exists ? info.st_mode & 0o7777 : 0o666 & ~OutputPaths.umaskValue
        fchmod(fd, mode)
        handle = fdopen(fd, "w")
        guard handle != nil else {
            close(fd)
            unlink(temp)
            TemporaryFiles.unregister(slot)
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
        defer { TemporaryFiles.unregister(slot) }
        guard fflush(h) == 0, fsync(fileno(h)) == 0 || errno == EINVAL, fclose(h) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw IOError("cannot write `\(path)`: \(reason)")
        }
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw IOError("cannot write `\(path)`: \(reason)")
        }
    }

    /// Removes the temporary file without touching `path`.
    public func discard() {
        guard let h = handle else { return }
        handle = nil
        fclose(h)
        if let temporary { unlink(temporary) }
        TemporaryFiles.unregister(slot)
    }
}

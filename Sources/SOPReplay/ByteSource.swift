import SOPCore
import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes from a file or standard input, inflated on the fly when it is gzip-compressed.
///
/// zlib's `gzread` detects the gzip magic bytes itself and passes other data through unchanged, so plain
/// and compressed input take the same path, including from a pipe.
public final class ByteSource {
    private var file: gzFile?
    /// The name used in messages.
    public let name: String

    /// Opens `path`, or standard input for `-`.
    public init(path: String) throws(IOError) {
        name = path == "-" ? "standard input" : path
        let fd: Int32 = path == "-" ? dup(0) : open(path, O_RDONLY)
        guard fd >= 0 else { throw IOError("cannot open `\(path)`: \(String(cString: strerror(errno)))") }
        guard let f = gzdopen(fd, "rb") else {
            close(fd)
            throw IOError("cannot read `\(path)`")
        }
        gzbuffer(f, 1 << 20)
        file = f
    }

    /// A source over bytes already in memory (tests).
    public convenience init(bytes: [UInt8], name: String = "input") throws(IOError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw IOError("cannot create a pipe") }
        // A writer thread keeps large inputs from filling the pipe before anyone reads.
        let writeFD = fds[1]
        let data = bytes
        let thread = WriterThread(fd: writeFD, data: data)
        thread.start()
        try self.init(descriptor: fds[0], name: name)
    }

    private init(descriptor fd: Int32, name: String) throws(IOError) {
        self.name = name
        guard let f = gzdopen(fd, "rb") else {
            close(fd)
            throw IOError("cannot read \(name)")
        }
        gzbuffer(f, 1 << 20)
        file = f
    }

    deinit {
        if let file { gzclose(file) }
    }

    private static let zeros = [UInt8](repeating: 0, count: 1 << 16)

    /// Appends up to `count` bytes to `buffer`; returns how many were read, 0 at the end.
    public func read(into buffer: inout [UInt8], count: Int) throws(IOError) -> Int {
        try read(into: &buffer, at: buffer.count, count: count)
    }

    /// Reads up to `count` bytes into `buffer` from `offset` (at most its length), over whatever `buffer`
    /// held there, and ends `buffer` after them; returns how many were read, 0 at the end.
    ///
    /// gzread needs initialised storage to write to. A reused buffer that still holds `offset + count`
    /// bytes is written in place; only the part past its length is first filled (copied from a block of
    /// zeros, which runs much faster than filling byte by byte), so reading into a buffer of the previous
    /// batch's size touches each byte once.
    public func read(into buffer: inout [UInt8], at offset: Int, count: Int) throws(IOError) -> Int {
        guard let file else {
            buffer.removeSubrange(min(offset, buffer.count)...)
            return 0
        }
        let old = min(offset, buffer.count)
        if buffer.count > old + count { buffer.removeSubrange((old + count)...) }
        if buffer.capacity < old + count { buffer.reserveCapacity(old + count) }
        var left = old + count - buffer.count
        while left > 0 {
            let k = min(left, Self.zeros.count)
            buffer.append(contentsOf: Self.zeros[..<k])
            left -= k
        }
        var got: Int32 = 0
        buffer.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return }
            got = gzread(file, base + old, UInt32(count))
        }
        var code: Int32 = 0
        var message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
        // zlib names a descriptor-opened stream `<fd:N>`; the file's own name is already in the message.
        if message.hasPrefix("<fd:"), let close = message.firstIndex(of: ">") {
            message = String(message[message.index(after: close)...].drop { $0 == ":" || $0 == " " })
        }
        // A truncated or corrupt gzip stream ends early with an error rather than a clean end.
        if got < 0 || (got == 0 && code != Z_OK) {
            buffer.removeSubrange(old...)
            throw IOError("cannot read \(name): \(message.isEmpty ? "corrupt compressed data" : message)")
        }
        buffer.removeSubrange((old + Int(max(got, 0)))...)
        return Int(got)
    }
}

/// Feeds an in-memory buffer into a pipe.
private final class WriterThread: @unchecked Sendable {
    let fd: Int32
    let data: [UInt8]

    init(fd: Int32, data: [UInt8]) {
        self.fd = fd
        self.data = data
    }

    func start() {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(self)
        pthread_create(&thread, nil, { arg in
            let me = Unmanaged<WriterThread>.fromOpaque(arg!).takeRetainedValue()
            // A reader that stops early (an input error in the first rows) closes the pipe: the write then
            // fails with EPIPE on this thread instead of a SIGPIPE that would end the process.
            var blocked = sigset_t()
            sigemptyset(&blocked)
            sigaddset(&blocked, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &blocked, nil)
            me.data.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return }
                var offset = 0
                while offset < raw.count {
                    let n = write(me.fd, base + offset, raw.count - offset)
                    if n <= 0 { break }
                    offset += n
                }
            }
            close(me.fd)
            return nil
        }, box.toOpaque())
        pthread_detach(thread)
    }
}

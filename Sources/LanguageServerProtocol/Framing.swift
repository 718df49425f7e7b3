import Foundation
import SOPCore

/// Reads LSP messages from a byte stream: `Content-Length: N` headers, a blank line, then N bytes of JSON.
public struct MessageReader {
    public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The header block had no usable `Content-Length`.
        case missingLength
        /// `Content-Length` above `maxContentLength`: the message is refused, not buffered.
        case tooLarge(Int)
        /// Headers longer than any client writes.
        case headerTooLong

        public var description: String {
            switch self {
            case .missingLength: return "message without a valid Content-Length header"
            case .tooLarge(let n): return "message of \(n) bytes is larger than the limit of \(MessageReader.maxContentLength)"
            case .headerTooLong: return "message header longer than \(MessageReader.maxHeaderLength) bytes"
            }
        }
    }

    /// A whole document is sent on open; 256 MiB is far beyond any SOP and bounds what one message can cost.
    public static let maxContentLength = 256 << 20
    public static let maxHeaderLength = 8192

    private let read: (inout [UInt8]) -> Bool
    private var buffer: [UInt8] = []
    private var start = 0

    /// `read` appends whatever bytes are available to its argument and returns false at end of input.
    public init(read: @escaping (inout [UInt8]) -> Bool) {
        self.read = read
    }

    /// Reads from a file descriptor (standard input for the server).
    public init(fileDescriptor: Int32) {
        self.init { buffer in
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = chunk.withUnsafeMutableBytes { Foundation.read(fileDescriptor, $0.baseAddress, $0.count) }
                if n > 0 {
                    buffer.append(contentsOf: chunk[0..<n])
                    return true
                }
                if n < 0 && errno == EINTR { continue }
                return false
            }
        }
    }

    /// The next message's body; `nil` at end of input. A malformed header throws; the stream cannot be
    /// resynchronised after that, so the caller stops.
    public mutating func next() throws(Failure) -> [UInt8]? {
        var length: Int?
        var sawHeader = false
        // Headers: lines ending in CRLF until an empty one.
        while true {
            guard let line = try nextLine() else { return nil }
            if line.isEmpty {
                if !sawHeader { continue }  // stray blank lines between messages
                break
            }
            sawHeader = true
            let text = String(decoding: line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { continue }
            let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let n = Int(value), n >= 0 else { throw .missingLength }
                guard n <= Self.maxContentLength else { throw .tooLarge(n) }
                length = n
            }
        }
        guard let length else { throw .missingLength }
        while buffer.count - start < length {
            compact()
            guard read(&buffer) else { return nil }
        }
        let body = Array(buffer[start..<start + length])
        start += length
        return body
    }

    /// One header line without its line ending; `nil` at end of input.
    private mutating func nextLine() throws(Failure) -> ArraySlice<UInt8>? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = buffer[start..<end]
                start = newline + 1
                return line
            }
            guard buffer.count - start <= Self.maxHeaderLength else { throw .headerTooLong }
            let consumed = buffer.count - start
            compact()
            searchFrom = start + consumed
            guard read(&buffer) else { return nil }
        }
    }

    private mutating func compact() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }
}

/// Writes LSP messages with their `Content-Length` header. Safe to call from several threads: each
/// message is written whole.
public final class MessageWriter: Sendable {
    private let write: @Sendable ([UInt8]) -> Void
    private let lock = NSLock()

    public init(write: @escaping @Sendable ([UInt8]) -> Void) {
        self.write = write
    }

    /// Writes to a file descriptor (standard output for the server); write errors end nothing here, the
    /// reader sees the client go away.
    public convenience init(fileDescriptor: Int32) {
        self.init { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { Foundation.write(fileDescriptor, $0.baseAddress, $0.count) }
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    public func send(_ message: JSONValue) {
        let body = Array(message.rendered(indent: 0).utf8)
        let frame = Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
        lock.lock()
        defer { lock.unlock() }
        write(frame)
    }
}

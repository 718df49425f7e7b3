#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A diagnostic's file as code-hosting tools expect it: relative to the repository root (the current
/// directory), with forward slashes.
package struct RepositoryPath: Hashable, Sendable {
    /// Relative paths have no leading `./`; absolute ones (outside the current directory) start with `/`.
    package let path: String

    package var isRelative: Bool { !path.hasPrefix("/") }

    /// A path as given stays relative (with `.` segments dropped); an absolute path under
    /// `currentDirectory` becomes relative to it; other absolute paths stay absolute.
    package init(_ given: String, currentDirectory: String) {
        let unified = given.replacing("\\", with: "/")
        let segments = Self.segments(unified)
        guard unified.hasPrefix("/") else {
            path = segments.joined(separator: "/")
            return
        }
        let base = Self.segments(currentDirectory)
        if currentDirectory.hasPrefix("/"), segments.count > base.count, Array(segments.prefix(base.count)) == base {
            path = segments.dropFirst(base.count).joined(separator: "/")
        } else {
            path = "/" + segments.joined(separator: "/")
        }
    }

    /// Path segments without empty and `.` segments; `..` resolves lexically where it can.
    private static func segments(_ path: String) -> [String] {
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == "..", let last = result.last, last != ".." {
                result.removeLast()
            } else {
                result.append(String(part))
            }
        }
        return result
    }

    /// A URI reference: the relative path percent-encoded, or a `file://` URI for an absolute path.
    package var uri: String {
        let encoded = Self.percentEncoded(path)
        return isRelative ? encoded : "file://" + encoded
    }

    /// Percent-encodes every byte except RFC 3986 unreserved characters and `/`.
    package static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// The process's working directory, or the empty string when it cannot be read.
    package static func processDirectory() -> String {
        guard let pointer = getcwd(nil, 0) else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

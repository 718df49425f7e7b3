#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rules that keep outputs from destroying inputs, checked before any input is read.
public enum OutputPaths {
    /// A file's identity: two paths name the same file when these agree, whatever links or `..` they use.
    public struct Identity: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    /// The identity of the file at `path` (links followed), if it exists.
    public static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Checks each output (`-` and nil are standard output) before anything is read or written: it must
    /// not be an input or another output (compared by file identity, or by resolved path for files not
    /// yet there), not a folder, and its folder must exist. `what` names each output for messages
    /// (`-o`, `--disagreements`).
    public static func check(outputs: [(option: String, path: String?)], inputs: [String]) throws(IOError) {
        var inputIDs: [Identity: String] = [:]
        for input in inputs where input != "-" {
            if let id = identity(of: input) { inputIDs[id] = input }
        }
        var seen: [String: String] = [:]
        var seenIDs: [Identity: String] = [:]
        for (option, path) in outputs {
            guard let path, path != "-" else { continue }
            let target = try followingLinks(path)
            var info = stat()
            if stat(target, &info) == 0 {
                let kind = info.st_mode & S_IFMT
                if kind == S_IFDIR { throw IOError("\(option) `\(path)` is a folder; name a file") }
                let id = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
                // A device or pipe (`/dev/null`, `/dev/stdout`) is written in place and replaces nothing.
                if kind == S_IFREG {
                    if let input = inputIDs[id] {
                        throw IOError("\(option) `\(path)` is the input `\(input)`; writing it would destroy the input")
                    }
                    if let other = seenIDs[id] {
                        throw IOError("\(option) `\(path)` is the same file as \(other)")
                    }
                    seenIDs[id] = "\(option) `\(path)`"
                }
            } else {
                let dir = directory(of: target)
                var d = stat()
                guard stat(dir, &d) == 0, (d.st_mode & S_IFMT) == S_IFDIR else {
                    throw IOError("cannot write \(option) `\(path)`: no folder `\(dir)`")
                }
                guard access(dir, W_OK) == 0 else {
                    throw IOError("cannot write \(option) `\(path)`: \(String(cString: strerror(errno)))")
                }
            }
            let key = absolute(target)
            if let other = seen[key] { throw IOError("\(option) `\(path)` is the same file as \(other)") }
            seen[key] = "\(option) `\(path)`"
        }
    }

    /// `path` with symbolic links followed to the file they name (which may not exist yet).
    public static func followingLinks(_ path: String) throws(IOError) -> String {
        var p = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(p, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return p }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(p, &buffer, Int(PATH_MAX))
            guard n > 0 else { return p }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            p = link.hasPrefix("/") ? link : (directory(of: p) == "." && !p.hasPrefix("./") ? link : directory(of: p) + "/" + link)
        }
        throw IOError("cannot write `\(path)`: too many levels of symbolic links")
    }

    /// A new file made from `template`, whose name ends in `XXXXXX`, by `mkstemp`: its descriptor and
    /// name, or nil with `errno` set.
    package static func makeTemporary(_ template: String) -> (fd: Int32, path: String)? {
        var name = Array(template.utf8CString)
        let fd = name.withUnsafeMutableBufferPointer { b in b.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { return nil }
        return (fd, String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// The folder part of `path` with its slash, to put before a sibling's name (empty for a bare name).
    package static func folderPrefix(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    /// The folder part of a path (`.` for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// An absolute, `.`-free spelling, for comparing paths of files that do not exist yet.
    static func absolute(_ path: String) -> String {
        var parts: [Substring] = []
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil {
                full = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) + "/" + path
            }
        }
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The process's umask, read without changing it for long.
    static var umaskValue: mode_t {
        let m = umask(0o022)
        umask(m)
        return m
    }
}

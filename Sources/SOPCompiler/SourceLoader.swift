import Foundation

/// Where the compiler reads files from: the disk, or a dictionary in tests.
public protocol SourceLoader: Sendable {
    /// The file's bytes; throws `InputError` when it is missing or unreadable.
    func read(_ path: String) throws(InputError) -> [UInt8]
    /// A key that is the same for every path naming one file.
    func identity(of path: String) -> String
    /// The `*.sop.yaml` files directly inside `folder`, as paths joined to it, sorted by name; `[]` when
    /// the loader cannot list folders. Only hints use it (a SOP next to a file that the file does not
    /// import), so a folder that cannot be listed is simply empty here.
    func sopFiles(in folder: String) -> [String]
    /// The bytes of `path` when it is a regular file of at most `limit` bytes, else nil (a larger file,
    /// a folder, a pipe, a device, a missing file). Never blocks; for hints only.
    func readIfSmall(_ path: String, limit: Int) -> [UInt8]?
}

extension SourceLoader {
    public func sopFiles(in folder: String) -> [String] { [] }
    public func readIfSmall(_ path: String, limit: Int) -> [UInt8]? { nil }
}

/// A problem with the files the user named: exit status 2, not a diagnostic.
public enum InputError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(String)
    case unreadable(String, reason: String)
    case noSOPFiles(String)

    public var description: String {
        switch self {
        case .notFound(let path): return "no such file or folder: \(path)"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .noSOPFiles(let path): return "no `*.sop.yaml` files in \(path)"
        }
    }
}

/// Reads files from the disk.
public struct DiskLoader: SourceLoader {
    /// A folder's entries: name, and whether it is a folder to descend into (a symbolic link is not).
    package typealias Listing = @Sendable (String) throws(InputError) -> [(name: String, isFolder: Bool)]

    private let list: Listing

    public init() { list = DiskLoader.listFolder }

    /// A loader whose folder listing is `list` (tests use it to make a folder unreadable, which running
    /// as root cannot).
    package init(list: @escaping Listing) { self.list = list }

    public func read(_ path: String) throws(InputError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
        guard !isDirectory.boolValue else { throw .unreadable(path, reason: "it is a folder") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path, reason: "permission denied or I/O error") }
        return [UInt8](data)
    }

    public func identity(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    public func sopFiles(in folder: String) -> [String] {
        guard let entries = try? list(folder) else { return [] }
        return entries.filter { !$0.isFolder && $0.name.hasSuffix(".sop.yaml") }.map(\.name).sorted().map { Paths.join(folder, $0) }
    }

    public func readIfSmall(_ path: String, limit: Int) -> [UInt8]? {
        // `stat` first and a non-blocking open: a pipe named `x.sop.yaml` must not hang a hint.
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size <= limit else { return nil }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size <= limit else { return nil }
        // One byte more than allowed tells a file that grew since `fstat` from one that fits.
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { if n < 0 { return nil }; break }
            count += n
        }
        guard count <= limit else { return nil }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Expands folders into the `*.sop.yaml` files below them, sorted; files are kept as given. A folder
    /// below that cannot be listed is an error naming it, never silently skipped: its SOPs would
    /// otherwise go unchecked with exit status 0.
    public func expand(_ paths: [String]) throws(InputError) -> [String] {
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .notFound(path) }
            guard isDirectory.boolValue else {
                result.append(path)
                continue
            }
            var found: [String] = []
            var pending = [path]
            while let folder = pending.popLast() {
                for entry in try list(folder) {
                    let full = Paths.join(folder, entry.name)
                    if entry.isFolder {
                        pending.append(full)
                    } else if entry.name.hasSuffix(".sop.yaml") {
                        found.append(full)
                    }
                }
            }
            guard !found.isEmpty else { throw .noSOPFiles(path) }
            result += found.sorted()
        }
        return result
    }

    /// The entries of a folder on disk, without `.` and `..`; symbolic links are not followed into.
    package static func listFolder(_ path: String) throws(InputError) -> [(name: String, isFolder: Bool)] {
        guard let dir = opendir(path) else {
            throw .unreadable(path, reason: "cannot list the folder (\(String(cString: strerror(errno))))")
        }
        defer { closedir(dir) }
        var entries: [(name: String, isFolder: Bool)] = []
        while true {
            errno = 0
            guard let e = readdir(dir) else {
                if errno != 0 { throw .unreadable(path, reason: "cannot list the folder (\(String(cString: strerror(errno))))") }
                break
            }
            let name = withUnsafePointer(to: e.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name == "." || name == ".." { continue }
            var isFolder = e.pointee.d_type == UInt8(DT_DIR)
            if e.pointee.d_type == UInt8(DT_UNKNOWN) {
                var st = stat()
                isFolder = lstat(Paths.join(path, name), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            }
            entries.append((name, isFolder))
        }
        return entries
    }
}

/// Files held in memory, for tests and tools that generate SOPs.
public struct MemoryLoader: SourceLoader {
    public var files: [String: String]

    public init(_ files: [String: String]) {
        self.files = files
    }

    public func read(_ path: String) throws(InputError) -> [UInt8] {
        guard let text = files[Paths.normalize(path)] ?? files[path] else { throw .notFound(path) }
        return Array(text.utf8)
    }

    public func identity(of path: String) -> String { Paths.normalize(path) }

    public func sopFiles(in folder: String) -> [String] {
        let folder = Paths.normalize(folder)
        return files.keys.map(Paths.normalize).filter { $0.hasSuffix(".sop.yaml") && Paths.directory(of: $0) == folder }.sorted()
    }

    public func readIfSmall(_ path: String, limit: Int) -> [UInt8]? {
        guard let bytes = try? read(path), bytes.count <= limit else { return nil }
        return bytes
    }
}

/// Path arithmetic on `/`-separated strings, so displayed paths stay as the user wrote them.
public enum Paths {
    /// `a/b/../c/./d` -> `a/c/d`; keeps a leading `/` and leading `..`.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// `dir` + `name`, normalized; an absolute `name` stands alone.
    public static func join(_ dir: String, _ name: String) -> String {
        if name.hasPrefix("/") { return normalize(name) }
        return normalize(dir.isEmpty || dir == "." ? name : dir + "/" + name)
    }

    /// Whether `path` is `root` or below it; both normalized, absolute or relative alike (`.` holds every
    /// relative path that does not climb out with `..`).
    public static func isInside(_ path: String, root: String) -> Bool {
        if root == "/" { return path.hasPrefix("/") }
        if root == "." { return !path.hasPrefix("/") && path != ".." && !path.hasPrefix("../") }
        if root.split(separator: "/").allSatisfy({ $0 == ".." }) {
            // `../..` holds every relative path climbing at most two levels.
            let climbs = path.split(separator: "/").prefix { $0 == ".." }.count
            return !path.hasPrefix("/") && climbs <= root.split(separator: "/").count
        }
        return path == root || path.hasPrefix(root + "/")
    }

    /// The folder holding `path` (a normalized folder), or nil at `/`; relative paths climb with `..`.
    public static func parent(_ path: String) -> String? {
        if path == "/" { return nil }
        if path == "." { return ".." }
        if path == ".." || path.hasSuffix("/..") { return path + "/.." }
        return directory(of: path)
    }

    /// `path` as written from `folder` (`../lib/common.sop.yaml`), both relative to one place or both
    /// absolute; nil when that cannot be known (one absolute and one not, or `folder` climbs with `..`
    /// where `path` does not).
    public static func relative(_ path: String, from folder: String) -> String? {
        let p = normalize(path), f = normalize(folder)
        guard p.hasPrefix("/") == f.hasPrefix("/") else { return nil }
        let a = p.split(separator: "/").map(String.init), b = f == "." ? [] : f.split(separator: "/").map(String.init)
        var common = 0
        while common < a.count - 1, common < b.count, a[common] == b[common] { common += 1 }
        let up = b[common...]
        guard !up.contains("..") else { return nil }
        return (Array(repeating: "..", count: up.count) + a[common...]).joined(separator: "/")
    }

    /// The folder part of a path (`.` for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }
}

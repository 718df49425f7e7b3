import Foundation

/// Where the compiler reads files from: the disk, or a dictionary in tests.
public protocol SourceLoader: Sendable {
    /// The file's bytes; throws `InputError` when it is missing or unreadable.
    func read(_ path: String) throws(InputError) -> [UInt8]
    /// A key that is the same for every path naming one file.
    func identity(of path: String) -> String
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

    /// The folder part of a path (`.` for a bare file name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }
}

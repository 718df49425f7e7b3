import Foundation
import Testing
@testable import SOPCompiler

/// Folders named on the command line are listed completely or not at all: a sub-folder that cannot be
/// listed is an error naming it (exit status 2 in the commands), never skipped in silence.
@Suite struct FolderListingTests {
    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sopc-list-\(UUID().uuidString)").path
        for sub in ["a", "a/deep", "locked", "b"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        for file in ["top.sop.yaml", "a/one.sop.yaml", "a/deep/two.sop.yaml", "locked/three.sop.yaml", "b/notes.txt"] {
            try Data("sop: x\n".utf8).write(to: URL(fileURLWithPath: dir + "/" + file))
        }
        try FileManager.default.createSymbolicLink(atPath: dir + "/loop", withDestinationPath: dir)
        return dir
    }

    @Test func everyFileBelowIsFoundAndLinksAreNotFollowed() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let found = try DiskLoader().expand([dir]).map { String($0.dropFirst(dir.count + 1)) }
        #expect(found == ["a/deep/two.sop.yaml", "a/one.sop.yaml", "locked/three.sop.yaml", "top.sop.yaml"])
    }

    @Test func aFolderThatCannotBeListedIsAnError() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Running as root, permissions cannot make a folder unreadable: the listing refuses instead.
        let loader = DiskLoader(list: { path throws(InputError) in
            if path.hasSuffix("/locked") { throw .unreadable(path, reason: "cannot list the folder (Permission denied)") }
            return try DiskLoader.listFolder(path)
        })
        #expect(throws: InputError.unreadable(dir + "/locked", reason: "cannot list the folder (Permission denied)")) {
            try loader.expand([dir])
        }
        // The real listing reports the system's reason.
        #expect(throws: InputError.self) { try DiskLoader.listFolder(dir + "/top.sop.yaml") }
        if getuid() != 0 {
            chmod(dir + "/locked", 0)
            defer { chmod(dir + "/locked", 0o755) }
            #expect(throws: InputError.self) { try DiskLoader().expand([dir]) }
        }
    }
}

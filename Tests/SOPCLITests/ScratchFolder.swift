import Foundation

/// A fresh folder under the temporary directory holding `files` (file name → text), for a command to run
/// in; the caller removes it.
func scratchFolder(_ prefix: String, _ files: [String: String]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in files {
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
    }
    return dir
}

import Foundation
import SOPCore
import SOPExport

/// Where `sopc export` puts what an exporter returns: one artifact to standard output or a file; several
/// into a folder (created if missing), each written atomically.
enum ExportWriting {
    /// Whether `-o` names a folder: an existing one, or a path ending in `/`.
    static func isFolder(_ output: String) -> Bool {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        return output != "-" && ((exists && isDirectory.boolValue) || output.hasSuffix("/"))
    }

    /// Writes the artifacts; none may replace one of `inputs` (the files the export read).
    static func write(_ artifacts: [ExportArtifact], to output: String?, inputs: [String]) throws {
        if let output, isFolder(output) {
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                throw ExitStatus.usageError("cannot create folder `\(output)`")
            }
            let paths = artifacts.map { (output as NSString).appendingPathComponent($0.name) }
            try Output.check(paths.map { ("-o", $0) }, inputs: inputs)
            for artifact in artifacts {
                try Output.write(artifact.contents, to: (output as NSString).appendingPathComponent(artifact.name))
            }
            return
        }
        guard artifacts.count <= 1 else {
            throw ExitStatus.usageError("this export writes \(artifacts.count) files; name a folder with -o DIR/")
        }
        try Output.check([("-o", output)], inputs: inputs)
        try Output.write(artifacts.first?.contents ?? "", to: output)
    }
}

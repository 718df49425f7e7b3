import Foundation
import SOPCore
import SOPExport

/// Where `sopc export` puts what an exporter returns: one artifact to standard output or a file; several
/// into a folder (created if missing), each written atomically.
enum ExportWriting {
    static func write(_ artifacts: [ExportArtifact], to output: String?) throws {
        var isDirectory: ObjCBool = false
        let exists = output.map { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) } ?? false
        if let output, output != "-", (exists && isDirectory.boolValue) || output.hasSuffix("/") {
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                throw ExitStatus.usageError("cannot create folder `\(output)`")
            }
            for artifact in artifacts {
                try Output.write(artifact.contents, to: (output as NSString).appendingPathComponent(artifact.name))
            }
            return
        }
        guard artifacts.count <= 1 else {
            throw ExitStatus.usageError("this export writes \(artifacts.count) files; name a folder with -o DIR/")
        }
        try Output.write(artifacts.first?.contents ?? "", to: output)
    }
}

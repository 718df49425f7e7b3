/// The tool's version, recorded in machine-readable reports.
public enum SOPCVersion {
    public static let current = "0.1.0"
}

import CGraphviz
import Foundation

/// Lays out a DOT graph with Graphviz's `dot` engine (libgvc) and returns the SVG, ready to inline in a
/// page: without the XML prolog, the doctype, the comments before `<svg>` and the namespace declarations
/// (an inline SVG needs none, and the page names no URL).
enum GraphvizLayout {
    /// libgvc keeps global state; one layout at a time.
    private static let lock = NSLock()

    static func svg(_ dot: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        // Warnings (a font not found) are not the user's business here; errors still fail the layout.
        _ = agseterr(AGMAX)
        guard let gvc = gvContext() else { return nil }
        defer { gvFreeContext(gvc) }
        guard let graph = dot.withCString({ agmemread($0) }) else { return nil }
        defer { agclose(graph) }
        guard gvLayout(gvc, graph, "dot") == 0 else { return nil }
        defer { gvFreeLayout(gvc, graph) }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(gvc, graph, "svg", &data, &length) == 0, let data else { return nil }
        defer { gvFreeRenderData(data) }
        let text = String(decoding: UnsafeRawBufferPointer(start: data, count: Int(length)), as: UTF8.self)
        guard let start = text.range(of: "<svg") else { return nil }
        return String(text[start.lowerBound...])
            .replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            .replacingOccurrences(of: " xmlns:xlink=\"http://www.w3.org/1999/xlink\"", with: "")
    }
}

import Foundation
import SOPCore
import SOPSyntax
import Testing

/// The editor schema in `grammar/` must say what the compiler says.
@Suite("Editor schema")
struct SchemaTests {
    static let schemaPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../grammar/sop.schema.json").standardized.path

    static func schema() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: schemaPath))) as? [String: Any])
    }

    @Test("`allow` at each place accepts exactly the codes that can be allowed there")
    func allowListsEveryCodeOfItsPlace() throws {
        let definitions = try #require(try Self.schema()["definitions"] as? [String: Any])
        for place in AllowPlace.allCases {
            let allow = try #require(definitions["allow" + place.rawValue.prefix(1).uppercased() + place.rawValue.dropFirst()] as? [String: Any])
            let items = try #require(allow["items"] as? [String: Any])
            let codes = try #require(items["enum"] as? [String])
            #expect(codes.sorted() == DiagnosticCode.all.filter { $0.allowPlaces.contains(place) }.map(\.id).sorted(), "\(place)")
        }
    }

    @Test("the top level allows exactly the keys the decoder accepts")
    func topLevelKeys() throws {
        let properties = try #require(try Self.schema()["properties"] as? [String: Any])
        #expect(properties.keys.sorted() == SOPFileSyntax.topLevelKeys.sorted())
        #expect(try Self.schema()["additionalProperties"] as? Bool == false)
    }
}

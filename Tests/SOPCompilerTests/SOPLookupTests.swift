import SOPDriver
import Testing

/// `--sop ID` naming no SOP lists the ids there are, and a long list says how many it leaves out in
/// `MoreNotShown`'s words.
@Suite struct SOPLookupTests {
    @Test func aLongListOfSOPsCountsTheRest() {
        let ids = (0..<25).map { "sop-\($0)" }
        let message = SOPLookup.unknown("nothing-like-these", available: ids, in: "lib/")
        #expect(message.hasPrefix("no SOP `nothing-like-these` in lib/; SOPs: `sop-0`, `sop-1`"))
        #expect(message.contains("`sop-19`") && !message.contains("`sop-20`"))
        #expect(message.hasSuffix(" (… 5 more not shown)"))
        #expect(!SOPLookup.unknown("x", available: Array(ids.prefix(20)), in: "lib/").contains("not shown"))
    }
}

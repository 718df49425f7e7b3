/// The one rule for whether two pieces of text a user wrote are the same: canonical equivalence, i.e.
/// equal once both are in Unicode Normalization Form C (NFC).
///
/// A precomposed `café` (U+00E9) and a decomposed one (`e` + U+0301) look the same on screen and in a
/// spreadsheet, so an enum value, an outcome label, an item id or a labeler name matches whichever way its
/// text was typed. Swift's `String` `==` and hashing already implement exactly this rule, so the compiler,
/// `sopc check`, `sopc test` and `sopc run --given` (which compare `String`s) follow it by construction;
/// code that compares raw UTF-8 bytes (the replay readers' tables) compares the NFC bytes this type
/// produces, and the SQL export normalises both sides (`SQLDialect.nfc`). Text is never changed beyond
/// that: no case folding, no compatibility mapping (`ﬁ` stays distinct from `fi`), no trimming.
package enum CanonicalText {
    /// Whether `a` and `b` are the same text under this rule.
    @inline(__always)
    package static func same(_ a: String, _ b: String) -> Bool { a == b }

    /// `s` in NFC.
    package static func nfc(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        return String(decoding: Array(s._nfcCodeUnits), as: UTF8.self)
    }

    /// The NFC form of the UTF-8 text in `bytes` (invalid sequences read as U+FFFD).
    package static func nfc(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        if isASCII(bytes) { return Array(bytes) }
        return Array(String(decoding: bytes, as: UTF8.self)._nfcCodeUnits)
    }

    /// Whether every byte is ASCII: such text is its own NFC form, so the common case costs one scan,
    /// eight bytes at a time.
    @inline(__always)
    package static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        var high: UInt64 = 0
        while i + 8 <= bytes.count {
            high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < bytes.count {
            high |= UInt64(bytes[i])
            i += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }
}

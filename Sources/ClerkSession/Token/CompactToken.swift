/// The three segments of a compact JWS, found by scanning for dots (no splitting, no copies).
///
/// Exactly two dots and three non-empty segments: `h.p.s.` and `.h.p.s` are refused (Swift's
/// `split(separator:)` would silently drop the empty piece), and 7000 dots are refused at the third
/// without allocating anything (CVE-2025-30204).
struct CompactToken {
    let header: Range<Int>
    let payload: Range<Int>
    let signature: Range<Int>
    /// End of the signing input `header.payload` (the index of the second dot).
    var signingInputEnd: Int { payload.upperBound }

    init(_ bytes: [UInt8]) throws(ClerkVerificationError) {
        // memchr for ".", three times at most, instead of a bounds-checked loop over every byte.
        let dot = UInt8(ascii: ".")
        let first = RawBytes.firstIndex(of: dot, in: bytes, from: 0) ?? -1
        let second = first >= 0 ? RawBytes.firstIndex(of: dot, in: bytes, from: first + 1) ?? -1 : -1
        let third = second >= 0 ? RawBytes.firstIndex(of: dot, in: bytes, from: second + 1) ?? -1 : -1
        if third >= 0 { throw .malformed("the token has more than three segments") }
        guard first >= 0, second >= 0 else {
            throw .malformed("the token does not have three dot-separated segments")
        }
        header = 0..<first
        payload = (first + 1)..<second
        signature = (second + 1)..<bytes.count
        guard !header.isEmpty, !payload.isEmpty, !signature.isEmpty else {
            throw .malformed("a token segment is empty")
        }
    }
}

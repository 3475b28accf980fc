#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        var first = -1
        var second = -1
        var third = -1
        bytes.withUnsafeBufferPointer { buffer in
            // memchr for ".", three times at most, instead of a bounds-checked loop over every byte.
            func dot(after start: Int) -> Int {
                guard start < buffer.count, let base = buffer.baseAddress,
                      let hit = memchr(base + start, Int32(UInt8(ascii: ".")), buffer.count - start)
                else { return -1 }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            first = dot(after: 0)
            if first >= 0 { second = dot(after: first + 1) }
            if second >= 0 { third = dot(after: second + 1) }
        }
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

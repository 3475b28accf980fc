/// A cache key: the whole token's UTF-8 bytes for equality, only its tail for the hash.
///
/// Equality is byte equality, never `String ==`: Swift compares strings by Unicode canonical
/// equivalence, so a copy of a cached token with `K` swapped for U+212A KELVIN SIGN would otherwise be a
/// hit although the strict parser refuses it. (The verifier also refuses any byte outside base64url and
/// `.` before it parses a token the cache does not hold, and the cache holds only tokens that verified.)
///
/// Hashing all of a 1 KB token was nearly all of a cache hit (about 6 000 of 6 900 instructions). The last
/// 64 characters are signature (384 bits of it for RS256), so distinct verified tokens differ there, and
/// equality still compares every byte: a token that shares a cached token's tail but not its header or
/// payload lands in the same bucket and is not a hit. Only verified tokens are ever inserted, and a
/// signature cannot be chosen without the key, so no one can crowd one bucket. Swift's `Hasher` stays
/// seeded per process.
struct TokenKey: Hashable, Sendable {
    static let hashedSuffix = 64
    let token: String

    init(_ token: String) { self.token = token }

    static func == (lhs: TokenKey, rhs: TokenKey) -> Bool { RawBytes.sameUTF8(lhs.token, rhs.token) }

    func hash(into hasher: inout Hasher) {
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            // A bounds-checked view of the string's own UTF-8 storage: no copy, no index arithmetic.
            let bytes = token.utf8.span
            hasher.combine(bytes.count)
            var index = max(0, bytes.count - Self.hashedSuffix)
            while index + 8 <= bytes.count {
                var word: UInt64 = 0
                for k in index..<(index + 8) { word = word << 8 | UInt64(bytes[k]) }
                hasher.combine(word)
                index += 8
            }
            var rest: UInt64 = 0
            while index < bytes.count {
                rest = rest << 8 | UInt64(bytes[index])
                index += 1
            }
            hasher.combine(rest)
        } else {
            let utf8 = token.utf8
            hasher.combine(utf8.count)
            var word: UInt64 = 0
            var filled = 0
            for byte in utf8.suffix(Self.hashedSuffix) {
                word = word << 8 | UInt64(byte)
                filled += 1
                if filled == 8 {
                    hasher.combine(word)
                    word = 0
                    filled = 0
                }
            }
            hasher.combine(word)
        }
    }
}

/// A token header already decoded and checked, kept as its exact base64url text.
///
/// Every session token of a Clerk instance carries the same header (`alg`, `cat`, `kid`, `typ`, in
/// Clerk's order), so a first-seen token's header is, nearly always, byte for byte one that was checked a
/// moment ago. The key store keeps, with each key generation, the header of the first token whose
/// signature verified under it (``SessionKeyStore/remember(_:generation:)``): a forged token cannot set
/// it, and a new generation (a key refresh) starts without one, so a rotated key never meets an old
/// header's memo. A later token whose header segment is the same bytes skips the base64url
/// decoding, the strict JSON parse, the header rules and the `kid` look-up, whose results are a function
/// of those bytes and of the generation's keys alone. Only what depends on the call is done again: whether
/// the declared class is one the caller accepts. Any other header (one byte different) takes the full path.
final class HeaderMemo: Sendable {
    /// The header segment as it appeared in the token (base64url text, without the dot).
    let segment: [UInt8]
    /// What the header declares the token to be.
    let declared: SessionTokenVerifier.DeclaredClass
    /// The key its `kid` selects in the generation's key set.
    let key: RSAVerificationKey

    init(segment: [UInt8], declared: SessionTokenVerifier.DeclaredClass, key: RSAVerificationKey) {
        self.segment = segment
        self.declared = declared
        self.key = key
    }

    /// Whether `bytes[range]` is exactly this header's segment (a length check, then memcmp).
    @inline(__always)
    func matches(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        range.count == segment.count && RawBytes.equal(bytes, at: range.lowerBound, segment)
    }
}

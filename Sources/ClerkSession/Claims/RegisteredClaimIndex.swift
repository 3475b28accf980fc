/// Where the claims that the verification rules read sit in a token's claims object, found in one pass
/// over its members (the rules would otherwise scan the object once per claim).
///
/// Each field is the value's entry index, as ``StrictJSON/member(_:in:)`` would return it for that name;
/// `nil` when the claim is absent. A member matches by its decoded name (so `"\u0065xp"` is `exp`): the
/// fingerprints are compared first, and a match is confirmed byte by byte. The reader refuses duplicate
/// names, so one pass finds the one member `member(_:in:)` would.
struct RegisteredClaimIndex {
    var exp: Int?
    var nbf: Int?
    var iat: Int?
    var iss: Int?
    var sub: Int?
    var sid: Int?
    var azp: Int?
    var aud: Int?
    var sts: Int?
    var jti: Int?

    /// ``StrictJSON/fingerprint(of:)`` of a three-byte name, folded by the compiler for literal bytes
    /// (`RegisteredClaimIndexTests` checks each against the function).
    @inline(__always)
    static func fingerprint(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar) -> UInt64 {
        UInt64(a.value) | UInt64(b.value) << 8 | UInt64(c.value) << 16 | 3 << 56
    }

    init(_ claims: StrictJSON) {
        guard claims.kind(claims.root) == .object else { return }
        let exp = Self.fingerprint("e", "x", "p")
        let nbf = Self.fingerprint("n", "b", "f")
        let iat = Self.fingerprint("i", "a", "t")
        let iss = Self.fingerprint("i", "s", "s")
        let sub = Self.fingerprint("s", "u", "b")
        let sid = Self.fingerprint("s", "i", "d")
        let azp = Self.fingerprint("a", "z", "p")
        let aud = Self.fingerprint("a", "u", "d")
        let sts = Self.fingerprint("s", "t", "s")
        let jti = Self.fingerprint("j", "t", "i")
        claims.forEachMember(of: claims.root) { name, value in
            // A name of at most seven bytes has a fingerprint of its own among names of at most seven
            // bytes; a longer name can share it (its eighth byte XOR its length), so a match is confirmed:
            // at once for a plain three-byte name, byte by byte for an escaped one.
            func named(_ bytes: [UInt8]) -> Bool {
                claims.isPlain(name, length: 3) || claims.stringEquals(name, bytes)
            }
            switch claims.nameFingerprint(name) {
            case exp: if named(ClaimName.exp) { self.exp = value }
            case nbf: if named(ClaimName.nbf) { self.nbf = value }
            case iat: if named(ClaimName.iat) { self.iat = value }
            case iss: if named(ClaimName.iss) { self.iss = value }
            case sub: if named(ClaimName.sub) { self.sub = value }
            case sid: if named(ClaimName.sid) { self.sid = value }
            case azp: if named(ClaimName.azp) { self.azp = value }
            case aud: if named(ClaimName.aud) { self.aud = value }
            case sts: if named(ClaimName.sts) { self.sts = value }
            case jti: if named(ClaimName.jti) { self.jti = value }
            default: break
            }
        }
    }
}
